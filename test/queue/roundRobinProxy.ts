// The load balancer in front of n8n's webhook processes, as a deployment puts one: each request goes
// to the next upstream in turn. It remembers which upstream took each callback (by its nonce), so a
// test can send DingTalk's re-push to the other one.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
	url: string;
	upstreams: string[];
	/** Requests forwarded to each upstream, in the order of `upstreams`. */
	served: number[];
	/** The index of the upstream that took the callback with this `nonce` query parameter. */
	upstreamOf(nonce: string): number | undefined;
	stop(): Promise<void>;
}

/** Listens on 127.0.0.1 and forwards every request, path and query kept, to `upstreams` (`http://127.0.0.1:<port>`) in turn. */
export async function startRoundRobinProxy(upstreams: string[]): Promise<RoundRobinProxy> {
	const targets = upstreams.map((upstream) => new URL(upstream));
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	const served = targets.map(() => 0);
	const byNonce = new Map<string, number>();
	let next = 0;
	const server = http.createServer((req, res) => {
		const index = next++ % targets.length;
		served[index]++;
		const nonce = new URL(req.url ?? '/', 'http://proxy').searchParams.get('nonce');
		if (nonce) byNonce.set(nonce, index);
		const upstream = http.request(
			{ host: targets[index].hostname, port: targets[index].port, path: req.url, method: req.method, headers: req.headers, agent },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(upstream);
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		upstreams,
		served,
		upstreamOf: (nonce) => byNonce.get(nonce),
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			agent.destroy();
		},
	};
}
