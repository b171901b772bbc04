// The HTTP edges of the Stream gateway: reading the open request's body, and refusing an upgrade.
import type http from 'node:http';
import type { Duplex } from 'node:stream';

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON body of at most 64 KiB; anything else (too large, not JSON) is `undefined`. */
export function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('error', () => resolve(undefined));
		req.on('end', () => {
			if (size > MAX_BODY_BYTES) return resolve(undefined);
			try {
				resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
			} catch {
				resolve(undefined);
			}
		});
	});
}

const REASONS: Record<number, string> = { 401: 'Unauthorized', 404: 'Not Found', 503: 'Service Unavailable' };

/** Answers a refused upgrade with a plain HTTP status (DingTalk's real answer is unknown) and ends the socket. */
export function refuseUpgrade(socket: Duplex, status: 401 | 404 | 503, code: string): void {
	const body = JSON.stringify({ code, message: code });
	const head = `HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
	socket.end(head + body, () => socket.destroy());
}
