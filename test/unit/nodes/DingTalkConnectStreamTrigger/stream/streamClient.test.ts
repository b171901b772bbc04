import { plaintextId } from '../../../../../nodes/events/event';
import { eventFrame, makeBed, settle, systemFrame, type Bed } from './streamFakes';

/** The server's ping on the first socket, answered: the connection has carried a frame. */
async function pingFirstSocket(bed: Bed) {
	bed.sockets[0].serverSend(systemFrame('ping', { opaque: '1' }));
	await settle();
}

/** The client's waits before reconnecting (the watchdog's 10 s checks left out). */
const backoffs = (bed: Bed) => bed.clock.sleeps.filter((ms) => ms !== 10_000);

describe('StreamClient', () => {
	it('connects with a fresh ticket and echoes a ping with its headers and data', async () => {
		const bed = makeBed();
		await bed.client.start();
		expect(bed.tickets).toEqual(['ticket-1']);
		expect(bed.sockets[0].url).toBe('wss://stream.example.test/connect?ticket=ticket-1');
		const ping = systemFrame('ping', { opaque: 'abc-123' });
		bed.sockets[0].serverSend(ping);
		await settle();
		expect(bed.sockets[0].sent).toEqual([{ code: 200, headers: ping.headers, message: 'OK', data: ping.data }]);
		await bed.client.stop();
	});

	it('emits an EVENT as one event in DingTalk terms, then ACKs SUCCESS with its messageId', async () => {
		const bed = makeBed();
		await bed.client.start();
		bed.sockets[0].serverSend(eventFrame('evt-1', 'msg-1'));
		await settle();
		expect(bed.events).toEqual([
			{
				eventType: 'user_add_org',
				eventId: 'evt-1',
				corpId: 'dingcorp1',
				bornTime: 1683533823336,
				data: { timestamp: '1685501863357', userId: ['u1'] },
				headers: expect.objectContaining({ messageId: 'msg-1', eventId: 'evt-1', topic: '*' }),
			},
		]);
		expect(bed.sockets[0].sent).toEqual([
			{ code: 200, headers: { contentType: 'application/json', messageId: 'msg-1' }, message: 'OK', data: '{"status":"SUCCESS"}' },
		]);
		await bed.client.stop();
	});

	it('answers LATER when the workflow cannot take the event, and emits its redelivery', async () => {
		const bed = makeBed();
		await bed.client.start();
		bed.emitFailures.next = 1;
		bed.sockets[0].serverSend(eventFrame('evt-1', 'msg-1'));
		await settle();
		expect(bed.events).toEqual([]);
		expect(bed.sockets[0].sent.map((f) => f.data)).toEqual(['{"status":"LATER"}']);
		expect(bed.logs.filter((l) => l.level === 'warn')).toHaveLength(1);
		bed.sockets[0].serverSend(eventFrame('evt-1', 'msg-1'));
		await settle();
		expect(bed.events.map((e) => e.eventId)).toEqual(['evt-1']);
		expect(bed.sockets[0].sent.map((f) => f.data)).toEqual(['{"status":"LATER"}', '{"status":"SUCCESS"}']);
		await bed.client.stop();
	});

	it('drops a repeated eventId but still ACKs it, so DingTalk stops sending it', async () => {
		const bed = makeBed();
		await bed.client.start();
		bed.sockets[0].serverSend(eventFrame('evt-1', 'msg-1'));
		bed.sockets[0].serverSend(eventFrame('evt-1', 'msg-2'));
		bed.sockets[0].serverSend(eventFrame('evt-2', 'msg-3'));
		await settle();
		expect(bed.events.map((e) => e.eventId)).toEqual(['evt-1', 'evt-2']);
		expect(bed.sockets[0].sent.map((f) => (f.headers as { messageId: string }).messageId).sort()).toEqual(['msg-1', 'msg-2', 'msg-3']);
		expect(bed.sockets[0].sent.every((f) => f.data === '{"status":"SUCCESS"}')).toBe(true);
		await bed.client.stop();
	});

	it('keeps only the chosen event types, ACKing the others', async () => {
		const bed = makeBed({ eventTypes: ['bpms_instance_change'] });
		await bed.client.start();
		bed.sockets[0].serverSend(eventFrame('evt-1', 'msg-1', 'user_add_org'));
		bed.sockets[0].serverSend(eventFrame('evt-2', 'msg-2', 'bpms_instance_change'));
		await settle();
		expect(bed.events.map((e) => e.eventType)).toEqual(['bpms_instance_change']);
		expect(bed.sockets[0].sent).toHaveLength(2);
		await bed.client.stop();
	});

	it.each([true, false])('acknowledges a robot CALLBACK with a null response (handed on: %s)', async (callbacks) => {
		const bed = makeBed({ callbacks });
		await bed.client.start();
		const data = JSON.stringify({ msgId: 'x', chatbotCorpId: 'dingcorp', text: { content: 'hi' }, createAt: 1690000000000 });
		bed.sockets[0].serverSend({ type: 'CALLBACK', headers: { topic: '/v1.0/im/bot/messages/get', messageId: 'cb-1', time: '5' }, data });
		await settle();
		expect(bed.sockets[0].sent).toEqual([
			{ code: 200, headers: { contentType: 'application/json', messageId: 'cb-1' }, message: 'OK', data: '{"response":null}' },
		]);
		expect(bed.events.map((e) => [e.eventType, e.eventId, e.corpId, e.bornTime])).toEqual(
			callbacks ? [['/v1.0/im/bot/messages/get', plaintextId(data), 'dingcorp', 1690000000000]] : [],
		);
		await bed.client.stop();
	});

	it.each([
		['not JSON', '{oops'],
		['an unknown type', { type: 'PUSH', headers: { topic: '*', messageId: 'a' }, data: '{}' }],
		['no messageId', { type: 'EVENT', headers: { topic: '*' }, data: '{}' }],
		['no topic', { type: 'SYSTEM', headers: { messageId: 'a' }, data: '{}' }],
		['data that is not a string', { type: 'EVENT', headers: { topic: '*', messageId: 'a' }, data: { a: 1 } }],
		['a JSON array', '[1]'],
	])('ignores a frame with %s and stays connected', async (_label, frame) => {
		const bed = makeBed();
		await bed.client.start();
		bed.sockets[0].serverSend(frame);
		await settle();
		expect(bed.sockets[0].sent).toEqual([]);
		expect(bed.events).toEqual([]);
		expect(bed.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([expect.stringMatching(/^DingTalk Stream: frame ignored: /)]);
		expect(bed.client.isConnected).toBe(true);
		await bed.client.stop();
	});

	it('ACKs an event whose data is not JSON without emitting it', async () => {
		const bed = makeBed();
		await bed.client.start();
		bed.sockets[0].serverSend({ type: 'EVENT', headers: { topic: '*', messageId: 'm', eventId: 'e' }, data: 'nope' });
		await settle();
		expect(bed.events).toEqual([]);
		expect(bed.sockets[0].sent.map((f) => f.data)).toEqual(['{"status":"SUCCESS"}']);
		await bed.client.stop();
	});

	it('on disconnect opens the next connection with a new ticket before closing the old one', async () => {
		const bed = makeBed();
		bed.autoOpen.value = true;
		await bed.client.start();
		bed.autoOpen.value = false;
		const [first] = bed.sockets;
		first.serverSend(systemFrame('disconnect', { reason: 'connection is expired' }));
		await settle();
		expect(bed.tickets).toEqual(['ticket-1', 'ticket-2']);
		expect(bed.sockets).toHaveLength(2);
		// The new socket is still opening: the old one stays and keeps working.
		expect(first.closedWith).toBeUndefined();
		first.serverSend(eventFrame('late', 'msg-late'));
		await settle();
		expect(first.sent).toHaveLength(1);
		bed.sockets[1].open();
		await settle();
		expect(first.closedWith?.code).toBe(1000);
		expect(bed.live()).toEqual([bed.sockets[1]]);
		expect(backoffs(bed)).toEqual([]);
		bed.sockets[1].serverSend(eventFrame('evt-9'));
		await settle();
		expect(bed.events.map((e) => e.eventId)).toEqual(['late', 'evt-9']);
		await bed.client.stop();
	});

	it('reconnects after a close with exponential backoff, a new ticket every time, capped', async () => {
		const bed = makeBed();
		await bed.client.start();
		await pingFirstSocket(bed);
		bed.gatewayFailures.next = 4;
		bed.sockets[0].serverClose();
		await settle();
		// After a socket that had frames the first wait is the base 1 s (never at once); failures then wait 2, 4, 8 (cap), 8 s.
		expect(bed.sockets).toHaveLength(1);
		await bed.clock.advance(1000);
		await bed.clock.advance(2000);
		await bed.clock.advance(4000);
		await bed.clock.advance(8000);
		await bed.clock.advance(8000);
		expect(backoffs(bed)).toEqual([1000, 2000, 4000, 8000, 8000]);
		expect(bed.tickets).toEqual(['ticket-1', 'ticket-2']);
		expect(bed.live()).toEqual([bed.sockets[1]]);
		expect(bed.logs.filter((l) => l.level === 'warn')).toHaveLength(4);
		await bed.client.stop();
	});

	it('backs off when sockets open and close without a frame, instead of spinning', async () => {
		const bed = makeBed();
		await bed.client.start();
		bed.sockets[0].serverClose();
		await settle();
		expect(bed.sockets).toHaveLength(1);
		await bed.clock.advance(1000);
		expect(bed.sockets).toHaveLength(2);
		bed.sockets[1].serverClose();
		await settle();
		await bed.clock.advance(1999);
		expect(bed.sockets).toHaveLength(2);
		await bed.clock.advance(1);
		expect(bed.sockets).toHaveLength(3);
		await bed.client.stop();
	});

	it('counts a socket open for stableMs as established: the next failure waits the base delay again', async () => {
		const bed = makeBed();
		await bed.client.start();
		// Closed at once: a failed attempt, so the next one waits longer.
		bed.sockets[0].serverClose();
		await bed.clock.advance(1000);
		await bed.clock.advance(15_000);
		// Open for 15 s without a frame: established.
		bed.sockets[1].serverClose();
		bed.gatewayFailures.next = 1;
		await bed.clock.advance(1000);
		await bed.clock.advance(2000);
		expect(backoffs(bed)).toEqual([1000, 1000, 2000]);
		expect(bed.live()).toEqual([bed.sockets[2]]);
		await bed.client.stop();
	});

	it('keeps a quiet connection that DingTalk pings every 30 s: the same socket for 10 minutes', async () => {
		const bed = makeBed();
		await bed.client.start();
		for (let second = 30; second <= 600; second += 30) {
			await bed.clock.advance(30_000);
			bed.sockets[0].serverSend(systemFrame('ping', { opaque: String(second) }, `ping-${second}`));
			await settle();
		}
		expect(bed.tickets).toEqual(['ticket-1']);
		expect(bed.sockets[0].sent).toHaveLength(20);
		expect(bed.logs.filter((l) => l.level === 'warn')).toEqual([]);
		expect(bed.client.isConnected).toBe(true);
		await bed.client.stop();
	});

	it('replaces a quiet connection without pings when the watchdog finds it silent, waiting the base delay every time', async () => {
		const bed = makeBed();
		await bed.client.start();
		await bed.clock.advance(600_000);
		// Silent for 60 s, found at the next 10 s check, replaced after 1 s: about every 71 s, never a growing wait.
		expect(bed.sockets.length).toBeGreaterThanOrEqual(8);
		expect(new Set(backoffs(bed))).toEqual(new Set([1000]));
		expect(bed.live()).toHaveLength(1);
		await bed.client.stop();
	});

	it('spreads the backoff by the jitter', async () => {
		const low = makeBed({ random: () => 0 });
		await low.client.start();
		low.gatewayFailures.next = 1;
		low.sockets[0].serverClose();
		await settle();
		expect(backoffs(low)).toEqual([800]);
		await low.client.stop();
	});

	it('treats a socket error as a close and reconnects', async () => {
		const bed = makeBed();
		await bed.client.start();
		await pingFirstSocket(bed);
		bed.sockets[0].fail();
		await bed.clock.advance(1000);
		expect(bed.sockets).toHaveLength(2);
		expect(bed.live()).toEqual([bed.sockets[1]]);
		await bed.client.stop();
	});

	it('drops a socket that stays silent past the watchdog limit and opens a new one', async () => {
		const bed = makeBed();
		await bed.client.start();
		await bed.clock.advance(50_000);
		expect(bed.sockets).toHaveLength(1);
		await pingFirstSocket(bed);
		await bed.clock.advance(60_000);
		expect(bed.sockets).toHaveLength(1);
		await bed.clock.advance(10_000);
		expect(bed.sockets[0].closedWith).toEqual({ code: 1000, reason: 'silent' });
		await bed.clock.advance(1000);
		expect(bed.sockets).toHaveLength(2);
		expect(bed.live()).toEqual([bed.sockets[1]]);
		expect(bed.logs.some((l) => l.level === 'warn' && /no frame for \d+ s/.test(l.message))).toBe(true);
		await bed.client.stop();
	});

	it('gives up on a socket that never opens and tries again', async () => {
		const bed = makeBed();
		await bed.client.start();
		await pingFirstSocket(bed);
		bed.autoOpen.value = false;
		bed.sockets[0].serverClose();
		await bed.clock.advance(1000);
		expect(bed.sockets).toHaveLength(2);
		await bed.clock.advance(30_000);
		expect(bed.sockets[1].closedWith?.reason).toBe('did not open');
		bed.autoOpen.value = true;
		// That attempt failed, so the wait doubles to 2 s.
		await bed.clock.advance(2000);
		expect(bed.sockets).toHaveLength(3);
		expect(bed.live()).toEqual([bed.sockets[2]]);
		await bed.client.stop();
	});

	it('fails start() when the first connection cannot be opened', async () => {
		const bed = makeBed();
		bed.gatewayFailures.next = 1;
		await expect(bed.client.start()).rejects.toThrow('HTTP 503');
		expect(bed.sockets).toEqual([]);
	});

	it('closes cleanly on stop: the socket closes, nothing reconnects, waits end', async () => {
		const bed = makeBed();
		await bed.client.start();
		await bed.client.stop();
		await settle();
		expect(bed.sockets[0].closedWith).toEqual({ code: 1000, reason: 'closed by n8n' });
		await bed.clock.advance(600_000);
		expect(bed.sockets).toHaveLength(1);
		expect(bed.tickets).toHaveLength(1);
		expect(bed.client.isConnected).toBe(false);
	});

	it('closes a socket that opens after stop was asked', async () => {
		const bed = makeBed();
		bed.autoOpen.value = false;
		const started = bed.client.start();
		await settle();
		await bed.client.stop();
		await started;
		expect(bed.sockets[0].closedWith?.code).toBe(1000);
		expect(bed.live()).toEqual([]);
	});

	it('never holds more than one live socket through a run of closes, errors and hand-overs', async () => {
		const bed = makeBed();
		await bed.client.start();
		let most = 0;
		for (let round = 0; round < 20; round++) {
			const current = bed.live()[0];
			current.serverSend(systemFrame('ping', { opaque: String(round) }));
			if (round % 3 === 0) current.serverSend(systemFrame('disconnect', { reason: 'expired' }));
			else if (round % 3 === 1) current.serverClose();
			else current.fail();
			await settle();
			await bed.clock.advance(1000);
			most = Math.max(most, bed.live().length);
		}
		expect(most).toBe(1);
		expect(new Set(bed.tickets).size).toBe(bed.tickets.length);
		expect(bed.tickets).toHaveLength(21);
		await bed.client.stop();
	});
});
