import { decryptMessage } from '../../../nodes/DingTalkConnectTrigger/helpers/callbackCrypto';
import { AES_KEY, APP_KEY, CREDENTIALS, ENCODING_AES_KEY, TOKEN, USER_ADD_ORG, signEncrypt, signedRequest, syncPush, type SignedRequest } from '../../unit/nodes/DingTalkConnectTrigger/helpers/callbackFixtures';
import type { N8nHarness } from '../../harness';
import { makeHarness, startWebhookServer, type WebhookServer } from './testbed';

let harness: N8nHarness;
let server: WebhookServer;

beforeAll(async () => {
	harness = makeHarness(CREDENTIALS);
	server = await startWebhookServer(harness, { eventTypes: '' });
});

afterAll(async () => {
	await server.stop();
});

beforeEach(() => {
	harness.clearLogs();
	server.runs.length = 0;
});

async function post(request: SignedRequest | { query: Record<string, unknown>; body: unknown }) {
	const query = new URLSearchParams(request.query as Record<string, string>).toString();
	const started = performance.now();
	const response = await fetch(`${server.url}/webhook/abc/webhook?${query}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(request.body),
	});
	const ms = performance.now() - started;
	const text = await response.text();
	return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, string>), ms };
}

const SECRETS = [TOKEN, ENCODING_AES_KEY, CREDENTIALS.appSecret];

describe('DingTalk Connect Trigger over real HTTP in n8n-core', () => {
	it('answers check_url with the encrypted success and runs nothing', async () => {
		const { status, body } = await post(signedRequest({ EventType: 'check_url' }, { timestamp: String(Date.now()), nonce: 'probe1' }));
		expect(status).toBe(200);
		expect(body?.nonce).toBe('probe1');
		expect(decryptMessage(AES_KEY, body!.encrypt, APP_KEY)).toEqual({ ok: true, value: 'success' });
		expect(server.runs).toEqual([]);
	});

	it('starts the workflow with one item per SyncHTTP entry and answers well inside 1,500 ms', async () => {
		const entries = Array.from({ length: 50 }, (_, i) => ({
			id: 1000 + i,
			biz_type: 13,
			corp_id: 'dingcorp',
			biz_id: `u${i}`,
			gmt_modified: 1700000000000 + i,
			biz_data: JSON.stringify({ syncAction: 'user_add_org', userid: `u${i}` }),
		}));
		const { status, body, ms } = await post(signedRequest(syncPush(entries)));
		expect(status).toBe(200);
		expect(decryptMessage(AES_KEY, body!.encrypt, APP_KEY)).toEqual({ ok: true, value: 'success' });
		expect(server.runs).toHaveLength(1);
		expect(server.runs[0][0]).toHaveLength(50);
		expect(server.runs[0][0][7].json).toMatchObject({ eventType: 'user_add_org', eventId: '1007', data: { biz_data: { userid: 'u7' } } });
		expect(ms).toBeLessThan(1500);
	});

	it('measures the reply time of 100 signed events in a row', async () => {
		const times: number[] = [];
		for (let i = 0; i < 100; i++) {
			const { status, ms } = await post(signedRequest({ ...USER_ADD_ORG, eventId: `timing-${i}` }));
			expect(status).toBe(200);
			times.push(ms);
		}
		times.sort((a, b) => a - b);
		const p50 = times[49];
		const p99 = times[98];
		process.stdout.write(`callback reply time over 100 requests: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${times[99].toFixed(1)} ms\n`);
		expect(p99).toBeLessThan(1500);
		expect(server.runs).toHaveLength(100);
	});

	it.each([
		['a wrong signature', () => ({ ...signedRequest(USER_ADD_ORG), query: { ...signedRequest(USER_ADD_ORG).query, msg_signature: 'd'.repeat(40) } }), 403, 'signature mismatch'],
		['a wrong closing key', () => signedRequest(USER_ADD_ORG, { ownerKey: 'dingstranger' }), 403, 'wrong closing key'],
		['a garbled encrypt', () => signEncrypt('QUJD'), 400, 'bad ciphertext'],
		['an oversized encrypt', () => signEncrypt('A'.repeat(1024 * 1024 + 4)), 413, 'encrypt too large'],
		['no nonce', () => {
			const request = signedRequest(USER_ADD_ORG);
			const query = Object.fromEntries(Object.entries(request.query).filter(([name]) => name !== 'nonce'));
			return { query, body: request.body };
		}, 400, 'missing nonce'],
	])('refuses %s with a 4xx, no run and one warning free of secrets', async (_label, build, status, reason) => {
		const result = await post(build());
		expect(result.status).toBe(status);
		expect(result.body).toEqual({ message: 'Request refused' });
		expect(server.runs).toEqual([]);
		const warnings = harness.logs.filter((log) => log.level === 'warn');
		expect(warnings.map((log) => log.message)).toEqual([`DingTalk callback refused: ${reason}`]);
		const logged = JSON.stringify(harness.logs);
		for (const secret of SECRETS) expect(logged).not.toContain(secret);
	});

	it('answers a byte-for-byte repeat and a re-encrypted one with the encrypted success, and runs the event once', async () => {
		const request = signedRequest({ ...USER_ADD_ORG, eventId: 'replay-1' });
		const resent = signedRequest({ ...USER_ADD_ORG, eventId: 'replay-1' }, { nonce: 'other' });
		for (const sent of [request, request, resent]) {
			const { status, body } = await post(sent);
			expect(status).toBe(200);
			expect(body?.nonce).toBe(sent.query.nonce);
			expect(decryptMessage(AES_KEY, body!.encrypt, APP_KEY)).toEqual({ ok: true, value: 'success' });
		}
		expect(server.runs).toHaveLength(1);
		expect(harness.logs.filter((log) => log.message.includes('repeated')).map((log) => log.level)).toEqual(['info', 'info']);
		const logged = JSON.stringify(harness.logs);
		for (const secret of SECRETS) expect(logged).not.toContain(secret);
	});

	it('still refuses a forged repeat of an accepted request', async () => {
		const request = signedRequest({ ...USER_ADD_ORG, eventId: 'replay-2' });
		expect((await post(request)).status).toBe(200);
		const forged = await post({ query: { ...request.query, msg_signature: '0'.repeat(40) }, body: request.body });
		expect(forged).toMatchObject({ status: 403, body: { message: 'Request refused' } });
		expect(server.runs).toHaveLength(1);
	});
});
