// The Stream gateway's connection-open endpoint and its single-use, 90-second tickets.
import { DEMO_CREDENTIALS } from '../../../emulator';
import { StreamTickets } from '../../../emulator/events/streamOpen';
import { openConnection, startBed, SUBSCRIPTIONS, TestClient, type Bed } from './streamClient';

const corp = DEMO_CREDENTIALS.corp;
const good = { clientId: corp.appKey, clientSecret: corp.appSecret, subscriptions: SUBSCRIPTIONS, ua: 'emulator-test/1.0' };

let bed: Bed;
beforeEach(async () => {
	bed = await startBed();
});
afterEach(() => bed.stop());

describe('POST /v1.0/gateway/connections/open', () => {
	it('answers a ws://127.0.0.1 endpoint and a ticket that opens exactly one connection', async () => {
		const answer = await openConnection(bed.baseUrl);
		expect(answer.status).toBe(200);
		expect(answer.contentType).toMatch(/application\/json/);
		expect(answer.json?.endpoint).toBe(`${bed.baseUrl.replace('http', 'ws')}/connect`);
		expect(answer.json?.ticket).toMatch(/^[0-9a-f-]{36}$/);
		const url = `${answer.json?.endpoint}?ticket=${answer.json?.ticket}`;
		const client = await TestClient.connect(url);
		await expect(TestClient.connect(url)).rejects.toThrow(/401/);
		const stats = await bed.gateway.waitFor((s) => s.ticketsRefused.reused === 1);
		expect(stats).toMatchObject({ ticketsIssued: 1, connectionsOpened: 1, openNow: 1, maxOpenAtOnce: 1 });
		expect(stats.opens).toEqual([expect.objectContaining({ clientId: corp.appKey, ua: 'emulator-test/1.0', accepted: true, status: 200 })]);
		expect(JSON.stringify(stats)).not.toContain(corp.appSecret);
		client.close();
	});

	it('refuses a wrong secret, missing credentials and bad subscriptions with DingTalk-style error bodies', async () => {
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ ...good, clientSecret: 'wrong' }, 'invalidClientIdOrSecret'],
			[{ ...good, clientId: 'dingunknown' }, 'invalidClientIdOrSecret'],
			[{ subscriptions: SUBSCRIPTIONS }, 'MissingParameter'],
			[{ ...good, subscriptions: [] }, 'invalidParameter'],
			[{ ...good, subscriptions: [{ type: 'EVENT', topic: 'user_add_org' }] }, 'invalidParameter'],
			[{ ...good, subscriptions: [{ type: 'WHATEVER', topic: '*' }] }, 'invalidParameter'],
		];
		for (const [body, code] of cases) {
			const answer = await openConnection(bed.baseUrl, body);
			expect({ code, status: answer.status, answer: answer.json?.code, ticket: answer.json?.ticket }).toEqual({ code, status: 400, answer: code, ticket: undefined });
			expect(answer.text).not.toContain(corp.appSecret);
		}
		expect(bed.gateway.stats()).toMatchObject({ ticketsIssued: 0, opens: cases.map(() => expect.objectContaining({ accepted: false, status: 400 })) });
	});

	it('answers XML when the request does not ask for JSON, as the Node SDK warns', async () => {
		const answer = await openConnection(bed.baseUrl, good, '');
		expect(answer.status).toBe(200);
		expect(answer.contentType).toMatch(/xml/);
		expect(answer.text).toMatch(/^<OpenConnectionResponse><endpoint>ws:\/\/127\.0\.0\.1:\d+\/connect<\/endpoint><ticket>[0-9a-f-]{36}<\/ticket>/);
	});

	it('refuses an upgrade with no ticket, an unknown ticket, or on another path', async () => {
		const ws = bed.baseUrl.replace('http', 'ws');
		await expect(TestClient.connect(`${ws}/connect`)).rejects.toThrow(/401/);
		await expect(TestClient.connect(`${ws}/connect?ticket=00000000-0000-0000-0000-000000000000`)).rejects.toThrow(/401/);
		await expect(TestClient.connect(`${ws}/elsewhere`)).rejects.toThrow(/404/);
		expect(bed.gateway.stats()).toMatchObject({ connectionsOpened: 0, ticketsRefused: { missing: 1, unknown: 1 } });
	});

	it('refuses a good ticket while the refuse-ticket fault is armed, then accepts again', async () => {
		bed.gateway.refuseTickets(1);
		await expect(TestClient.open(bed.baseUrl)).rejects.toThrow(/401/);
		const client = await TestClient.open(bed.baseUrl);
		expect(bed.gateway.stats()).toMatchObject({ ticketsIssued: 2, connectionsOpened: 1, ticketsRefused: { fault: 1 } });
		client.close();
	});

	it('refuses connections beyond the bound with 503, without using the ticket up', async () => {
		await bed.stop();
		bed = await startBed({ maxConnections: 1 });
		const first = await TestClient.open(bed.baseUrl);
		const answer = await openConnection(bed.baseUrl);
		const url = `${answer.json?.endpoint}?ticket=${answer.json?.ticket}`;
		await expect(TestClient.connect(url)).rejects.toThrow(/503/);
		first.close();
		await bed.gateway.waitFor((s) => s.openNow === 0);
		const second = await TestClient.connect(url);
		expect(bed.gateway.stats().connectionsOpened).toBe(2);
		second.close();
	});
});

describe('StreamTickets', () => {
	it('expires a ticket after its life and refuses reuse even of an expired ticket', () => {
		let now = 1_000_000;
		const tickets = new StreamTickets(() => true, 90_000, () => now);
		const fresh = tickets.open(good, 'application/json', 'ws://127.0.0.1:1/connect').ticket?.ticket ?? '';
		const stale = tickets.open(good, 'application/json', 'ws://127.0.0.1:1/connect').ticket?.ticket ?? '';
		now += 90_000;
		expect(tickets.redeem(fresh, false)).toMatchObject({ ok: true });
		now += 1;
		expect(tickets.redeem(stale, false)).toEqual({ ok: false, refusal: 'expired' });
		expect(tickets.redeem(stale, false)).toEqual({ ok: false, refusal: 'reused' });
		expect(tickets.redeem(fresh, false)).toEqual({ ok: false, refusal: 'reused' });
	});

	it('refuses an expired ticket at the WebSocket endpoint', async () => {
		await bed.stop();
		let now = Date.now();
		bed = await startBed({ now: () => now });
		const answer = await openConnection(bed.baseUrl);
		now += 90_001;
		await expect(TestClient.connect(`${answer.json?.endpoint}?ticket=${answer.json?.ticket}`)).rejects.toThrow(/401/);
		expect(bed.gateway.stats().ticketsRefused.expired).toBe(1);
	});
});
