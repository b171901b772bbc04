// A tiny endpoint on 127.0.0.1 that plays an app receiving DingTalk's HTTP callbacks, shared by the tests
// that push callbacks: the file's handler judges each request and says what the app answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CallbackRequest {
	query: Record<string, string>;
	body: string;
}

/** What the app answers: a string body goes out as it is, anything else as JSON. */
export interface CallbackReply {
	status: number;
	body: unknown;
}

export interface CallbackEndpoint {
	/** The app's callback URL; read it inside hooks and cases only. */
	readonly url: string;
}

/** Registers the hooks of one endpoint for the enclosing file or describe block; a late reply is a slow app. */
export function useCallbackEndpoint(handle: (request: CallbackRequest) => CallbackReply | Promise<CallbackReply>): CallbackEndpoint {
	let server: http.Server | undefined;
	let url: string | undefined;

	beforeAll(async () => {
		const listening = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const query = Object.fromEntries(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
				void Promise.resolve(handle({ query, body: Buffer.concat(chunks).toString('utf8') })).then(({ status, body }) => {
					res.writeHead(status, { 'content-type': 'application/json' });
					res.end(typeof body === 'string' ? body : JSON.stringify(body));
				});
			});
		});
		await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
		server = listening;
		url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/webhook/dingtalk`;
	});
	afterAll(async () => {
		const closing = server;
		server = undefined;
		url = undefined;
		if (!closing) return;
		closing.closeAllConnections();
		await new Promise<void>((resolve) => closing.close(() => resolve()));
	});

	return {
		get url() {
			if (url === undefined) throw new Error('the callback endpoint has no URL outside hooks and cases');
			return url;
		},
	};
}
