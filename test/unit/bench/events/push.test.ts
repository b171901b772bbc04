// The events bench's pushes: the morning's event mix, and HTTP pushes against a stand-in n8n on 127.0.0.1
// that counts the connections it accepts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { eventTypeOf, pushHttp } from '../../../../bench/events/push';
import { pushCallbacks } from '../../../../emulator/events/callbackPusher';
import { buildSuccessReply, type CallbackApp } from '../../../../emulator/events/crypto';
import type { E2eEnvironment } from '../../../e2e/lib/n8n';

const app: CallbackApp = { token: 'benchtoken', aesKey: 'a'.repeat(20) + 'B'.repeat(20) + '123', ownerKey: 'dingbenchappkey' };

describe('events benchmark pushes', () => {
	it('mixes event types over a morning, attendance first, and keeps one type in the other phases', () => {
		const morning = Array.from({ length: 20 }, (_, i) => eventTypeOf('morning', i));
		const counts = morning.reduce<Record<string, number>>((all, type) => ({ ...all, [type]: (all[type] ?? 0) + 1 }), {});
		expect(Object.keys(counts).length).toBeGreaterThanOrEqual(5);
		expect(Math.max(...Object.values(counts))).toBe(counts.attendance_check_record);
		expect(new Set(Array.from({ length: 20 }, (_, i) => eventTypeOf('burst', i)))).toEqual(new Set(['user_add_org']));
		expect(eventTypeOf('paced', 7)).toBe('user_add_org');
	});
});

describe('the events bench, HTTP pushes', () => {
	let server: http.Server;
	let url: string;
	let connections = 0;

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(buildSuccessReply(app, query.get('timestamp') ?? '', query.get('nonce') ?? '')));
			});
		});
		server.on('connection', () => connections++);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/bench`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	it('keeps connections alive across pushes, as fetch does for the Webhook node, so n8n is not charged a connection per event', async () => {
		// The emulator's pusher with the demo app swapped for this one; everything else as the bench sends it.
		const e2e = { emulator: { events: { pushCallbacks: (options: Parameters<typeof pushCallbacks>[0]) => pushCallbacks({ ...options, app }) } } };
		const ids = Array.from({ length: 6 }, (_, i) => `bench-http-morning-${String(i).padStart(6, '0')}`);
		const pushed = await pushHttp(e2e as unknown as E2eEnvironment, url, { phase: 'morning', ids, concurrency: 1 }, new Map());
		expect(pushed).toMatchObject({ notAccepted: 0 });
		expect(pushed.replyMs).toHaveLength(6);
		expect(connections).toBe(1);
	});
});
