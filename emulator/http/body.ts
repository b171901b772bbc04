// Reading a request's body whatever happens to the connection (an aborted request gives what arrived).

import type http from 'node:http';

export function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', () => resolve(''));
		req.on('aborted', () => resolve(''));
		req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}
