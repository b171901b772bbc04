// Stream mode through the running emulator: the open call on the emulator's own URL (counted and logged
// like every API), a real WebSocket, pushes and faults through `emulator.events.stream` and the control routes.
import { DEMO_CORP_ID, DEMO_CREDENTIALS } from '../../../emulator';
import { useEmulator } from '../bed';
import { openConnection, SUBSCRIPTIONS, TestClient } from './streamClient';

let clients: TestClient[] = [];

const corpOpen = { clientId: DEMO_CREDENTIALS.corp.appKey, clientSecret: DEMO_CREDENTIALS.corp.appSecret, subscriptions: SUBSCRIPTIONS, ua: 'wired-test/1.0' };
const userAdded = { eventType: 'user_add_org', data: { timeStamp: '1685501863357', userId: ['015xxxx227'] } };

async function connect(body: Record<string, unknown> = corpOpen): Promise<TestClient> {
	const answer = await openConnection(bed.emulator.url, body);
	if (answer.status !== 200 || !answer.json?.endpoint || !answer.json.ticket) throw new Error(`open failed: ${answer.status} ${answer.text}`);
	const client = await TestClient.connect(`${answer.json.endpoint}?ticket=${encodeURIComponent(answer.json.ticket)}`);
	clients.push(client);
	return client;
}

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
	const res = await fetch(`${bed.emulator.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

// Declared before the bed, so the sockets close before the emulator stops.
afterEach(() => {
	for (const client of clients) client.close();
	clients = [];
});
const bed = useEmulator({ stream: { ackTimeoutMs: 5000, disconnectGraceMs: 100 }, lifetime: 'fresh' });

describe('the Stream gateway inside the emulator', () => {
	it('opens a connection at the emulator URL, delivers a pushed event over WebSocket and records its ACK', async () => {
		const client = await connect();
		expect(bed.emulator.events.stream.stats()).toMatchObject({ ticketsIssued: 1, connectionsOpened: 1, openNow: 1 });

		const [messageId] = bed.emulator.events.stream.push([{ ...userAdded, eventId: 'evt-wired-1' }]);
		await client.waitFor((c) => c.ofType('EVENT').length === 1);
		const frame = client.ofType('EVENT')[0];
		expect(frame.headers).toMatchObject({ messageId, eventType: 'user_add_org', eventId: 'evt-wired-1', eventCorpId: DEMO_CORP_ID });
		expect(JSON.parse(frame.data)).toEqual(userAdded.data);

		client.ack(frame);
		const stats = await bed.emulator.events.stream.waitFor((s) => s.acks.length === 1);
		expect(stats.acks[0]).toMatchObject({ messageId, kind: 'event', status: 'SUCCESS', valid: true, late: false });
		expect(stats.deliveries[0]).toMatchObject({ messageId, state: 'acked', attempts: 1 });
	});

	it("routes a push for an app to that app's connection only, and keeps it queued until the app connects", async () => {
		const corpA = await connect();
		const corpB = await connect({ ...corpOpen, clientId: DEMO_CREDENTIALS.corpB.appKey, clientSecret: DEMO_CREDENTIALS.corpB.appSecret });
		const [forSuite] = bed.emulator.events.stream.push([{ ...userAdded, eventId: 'for-suite' }], { app: 'suite' });
		bed.emulator.events.stream.push([{ ...userAdded, eventId: 'for-a' }], { app: 'corp' });
		bed.emulator.events.stream.push([{ ...userAdded, eventId: 'for-b' }], { app: 'corpB' });
		bed.emulator.events.stream.robotMessage('to A', { app: 'corp' });
		await corpA.waitFor((c) => c.ofType('EVENT').length === 1 && c.ofType('CALLBACK').length === 1);
		await corpB.waitFor((c) => c.ofType('EVENT').length === 1);
		expect(corpA.ofType('EVENT')[0].headers).toMatchObject({ eventId: 'for-a', eventCorpId: DEMO_CORP_ID });
		expect(corpB.ofType('EVENT')[0].headers).toMatchObject({ eventId: 'for-b', eventCorpId: 'dingorgb3e7a91c5d2f8' });
		expect(JSON.parse(corpA.ofType('CALLBACK')[0].data)).toMatchObject({ text: { content: 'to A' }, chatbotCorpId: DEMO_CORP_ID });
		expect(corpB.ofType('CALLBACK')).toHaveLength(0);
		expect(bed.emulator.events.stream.stats().deliveries.find((d) => d.messageId === forSuite)).toMatchObject({ state: 'queued', clientId: DEMO_CREDENTIALS.suite.suiteKey });

		const suite = await connect({ ...corpOpen, clientId: DEMO_CREDENTIALS.suite.suiteKey, clientSecret: DEMO_CREDENTIALS.suite.suiteSecret });
		await suite.waitFor((c) => c.ofType('EVENT').length === 1);
		expect(suite.ofType('EVENT')[0].headers).toMatchObject({ messageId: forSuite, eventId: 'for-suite' });
		// Without an app, the newest live connection of any app takes it.
		bed.emulator.events.stream.push([{ ...userAdded, eventId: 'for-anyone' }]);
		await suite.waitFor((c) => c.ofType('EVENT').length === 2);
		expect([corpA.ofType('EVENT').length, corpB.ofType('EVENT').length]).toEqual([1, 1]);
	});

	it('counts and logs the open call under the app, with clientSecret masked', async () => {
		await connect();
		const counters = bed.emulator.counters();
		expect(counters.requests.openStreamConnection).toBe(1);
		expect(counters.executed.openStreamConnection).toBe(1);
		expect(counters.byApp[DEMO_CREDENTIALS.corp.appKey]).toEqual({ openStreamConnection: 1 });
		const entry = bed.emulator.log().find((e) => e.api === 'openStreamConnection');
		expect(entry).toMatchObject({ method: 'POST', path: '/v1.0/gateway/connections/open', status: 200, executed: true, app: DEMO_CREDENTIALS.corp.appKey, corpId: DEMO_CORP_ID });
		expect(entry?.body).toMatchObject({ clientId: DEMO_CREDENTIALS.corp.appKey, clientSecret: '***' });
		expect(JSON.stringify(bed.emulator.log())).not.toContain(DEMO_CREDENTIALS.corp.appSecret);
	});

	it('accepts every demo app (corp A, corp B, both suites) and names a suite by its suiteKey', async () => {
		const apps = [
			[DEMO_CREDENTIALS.corp.appKey, DEMO_CREDENTIALS.corp.appSecret],
			[DEMO_CREDENTIALS.corpB.appKey, DEMO_CREDENTIALS.corpB.appSecret],
			[DEMO_CREDENTIALS.suite.suiteKey, DEMO_CREDENTIALS.suite.suiteSecret],
			[DEMO_CREDENTIALS.suiteB.suiteKey, DEMO_CREDENTIALS.suiteB.suiteSecret],
		];
		for (const [clientId, clientSecret] of apps) {
			const answer = await openConnection(bed.emulator.url, { ...corpOpen, clientId, clientSecret });
			expect(answer.status).toBe(200);
		}
		expect(Object.keys(bed.emulator.counters().byApp).sort()).toEqual(apps.map(([clientId]) => clientId).sort());
		expect(bed.emulator.log().find((e) => e.app === DEMO_CREDENTIALS.suite.suiteKey)?.corpId).toBeUndefined();
	});

	it('refuses the open call with a wrong secret (or a suite secret under an appKey), logged without the secret', async () => {
		const wrong = await openConnection(bed.emulator.url, { ...corpOpen, clientSecret: 'not-the-secret-at-all' });
		expect(wrong.status).toBe(400);
		expect(wrong.json).toMatchObject({ code: 'invalidClientIdOrSecret' });
		expect(wrong.json?.ticket).toBeUndefined();
		const crossed = await openConnection(bed.emulator.url, { ...corpOpen, clientSecret: DEMO_CREDENTIALS.suite.suiteSecret });
		expect(crossed.status).toBe(400);

		const counters = bed.emulator.counters();
		expect(counters.requests.openStreamConnection).toBe(2);
		expect(counters.executed.openStreamConnection).toBe(0);
		expect(counters.byApp).toEqual({});
		expect(bed.emulator.events.stream.stats()).toMatchObject({ ticketsIssued: 0, opens: [{ accepted: false, status: 400 }, { accepted: false, status: 400 }] });
		const logged = JSON.stringify(bed.emulator.log());
		expect(logged).not.toContain('not-the-secret-at-all');
		expect(logged).not.toContain(DEMO_CREDENTIALS.suite.suiteSecret);
	});

	it('refuses an open body over 64 KiB before the gateway sees it', async () => {
		const answer = await openConnection(bed.emulator.url, { ...corpOpen, ua: 'x'.repeat(70 * 1024) });
		expect(answer.status).toBe(400);
		expect(answer.json).toMatchObject({ code: 'InvalidParameter.Body' });
		expect(bed.emulator.events.stream.stats()).toMatchObject({ opens: [], ticketsIssued: 0 });
	});

	it('answers XML without Accept: application/json, as the Node SDK warns', async () => {
		const answer = await openConnection(bed.emulator.url, corpOpen, '');
		expect(answer.status).toBe(200);
		expect(answer.contentType).toContain('application/xml');
		expect(answer.text).toMatch(/^<OpenConnectionResponse><endpoint>ws:\/\/127\.0\.0\.1:\d+\/connect<\/endpoint><ticket>[0-9a-f-]{36}<\/ticket>/);
	});

	it('plays API faults on the open call only when a rule names it', async () => {
		bed.emulator.addFault({ kind: 'serverError' });
		expect((await openConnection(bed.emulator.url, corpOpen)).status).toBe(200);
		bed.emulator.clearFaults();
		bed.emulator.addFault({ kind: 'serverError', apis: ['openStreamConnection'], count: 1 });
		expect((await openConnection(bed.emulator.url, corpOpen)).status).toBe(500);
		expect((await openConnection(bed.emulator.url, corpOpen)).status).toBe(200);
		expect(bed.emulator.log().filter((e) => e.api === 'openStreamConnection').map((e) => e.fault)).toEqual([undefined, 'serverError', undefined]);
	});

	it('reset() forgets the records, faults and queued events but keeps the live connection', async () => {
		const client = await connect();
		bed.emulator.events.stream.goSilent();
		bed.emulator.events.stream.push([userAdded]);
		bed.emulator.events.stream.refuseTickets(5);
		bed.emulator.reset();

		const after = bed.emulator.events.stream.stats();
		expect(after).toMatchObject({ opens: [], acks: [], deliveries: [], ticketsIssued: 0, openNow: 1 });
		expect(after.connections).toHaveLength(1);
		expect(bed.emulator.counters().requests.openStreamConnection).toBe(0);
		// Not silent any more, and the event queued before the reset is never sent.
		const [messageId] = bed.emulator.events.stream.push([{ ...userAdded, eventId: 'after-reset' }]);
		await client.waitFor((c) => c.ofType('EVENT').length >= 1);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(client.ofType('EVENT').map((f) => f.headers.messageId)).toEqual([messageId]);
		// Tickets are no longer refused.
		await connect();
		expect(bed.emulator.events.stream.stats().openNow).toBe(2);
	});

	it('ends every Stream connection on stop()', async () => {
		const client = await connect();
		await bed.emulator.stop();
		await client.waitFor((c) => c.closeCode !== undefined);
		expect(client.closeCode).toBe(1006);
	});
});

describe('the Stream control routes', () => {
	it('push an event, send a robot message and ping; stats show the ACK and the echo', async () => {
		const client = await connect({ ...corpOpen, clientId: DEMO_CREDENTIALS.corpB.appKey, clientSecret: DEMO_CREDENTIALS.corpB.appSecret });
		const pushed = await control('POST', '/__emulator/events/stream/push', { events: [{ eventType: 'user_leave_org', data: { userId: ['u9'] } }], app: 'corpB' });
		expect(pushed.status).toBe(200);
		await client.waitFor((c) => c.ofType('EVENT').length === 1);
		const frame = client.ofType('EVENT')[0];
		expect(frame.headers).toMatchObject({ messageId: (pushed.json.messageIds as string[])[0], eventType: 'user_leave_org', eventCorpId: 'dingorgb3e7a91c5d2f8' });
		client.ack(frame);

		expect((await control('POST', '/__emulator/events/stream/robot-message', { content: 'hi n8n' })).status).toBe(200);
		await client.waitFor((c) => c.ofType('CALLBACK').length === 1);
		expect(JSON.parse(client.ofType('CALLBACK')[0].data)).toMatchObject({ text: { content: 'hi n8n' }, msgtype: 'text' });

		expect((await control('POST', '/__emulator/events/stream/ping', {})).json.messageIds).toHaveLength(1);
		await client.waitFor((c) => c.ofType('SYSTEM', 'ping').length === 1);
		client.echo(client.ofType('SYSTEM', 'ping')[0]);
		await bed.emulator.events.stream.waitFor((s) => s.pings[0]?.echoOk === true && s.acks.length === 2);

		const stats = await control('GET', '/__emulator/events/stream/stats');
		expect(stats.json).toMatchObject({ openNow: 1, acks: [{ kind: 'event', status: 'SUCCESS' }, { kind: 'ping', valid: true }], callbacks: [{ topic: '/v1.0/im/bot/messages/get' }] });
	});

	it('refuse tickets, go silent and disconnect on request', async () => {
		expect((await control('POST', '/__emulator/events/stream/refuse-tickets', { count: 1 })).json).toEqual({ refusing: 1 });
		await expect(connect()).rejects.toThrow('upgrade refused: 401');
		const client = await connect();

		await control('POST', '/__emulator/events/stream/silent', { silent: true });
		await control('POST', '/__emulator/events/stream/push', { events: { eventType: 'user_add_org', data: {} } });
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(client.ofType('EVENT')).toHaveLength(0);
		await control('POST', '/__emulator/events/stream/silent', { silent: false });
		await client.waitFor((c) => c.ofType('EVENT').length === 1);

		await control('POST', '/__emulator/events/stream/disconnect', {});
		await client.waitFor((c) => c.ofType('SYSTEM', 'disconnect').length === 1 && c.closeCode !== undefined);
		expect(bed.emulator.events.stream.stats()).toMatchObject({ openNow: 0, ticketsRefused: { fault: 1 }, connections: [{ closedBy: 'disconnect' }] });
	});

	it('refuse bad bodies with 400 and change nothing', async () => {
		const bad: Array<[string, unknown]> = [
			['/__emulator/events/stream/push', { events: [] }],
			['/__emulator/events/stream/push', { events: [{ eventType: '', data: {} }] }],
			['/__emulator/events/stream/push', { events: [{ eventType: 'x', data: 'not an object' }] }],
			['/__emulator/events/stream/push', { events: [{ eventType: 'x' }], app: 'nobody' }],
			['/__emulator/events/stream/push', { events: Array.from({ length: 501 }, () => ({ eventType: 'x' })) }],
			['/__emulator/events/stream/silent', { silent: 'yes' }],
			['/__emulator/events/stream/refuse-tickets', { count: -1 }],
			['/__emulator/events/stream/ping', { connectionId: 7 }],
		];
		for (const [path, body] of bad) {
			const answer = await control('POST', path, body);
			expect([path, answer.status]).toEqual([path, 400]);
			expect(typeof answer.json.error).toBe('string');
		}
		expect(bed.emulator.events.stream.stats()).toMatchObject({ deliveries: [], framesSent: { EVENT: 0, ping: 0 } });
	});
});
