// The Stream gateway's frames: EVENT delivery and redelivery, ACKs, ping, disconnect, CALLBACK, and faults.
import { robotMessage } from '../../../emulator/events/streamFrames';
import { StreamGateway } from '../../../emulator/events/streamGateway';
import { openConnection, startBed, TestClient, type Bed } from './streamClient';

let bed: Bed;
let clients: TestClient[] = [];
async function start(options: Parameters<typeof startBed>[0] = {}): Promise<void> {
	bed = await startBed({ ackTimeoutMs: 5000, disconnectGraceMs: 150, ...options });
}
async function client(): Promise<TestClient> {
	const opened = await TestClient.open(bed.baseUrl);
	clients.push(opened);
	return opened;
}
afterEach(async () => {
	for (const c of clients) c.close();
	clients = [];
	await bed.stop();
});

const userAdded = { eventType: 'user_add_org', data: { timeStamp: '1685501863357', userId: ['015xxxx227'] } };

describe('EVENT frames and ACKs', () => {
	it('pushes an EVENT frame with DingTalk headers and a JSON-string data, and records its ACK', async () => {
		await start();
		const c = await client();
		const [messageId] = bed.gateway.push([{ ...userAdded, eventId: 'evt-1', eventCorpId: 'dingcorp' }]);
		await c.waitFor((x) => x.ofType('EVENT').length === 1);
		const frame = c.ofType('EVENT')[0];
		expect(frame).toMatchObject({ specVersion: '1.0', type: 'EVENT', headers: { topic: '*', messageId, contentType: 'application/json', eventType: 'user_add_org', eventId: 'evt-1', eventCorpId: 'dingcorp' } });
		for (const name of ['time', 'eventBornTime']) expect(frame.headers[name]).toMatch(/^\d{13}$/);
		expect(typeof frame.data).toBe('string');
		expect(JSON.parse(frame.data)).toEqual(userAdded.data);
		c.ack(frame);
		c.ack(frame);
		const stats = await bed.gateway.waitFor((s) => s.acks.length === 2);
		expect(stats.acks[0]).toMatchObject({ messageId, kind: 'event', code: 200, status: 'SUCCESS', valid: true, late: false, attempt: 1 });
		expect(stats.acks[1]).toMatchObject({ messageId, kind: 'event', status: 'SUCCESS' });
		expect(stats.deliveries[0]).toMatchObject({ messageId, eventId: 'evt-1', state: 'acked', attempts: 1 });
		await new Promise((r) => setTimeout(r, 300));
		expect(c.ofType('EVENT')).toHaveLength(1);
		expect(bed.gateway.stats().redeliveries).toBe(0);
	});

	it('redelivers an EVENT not ACKed in time with the same messageId and eventId, then gives up', async () => {
		await start({ ackTimeoutMs: 100, maxRedeliveries: 2 });
		const c = await client();
		bed.gateway.push([userAdded]);
		const stats = await bed.gateway.waitFor((s) => s.deliveries[0]?.state === 'gaveUp');
		const frames = c.ofType('EVENT');
		expect(frames).toHaveLength(3);
		expect(new Set(frames.map((f) => f.headers.messageId)).size).toBe(1);
		expect(new Set(frames.map((f) => f.headers.eventId)).size).toBe(1);
		expect(stats).toMatchObject({ redeliveries: 2, acks: [] });
		expect(stats.deliveries[0].attempts).toBe(3);
	});

	it('redelivers after LATER (also when sent with code 500, as the Go SDK does) until SUCCESS', async () => {
		await start({ ackTimeoutMs: 1000, laterRedeliveryMs: 50 });
		const c = await client();
		bed.gateway.push([userAdded]);
		await c.waitFor((x) => x.ofType('EVENT').length === 1);
		c.ack(c.ofType('EVENT')[0], 'LATER');
		await c.waitFor((x) => x.ofType('EVENT').length === 2);
		c.ack(c.ofType('EVENT')[1], 'LATER', 500);
		await c.waitFor((x) => x.ofType('EVENT').length === 3);
		c.ack(c.ofType('EVENT')[2]);
		const stats = await bed.gateway.waitFor((s) => s.deliveries[0].state === 'acked');
		expect(stats.acks.map((a) => [a.code, a.status, a.valid])).toEqual([
			[200, 'LATER', true],
			[500, 'LATER', true],
			[200, 'SUCCESS', true],
		]);
		expect(stats.deliveries[0]).toMatchObject({ attempts: 3, laterCount: 2 });
	});

	it('records a slow ACK as late after the redelivery it caused, and stops resending', async () => {
		await start({ ackTimeoutMs: 150 });
		const c = await client();
		bed.gateway.push([userAdded]);
		await c.waitFor((x) => x.ofType('EVENT').length === 2, 2000);
		c.ack(c.ofType('EVENT')[0]);
		const stats = await bed.gateway.waitFor((s) => s.acks.length === 1);
		expect(stats.acks[0]).toMatchObject({ status: 'SUCCESS', valid: true, late: true });
		expect(stats.acks[0].attempt).toBeGreaterThanOrEqual(2);
		expect(stats.acks[0].at - stats.deliveries[0].sentAt[0]).toBeGreaterThanOrEqual(150);
		expect(stats.deliveries[0]).toMatchObject({ state: 'acked', timeouts: stats.deliveries[0].attempts - 1 });
		await new Promise((r) => setTimeout(r, 400));
		expect(bed.gateway.stats().deliveries[0].attempts).toBe(stats.deliveries[0].attempts);
	});

	it('sends an ACKed event again on request under a new messageId, with the same eventId and headers', async () => {
		await start();
		const first = await client();
		const [messageId] = bed.gateway.push([userAdded]);
		await first.waitFor((x) => x.ofType('EVENT').length === 1);
		first.ack(first.ofType('EVENT')[0]);
		await bed.gateway.waitFor((s) => s.deliveries[0]?.state === 'acked');
		first.close();
		// A client that restarted: its new connection gets the resend.
		const second = await client();
		const [again] = bed.gateway.redeliver([messageId]);
		await second.waitFor((x) => x.ofType('EVENT').length === 1);
		const [original, resent] = [first.ofType('EVENT')[0], second.ofType('EVENT')[0]];
		expect(again).not.toBe(messageId);
		expect(resent.headers.messageId).toBe(again);
		for (const name of ['eventType', 'eventId', 'eventCorpId', 'eventBornTime', 'eventUnifiedAppId']) expect(resent.headers[name]).toBe(original.headers[name]);
		expect(resent.data).toBe(original.data);
		second.ack(resent);
		const stats = await bed.gateway.waitFor((s) => s.deliveries[1]?.state === 'acked');
		expect(stats.deliveries.map((d) => [d.eventId, d.attempts, d.state])).toEqual([
			[original.headers.eventId, 1, 'acked'],
			[original.headers.eventId, 1, 'acked'],
		]);
		expect(() => bed.gateway.redeliver(['nobody'])).toThrow('no delivery nobody is remembered');
	});

	it('counts hostile or unknown client frames without acting on them', async () => {
		await start();
		const c = await client();
		bed.gateway.push([userAdded]);
		await c.waitFor((x) => x.ofType('EVENT').length === 1);
		const messageId = c.ofType('EVENT')[0].headers.messageId;
		c.send('not json');
		c.send('[1,2]');
		c.send({ code: 200, headers: {}, data: '{}' });
		c.send({ code: 200, headers: { messageId }, data: '{not json' });
		c.send({ code: 200, headers: { messageId }, data: JSON.stringify({ status: 'MAYBE' }) });
		c.send({ code: 200, headers: { messageId: 'nobody' }, data: JSON.stringify({ status: 'SUCCESS' }) });
		const stats = await bed.gateway.waitFor((s) => s.invalidFrames === 4 && s.acks.length === 2);
		expect(stats.acks.map((a) => [a.kind, a.valid])).toEqual([
			['event', false],
			['unknown', false],
		]);
		expect(stats.deliveries[0].state).toBe('sent');
	});
});

describe('SYSTEM and CALLBACK frames', () => {
	it('sends ping with an opaque and records whether the client echoed it', async () => {
		await start();
		const c = await client();
		bed.gateway.ping();
		await c.waitFor((x) => x.ofType('SYSTEM', 'ping').length === 1);
		const ping = c.ofType('SYSTEM', 'ping')[0];
		expect(Object.keys(JSON.parse(ping.data))).toEqual(['opaque']);
		c.echo(ping);
		bed.gateway.ping();
		await c.waitFor((x) => x.ofType('SYSTEM', 'ping').length === 2);
		c.echo(c.ofType('SYSTEM', 'ping')[1], JSON.stringify({ opaque: 'wrong' }));
		const stats = await bed.gateway.waitFor((s) => s.pings.every((p) => p.echoedAt !== undefined));
		expect(stats.pings.map((p) => p.echoOk)).toEqual([true, false]);
		expect(stats.framesSent.ping).toBe(2);
	});

	it('pings each connection one interval after it opens, then every interval', async () => {
		await start({ pingIntervalMs: 200 });
		const c = await client();
		const openedAt = bed.gateway.stats().connections[0].openedAt;
		await c.waitFor((x) => x.ofType('SYSTEM', 'ping').length >= 3, 3000);
		const times = c.ofType('SYSTEM', 'ping').map((frame) => Number(frame.headers.time));
		const gaps = times.map((time, i) => time - (i === 0 ? openedAt : times[i - 1]));
		for (const gap of gaps) {
			expect(gap).toBeGreaterThanOrEqual(180);
			expect(gap).toBeLessThan(600);
		}
	});

	it('sends no ping of its own while pinging is off (a dialect with streamPing none), but still one when asked', async () => {
		let on = false;
		await start({ pingIntervalMs: 50, pinging: () => on });
		const c = await client();
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(c.ofType('SYSTEM', 'ping')).toHaveLength(0);
		bed.gateway.ping();
		await c.waitFor((x) => x.ofType('SYSTEM', 'ping').length === 1);
		on = true;
		await c.waitFor((x) => x.ofType('SYSTEM', 'ping').length >= 3, 2000);
	});

	it('refuses a ping interval that is not positive: never pinging is the dialect knob', async () => {
		await start();
		for (const pingIntervalMs of [0, -1, Number.NaN]) {
			expect(() => new StreamGateway({ server: bed.server, checkClient: () => true, pingIntervalMs })).toThrow("streamPing 'none'");
		}
	});

	it('sends disconnect, stops using the connection, cuts it after the grace time, and delivers on the next one', async () => {
		await start();
		const first = await client();
		bed.gateway.disconnectAll();
		await first.waitFor((x) => x.ofType('SYSTEM', 'disconnect').length === 1);
		expect(JSON.parse(first.ofType('SYSTEM', 'disconnect')[0].data)).toEqual({ reason: 'connection is expired' });
		bed.gateway.push([userAdded]);
		await first.waitFor((x) => x.closeCode !== undefined, 2000);
		expect(first.ofType('EVENT')).toHaveLength(0);
		const second = await client();
		await second.waitFor((x) => x.ofType('EVENT').length === 1);
		const stats = bed.gateway.stats();
		expect(stats.connections.map((c) => c.closedBy)).toEqual(['disconnect', undefined]);
		expect(stats).toMatchObject({ connectionsOpened: 2, connectionsClosed: 1, openNow: 1, maxOpenAtOnce: 1 });
	});

	it('counts two sockets open at once when a client opens the next connection before the old one ends', async () => {
		await start();
		await client();
		bed.gateway.disconnectAll();
		await client();
		expect(bed.gateway.stats()).toMatchObject({ openNow: 2, maxOpenAtOnce: 2 });
	});

	it('sends a robot message as CALLBACK to a subscribed connection only, and records its ACK', async () => {
		await start();
		const c = await client();
		const messageId = bed.gateway.callback(robotMessage('hello'));
		await c.waitFor((x) => x.ofType('CALLBACK').length === 1);
		const frame = c.ofType('CALLBACK')[0];
		expect(frame.headers).toMatchObject({ topic: '/v1.0/im/bot/messages/get', messageId });
		expect(JSON.parse(frame.data)).toMatchObject({ msgtype: 'text', text: { content: 'hello' }, conversationType: '1' });
		c.send({ code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data: JSON.stringify({ response: null }) });
		const stats = await bed.gateway.waitFor((s) => s.acks.length === 1);
		expect(stats.acks[0]).toMatchObject({ kind: 'callback', valid: true });

		const answer = await openConnection(bed.baseUrl, { clientId: 'dingdemo7k2m9xq4wzr1', clientSecret: 'demo-corp-secret-Qm3v8Lr2Tn6Yp1Zs', subscriptions: [{ type: 'EVENT', topic: '*' }] });
		c.close();
		const eventsOnly = await TestClient.connect(`${answer.json?.endpoint}?ticket=${answer.json?.ticket}`);
		clients.push(eventsOnly);
		await bed.gateway.waitFor((s) => s.openNow === 1);
		bed.gateway.callback(robotMessage('nobody hears'));
		await new Promise((r) => setTimeout(r, 100));
		expect(eventsOnly.ofType('CALLBACK')).toHaveLength(0);
		expect(bed.gateway.stats().callbacks[1].connectionId).toBeUndefined();
	});
});

describe('faults', () => {
	it('drops every socket without a close frame; an event pushed meanwhile waits for the next connection', async () => {
		await start();
		const c = await client();
		bed.gateway.drop();
		await c.waitFor((x) => x.closeCode !== undefined);
		expect(c.closeCode).toBe(1006);
		bed.gateway.push([userAdded]);
		expect(bed.gateway.stats().deliveries[0].state).toBe('queued');
		const next = await client();
		await next.waitFor((x) => x.ofType('EVENT').length === 1);
		expect(bed.gateway.stats().connections[0].closedBy).toBe('drop');
	});

	it('goes silent: no frames, no pongs, client frames ignored; then resumes and delivers what waited', async () => {
		await start();
		const c = await client();
		bed.gateway.goSilent();
		bed.gateway.push([userAdded]);
		expect(bed.gateway.ping()).toEqual([]);
		let pong = false;
		c.ws.on('pong', () => (pong = true));
		c.ws.ping();
		c.send({ code: 200, headers: { messageId: 'x' }, data: '{}' });
		await bed.gateway.waitFor((s) => s.framesIgnored === 1);
		await new Promise((r) => setTimeout(r, 100));
		expect(pong).toBe(false);
		expect(c.frames).toHaveLength(0);
		expect(bed.gateway.stats().openNow).toBe(1);
		bed.gateway.goSilent(false);
		await c.waitFor((x) => x.ofType('EVENT').length === 1);
		c.ws.ping();
		await new Promise((r) => setTimeout(r, 50));
		expect(pong).toBe(true);
	});

	it('refuses more than 500 events in one push, all or nothing', async () => {
		await start();
		const many = Array.from({ length: 501 }, () => userAdded);
		expect(() => bed.gateway.push(many)).toThrow(/at most 500/);
		expect(bed.gateway.stats().deliveries).toHaveLength(0);
		bed.gateway.push(many.slice(0, 500));
		expect(bed.gateway.stats().deliveries.filter((d) => d.state === 'queued')).toHaveLength(500);
	});

	it('close() ends every socket and refuses further pushes', async () => {
		await start();
		const a = await client();
		bed.gateway.push([userAdded]);
		await bed.gateway.close();
		await a.waitFor((x) => x.closeCode !== undefined);
		expect(bed.gateway.stats().openNow).toBe(0);
		expect(() => bed.gateway.push([userAdded])).toThrow(/closed/);
		expect(bed.gateway.handleOpen({}).status).toBe(503);
	});
});
