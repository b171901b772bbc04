// The callback pusher against a tiny stand-in endpoint on 127.0.0.1 that plays a well- or badly-behaved app.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorisationItem, suiteTicketItem } from '../../../emulator/events/callbackEvents';
import { pushCallbacks } from '../../../emulator/events/callbackPusher';
import { buildSuccessReply, decryptFromApp, signCallback, type CallbackApp } from '../../../emulator/events/crypto';
import { useCallbackEndpoint, type CallbackReply } from '../callbackEndpoint';

const app: CallbackApp = { token: 'emulatedtoken', aesKey: 'a'.repeat(20) + 'B'.repeat(20) + '123', ownerKey: 'dingdemo7k2m9xq4wzr1' };

type Behaviour = 'good' | 'wrongPlaintext' | 'plainSuccess' | 'status500' | 'slow';
interface Received {
	query: Record<string, string>;
	body: string;
	signatureValid: boolean;
	plaintext?: string;
	problem?: string;
}

let behaviours: Behaviour[] = [];
let received: Received[] = [];
const slowReplies = new Set<NodeJS.Timeout>();

function judge(query: Record<string, string>, body: string): Received {
	const signature = query.msg_signature ?? query.signature;
	const timestamp = query.timeStamp ?? query.timestamp;
	let encrypt = '';
	try {
		encrypt = String((JSON.parse(body) as { encrypt?: unknown }).encrypt ?? '');
	} catch {
		return { query, body, signatureValid: false, problem: 'notJson' };
	}
	const signatureValid = signature === signCallback(app.token, timestamp ?? '', query.nonce ?? '', encrypt);
	const decrypted = decryptFromApp(app, encrypt);
	return decrypted.ok
		? { query, body, signatureValid, plaintext: decrypted.plaintext }
		: { query, body, signatureValid, problem: decrypted.problem };
}

afterAll(() => {
	for (const timer of slowReplies) clearTimeout(timer);
});
const endpoint = useCallbackEndpoint(({ query, body }) => {
	const seen = judge(query, body);
	received.push(seen);
	const behaviour = behaviours.shift() ?? 'good';
	const timestamp = query.timeStamp ?? query.timestamp ?? '';
	if (behaviour === 'status500') return { status: 500, body: { message: 'boom' } };
	if (behaviour === 'plainSuccess') return { status: 200, body: 'success' };
	if (behaviour === 'wrongPlaintext') return { status: 200, body: buildSuccessReply(app, timestamp, query.nonce, 'fail') };
	if (!seen.signatureValid || seen.problem) return { status: 400, body: { message: 'refused' } };
	const reply = { status: 200, body: buildSuccessReply(app, timestamp, query.nonce) };
	if (behaviour !== 'slow') return reply;
	return new Promise<CallbackReply>((resolve) => {
		const timer = setTimeout(() => {
			slowReplies.delete(timer);
			resolve(reply);
		}, 1700);
		slowReplies.add(timer);
	});
});
beforeEach(() => {
	behaviours = [];
	received = [];
});

describe('pushCallbacks', () => {
	it('delivers a business event signed and encrypted as DingTalk does, and records an accepted reply', async () => {
		const result = await pushCallbacks({
			url: endpoint.url,
			app,
			events: [{ kind: 'business', eventType: 'user_add_org', fields: { UserId: ['u1'], CorpId: 'dingcorp', eventId: 'e-1' } }],
		});
		expect(result).toMatchObject({ delivered: 1, failed: 0, stoppedEarly: false });
		expect(result.records).toHaveLength(1);
		expect(result.records[0]).toMatchObject({ status: 200, accepted: true, withinDeadline: true, eventType: 'user_add_org', replay: false });
		expect(result.records[0].reply).toMatchObject({ success: true, echoedTimestampAndNonce: true });
		expect(result.records[0].latencyMs).toBeLessThan(1500);
		expect(Object.keys(received[0].query).sort()).toEqual(['nonce', 'signature', 'timestamp']);
		expect(received[0].query.timestamp).toMatch(/^\d{10}$/);
		expect(received[0].signatureValid).toBe(true);
		expect(JSON.parse(received[0].plaintext ?? '')).toEqual({ EventType: 'user_add_org', UserId: ['u1'], CorpId: 'dingcorp', eventId: 'e-1' });
		expect(Object.keys(JSON.parse(received[0].body))).toEqual(['encrypt']);
		const recorded = JSON.stringify(result);
		for (const secret of [app.token, app.aesKey]) expect(recorded).not.toContain(secret);
	});

	it('uses msg_signature, timeStamp and milliseconds when the variant says so', async () => {
		await pushCallbacks({
			url: endpoint.url,
			app,
			events: [{ kind: 'probe' }],
			variant: { signatureParam: 'msg_signature', timestampParam: 'timeStamp', timestampUnit: 'milliseconds' },
		});
		expect(Object.keys(received[0].query).sort()).toEqual(['msg_signature', 'nonce', 'timeStamp']);
		expect(received[0].query.timeStamp).toMatch(/^\d{13}$/);
		expect(received[0].signatureValid).toBe(true);
		expect(received[0].plaintext).toBe('{"EventType":"check_url"}');
	});

	it('builds SYNC_HTTP_PUSH_HIGH with bizData whose biz_data is a JSON string, and the legacy suite_ticket', async () => {
		await pushCallbacks({
			url: endpoint.url,
			app,
			events: [
				{
					kind: 'syncHttpPush',
					items: [
						suiteTicketItem({ suiteId: '27001', suiteTicket: 'ticket-1', corpId: 'dingowner' }),
						authorisationItem({ suiteId: '27001', authCorpId: 'dingcustomer' }),
					],
				},
				{ kind: 'legacySuiteTicket', suiteKey: 'suitedemo', suiteTicket: 'ticket-2' },
			],
		});
		const push = JSON.parse(received[0].plaintext ?? '');
		expect(push.EventType).toBe('SYNC_HTTP_PUSH_HIGH');
		expect(push.bizData.map((item: { biz_type: number }) => item.biz_type)).toEqual([2, 4]);
		for (const item of push.bizData) expect(typeof item.biz_data).toBe('string');
		expect(JSON.parse(push.bizData[0].biz_data)).toMatchObject({ syncAction: 'suite_ticket', suiteTicket: 'ticket-1' });
		expect(push.bizData[0]).toMatchObject({ biz_id: '27001', corp_id: 'dingowner', subscribe_id: '27001_0' });
		expect(JSON.parse(push.bizData[1].biz_data)).toMatchObject({ syncAction: 'org_suite_auth', auth_corp_info: { corpid: 'dingcustomer' } });
		expect(JSON.parse(received[1].plaintext ?? '')).toMatchObject({ EventType: 'suite_ticket', SuiteKey: 'suitedemo', SuiteTicket: 'ticket-2' });
	});

	it('records a reply that is not the encrypted "success" as not accepted', async () => {
		behaviours = ['wrongPlaintext', 'plainSuccess', 'status500'];
		const result = await pushCallbacks({ url: endpoint.url, app, events: [{ kind: 'probe' }, { kind: 'probe' }, { kind: 'probe' }] });
		expect(result).toMatchObject({ delivered: 0, failed: 3 });
		expect(result.records.map((r) => [r.status, r.accepted, r.reply?.problem])).toEqual([
			[200, false, 'notSuccess'],
			[200, false, 'notJson'],
			[500, false, 'badShape'],
		]);
	});

	it('flags a reply slower than 1,500 ms and retries it with a fresh signature', async () => {
		behaviours = ['slow'];
		const result = await pushCallbacks({ url: endpoint.url, app, events: [{ kind: 'probe' }], retries: 2, retryBackoffMs: 10 });
		expect(result.records.map((r) => [r.attempt, r.withinDeadline, r.accepted])).toEqual([
			[0, false, false],
			[1, true, true],
		]);
		expect(result.records[0].latencyMs).toBeGreaterThanOrEqual(1500);
		expect(result.records[0].reply?.success).toBe(true);
		expect(received[1].query.nonce).not.toBe(received[0].query.nonce);
		expect(result.delivered).toBe(1);
	});

	it('retries a failed push up to the configured count, then gives up', async () => {
		behaviours = ['status500', 'status500', 'status500', 'status500'];
		const result = await pushCallbacks({ url: endpoint.url, app, events: [{ kind: 'probe' }], retries: 2, retryBackoffMs: 5 });
		expect(result.records.map((r) => r.attempt)).toEqual([0, 1, 2]);
		expect(result).toMatchObject({ delivered: 0, failed: 1 });
		behaviours = ['status500'];
		const second = await pushCallbacks({ url: endpoint.url, app, events: [{ kind: 'probe' }], retries: 3, retryBackoffMs: 5 });
		expect(second.records.map((r) => r.accepted)).toEqual([false, true]);
	});

	it('injects each request fault so that the endpoint sees exactly that defect', async () => {
		const kinds = ['badSignature', 'missingSignature', 'wrongOwnerKey', 'wrongAesKey', 'truncatedCipher', 'badBase64', 'bodyNotJson'] as const;
		const result = await pushCallbacks({ url: endpoint.url, app, events: kinds.map(() => ({ kind: 'probe' as const })), faults: kinds.map((kind, at) => ({ at, kind })) });
		expect(result.records.map((r) => [r.fault, r.status, r.accepted])).toEqual(kinds.map((kind) => [kind, 400, false]));
		expect(received.map((r) => [r.signatureValid, r.problem ?? 'decrypted'])).toEqual([
			[false, 'decrypted'],
			[false, 'decrypted'],
			[true, 'ownerKeyMismatch'],
			[true, expect.stringMatching(/badPadding|badMessageLength|ownerKeyMismatch/)],
			[true, expect.stringMatching(/badPadding|badMessageLength|ownerKeyMismatch/)],
			[true, 'badBase64'],
			[false, 'notJson'],
		]);
		expect('signature' in received[1].query).toBe(false);
	});

	it('sends a stale but correctly signed timestamp, and replays the previous request byte for byte', async () => {
		const now = Math.floor(Date.now() / 1000);
		const result = await pushCallbacks({
			url: endpoint.url,
			app,
			events: [{ kind: 'probe' }, { kind: 'business', eventType: 'user_add_org' }],
			faults: [{ at: 0, kind: 'staleTimestamp' }, { at: 1, kind: 'replay' }],
		});
		expect(Number(received[0].query.timestamp)).toBeLessThan(now - 24 * 3600);
		expect(received[0].signatureValid).toBe(true);
		expect(result.records.map((r) => [r.eventIndex, r.replay])).toEqual([[0, false], [1, false], [1, true]]);
		expect(received[2].query).toEqual(received[1].query);
		expect(received[2].body).toBe(received[1].body);
		expect(result.delivered).toBe(2);
	});

	it('stops when the push runs out of time, and says so', async () => {
		behaviours = ['slow', 'slow', 'slow'];
		const result = await pushCallbacks({ url: endpoint.url, app, events: [{ kind: 'probe' }, { kind: 'probe' }, { kind: 'probe' }], requestTimeoutMs: 300, maxDurationMs: 200 });
		expect(result).toMatchObject({ stoppedEarly: true, delivered: 0, failed: 3 });
		expect(result.records).toHaveLength(1);
	});

	it('refuses any endpoint that is not on 127.0.0.1, and an unbounded event count', async () => {
		for (const target of ['http://localhost:1/x', 'http://example.com/x', 'https://127.0.0.1:1/x', 'http://10.0.0.1/x']) {
			await expect(pushCallbacks({ url: target, app, events: [{ kind: 'probe' }] })).rejects.toThrow(/127\.0\.0\.1/);
		}
		const events = Array.from({ length: 201 }, () => ({ kind: 'probe' as const }));
		await expect(pushCallbacks({ url: endpoint.url, app, events })).rejects.toThrow(/at most 200/);
		expect(received).toHaveLength(0);
	});

	it('records a refused connection and a request timeout as errors, not replies', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const refused = await pushCallbacks({ url: `http://127.0.0.1:${port}/x`, app, events: [{ kind: 'probe' }] });
		expect(refused.records[0]).toMatchObject({ error: 'network', accepted: false, status: undefined });
		behaviours = ['slow'];
		const timedOut = await pushCallbacks({ url: endpoint.url, app, events: [{ kind: 'probe' }], requestTimeoutMs: 300 });
		expect(timedOut.records[0]).toMatchObject({ error: 'timeout', accepted: false, withinDeadline: false });
	});
});
