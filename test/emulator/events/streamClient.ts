// A small Stream-mode client for the gateway tests: opens a connection the way DingTalk's SDKs do,
// keeps every frame it receives, and answers only when the test says so.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { DEMO_CREDENTIALS } from '../../../emulator';
import { StreamGateway, type StreamGatewayOptions } from '../../../emulator/events/streamGateway';

export interface ReceivedFrame {
	specVersion: string;
	type: 'SYSTEM' | 'EVENT' | 'CALLBACK';
	headers: Record<string, string>;
	data: string;
}

export const SUBSCRIPTIONS = [
	{ type: 'EVENT', topic: '*' },
	{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
];

export interface Bed {
	server: http.Server;
	gateway: StreamGateway;
	baseUrl: string;
	stop(): Promise<void>;
}

export async function startBed(options: Partial<StreamGatewayOptions> = {}): Promise<Bed> {
	const server = http.createServer();
	const gateway = new StreamGateway({
		server,
		checkClient: (id, secret) => id === DEMO_CREDENTIALS.corp.appKey && secret === DEMO_CREDENTIALS.corp.appSecret,
		...options,
	});
	server.on('request', (req, res) => {
		if (!gateway.handleHttp(req, res)) {
			res.writeHead(404);
			res.end();
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		server,
		gateway,
		baseUrl,
		async stop() {
			await gateway.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export async function openConnection(
	baseUrl: string,
	body: Record<string, unknown> = { clientId: DEMO_CREDENTIALS.corp.appKey, clientSecret: DEMO_CREDENTIALS.corp.appSecret, subscriptions: SUBSCRIPTIONS, ua: 'emulator-test/1.0' },
	accept = 'application/json',
): Promise<{ status: number; contentType: string; text: string; json?: { endpoint?: string; ticket?: string; code?: string } }> {
	const res = await fetch(`${baseUrl}/v1.0/gateway/connections/open`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

export class TestClient {
	readonly frames: ReceivedFrame[] = [];
	closeCode?: number;
	private waiters: Array<() => void> = [];

	private constructor(readonly ws: WebSocket) {
		ws.on('message', (data) => {
			this.frames.push(JSON.parse(data.toString()) as ReceivedFrame);
			this.notify();
		});
		ws.on('close', (code) => {
			this.closeCode = code;
			this.notify();
		});
		ws.on('error', () => undefined);
	}

	/** Connects with a ticket; rejects with the HTTP status when the upgrade is refused. */
	static connect(url: string): Promise<TestClient> {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(url);
			ws.once('open', () => resolve(new TestClient(ws)));
			ws.once('unexpected-response', (_req, res) => {
				reject(new Error(`upgrade refused: ${res.statusCode}`));
				ws.terminate();
			});
			ws.once('error', reject);
		});
	}

	static async open(baseUrl: string): Promise<TestClient> {
		const answer = await openConnection(baseUrl);
		if (!answer.json?.endpoint || !answer.json.ticket) throw new Error(`open failed: ${answer.status} ${answer.text}`);
		return TestClient.connect(`${answer.json.endpoint}?ticket=${encodeURIComponent(answer.json.ticket)}`);
	}

	ofType(type: ReceivedFrame['type'], topic?: string): ReceivedFrame[] {
		return this.frames.filter((f) => f.type === type && (topic === undefined || f.headers.topic === topic));
	}

	/** Waits until `predicate` holds over the frames received (bounded). */
	waitFor(predicate: (client: TestClient) => boolean, timeoutMs = 3000): Promise<void> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('client condition not met in time')), timeoutMs);
			const check = () => {
				if (!predicate(this)) return false;
				clearTimeout(timer);
				resolve();
				return true;
			};
			const waiter = () => {
				if (!check()) this.waiters.push(waiter);
			};
			waiter();
		});
	}

	ack(frame: ReceivedFrame, status: 'SUCCESS' | 'LATER' = 'SUCCESS', code = 200): void {
		this.send({ code, headers: { contentType: 'application/json', messageId: frame.headers.messageId }, message: 'OK', data: JSON.stringify({ status, message: 'success' }) });
	}

	echo(ping: ReceivedFrame, data = ping.data): void {
		this.send({ code: 200, headers: ping.headers, message: 'OK', data });
	}

	send(frame: unknown): void {
		this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
	}

	close(): void {
		this.ws.terminate();
	}

	private notify(): void {
		const waiting = this.waiters;
		this.waiters = [];
		for (const waiter of waiting) waiter();
	}
}
