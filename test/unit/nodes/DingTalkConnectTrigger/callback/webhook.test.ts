import { DingTalkConnectTrigger } from '../../../../../nodes/DingTalkConnectTrigger/DingTalkConnectTrigger.node';
import { answerCallback } from '../../../../../nodes/DingTalkConnectTrigger/callback/webhook';
import { decryptMessage } from '../../../../../nodes/DingTalkConnectTrigger/helpers/callbackCrypto';
import { RecentIds } from '../../../../../nodes/events/recentIds';
import { AES_KEY, APP_KEY, CREDENTIALS, ENCODING_AES_KEY, TOKEN, USER_ADD_ORG, signedRequest, syncPush } from '../helpers/callbackFixtures';
import { fakeContext, type Captured } from './webhookFakes';

const SECRETS = [TOKEN, ENCODING_AES_KEY, CREDENTIALS.appSecret, AES_KEY.toString('base64')];

describe('DingTalk Connect Trigger webhook', () => {
	it('answers an event with the encrypted success and hands the workflow one item per event', async () => {
		const { context, captured } = fakeContext(signedRequest(USER_ADD_ORG));
		const result = await answerCallback.call(context, new RecentIds({ maxSize: 10, maxAgeMs: 60_000 }));
		expect(captured.status).toBe(200);
		const reply = captured.body as { encrypt: string };
		expect(decryptMessage(AES_KEY, reply.encrypt, APP_KEY)).toEqual({ ok: true, value: 'success' });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData).toEqual([
			[
				{
					json: {
						eventType: 'user_add_org',
						eventId: 'evt-1',
						corpId: 'dingcorp1',
						bornTime: 1700000000000,
						data: { TimeStamp: '1700000000000', UserId: ['u1'] },
						receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/),
						headers: expect.objectContaining({ nonce: 'nonce123' }),
					},
				},
			],
		]);
		expect(captured.logs).toEqual([]);
	});

	it('answers a probe without running the workflow', async () => {
		const { context, captured } = fakeContext(signedRequest({ EventType: 'check_url' }));
		const result = await answerCallback.call(context, new RecentIds({ maxSize: 10, maxAgeMs: 60_000 }));
		expect(captured.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
	});

	it('keeps only the chosen event types and never shows a suite ticket', async () => {
		const entries = [
			{ id: 1, biz_type: 2, corp_id: 'dingowner', biz_data: JSON.stringify({ syncAction: 'suite_ticket', suiteTicket: 'SECRET-TICKET' }) },
			{ id: 2, biz_type: 13, corp_id: 'dingcorp', biz_data: JSON.stringify({ syncAction: 'user_add_org' }) },
			{ id: 3, biz_type: 14, corp_id: 'dingcorp', biz_data: JSON.stringify({ syncAction: 'org_dept_create' }) },
		];
		const { context } = fakeContext(signedRequest(syncPush(entries)), { eventTypes: 'suite_ticket, user_add_org' });
		const result = await answerCallback.call(context, new RecentIds({ maxSize: 10, maxAgeMs: 60_000 }));
		const items = result.workflowData?.[0] ?? [];
		expect(items.map((item) => item.json.eventType)).toEqual(['suite_ticket', 'user_add_org']);
		expect(JSON.stringify(items)).not.toContain('SECRET-TICKET');
	});

	const expectRepeatAnswered = (captured: Captured, request: { query: Record<string, unknown> }) => {
		expect(captured.status).toBe(200);
		const reply = captured.body as { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };
		expect(Object.keys(reply).sort()).toEqual(['encrypt', 'msg_signature', 'nonce', 'timeStamp']);
		expect({ timeStamp: reply.timeStamp, nonce: reply.nonce }).toEqual({ timeStamp: request.query.timestamp, nonce: request.query.nonce });
		expect(decryptMessage(AES_KEY, reply.encrypt, APP_KEY)).toEqual({ ok: true, value: 'success' });
		expect(captured.logs.map(({ level, message }) => [level, message])).toEqual([
			['info', 'DingTalk callback repeated 1 event(s) already accepted: answered success, started nothing for them'],
		]);
		const logged = JSON.stringify(captured.logs);
		for (const secret of SECRETS) expect(logged).not.toContain(secret);
	};

	it.each([
		['a byte-for-byte repeat', () => [signedRequest(USER_ADD_ORG)].flatMap((request) => [request, request])],
		[
			'the same event re-encrypted with a fresh nonce and timestamp',
			() => [signedRequest(USER_ADD_ORG, { nonce: 'one', timestamp: String(Date.now() - 2000) }), signedRequest(USER_ADD_ORG, { nonce: 'two' })],
		],
	])('answers %s with the encrypted success, runs nothing and logs one line', async (_repeat, requests) => {
		const recent = new RecentIds({ maxSize: 10, maxAgeMs: 60_000 });
		const [first, again] = requests();
		expect((await answerCallback.call(fakeContext(first).context, recent)).workflowData).toHaveLength(1);
		const { context, captured } = fakeContext(again);
		const result = await answerCallback.call(context, recent);
		expect(result).toEqual({ noWebhookResponse: true });
		expectRepeatAnswered(captured, again);
	});

	it('runs the repeat of an event whose first answer could not be sent', async () => {
		const recent = new RecentIds({ maxSize: 10, maxAgeMs: 60_000 });
		const request = signedRequest(USER_ADD_ORG);
		await expect(answerCallback.call(fakeContext(request, { replyFails: true }).context, recent)).rejects.toThrow('socket closed');
		const { context, captured } = fakeContext(request);
		const result = await answerCallback.call(context, recent);
		expect(captured.status).toBe(200);
		expect(result.workflowData?.[0].map((item) => item.json.eventId)).toEqual(['evt-1']);
		expect(captured.logs).toEqual([]);
	});

	it('refuses a forged repeat of an accepted request', async () => {
		const recent = new RecentIds({ maxSize: 10, maxAgeMs: 60_000 });
		const request = signedRequest(USER_ADD_ORG);
		await answerCallback.call(fakeContext(request).context, recent);
		const { context, captured } = fakeContext({ query: { ...request.query, msg_signature: 'f'.repeat(40) }, body: request.body });
		expect(await answerCallback.call(context, recent)).toEqual({ noWebhookResponse: true });
		expect(captured.status).toBe(403);
		expect(captured.body).toEqual({ message: 'Request refused' });
	});

	it.each([
		['a wrong signature', () => ({ ...signedRequest(USER_ADD_ORG), query: { ...signedRequest(USER_ADD_ORG).query, msg_signature: 'c'.repeat(40) } }), 'signature mismatch', 403],
		['a wrong closing key', () => signedRequest(USER_ADD_ORG, { ownerKey: 'dingother' }), 'wrong closing key', 403],
		['a non-JSON plaintext', () => signedRequest('plain words with a secret'), 'not JSON', 400],
		['no encrypt', () => ({ query: signedRequest(USER_ADD_ORG).query, body: {} }), 'missing encrypt', 400],
	])('refuses %s with a bare 4xx, no workflow data and one warning without secrets', async (_label, build, reason, status) => {
		const { context, captured } = fakeContext(build());
		const result = await answerCallback.call(context, new RecentIds({ maxSize: 10, maxAgeMs: 60_000 }));
		expect(captured.status).toBe(status);
		expect(captured.body).toEqual({ message: 'Request refused' });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(captured.logs).toHaveLength(1);
		expect(captured.logs[0].level).toBe('warn');
		expect(captured.logs[0].message).toBe(`DingTalk callback refused: ${reason}`);
		const logged = JSON.stringify(captured.logs);
		for (const secret of SECRETS) expect(logged).not.toContain(secret);
		expect(logged).not.toContain('plain words');
	});

	it('refuses with a 500 and a clear line when the credential has no event keys', async () => {
		const withoutToken = { ...CREDENTIALS, eventToken: '' };
		const { context, captured } = fakeContext(signedRequest(USER_ADD_ORG), { credentials: withoutToken });
		await answerCallback.call(context, new RecentIds({ maxSize: 10, maxAgeMs: 60_000 }));
		expect(captured.status).toBe(500);
		expect(captured.logs.map((l) => l.message)).toEqual(['DingTalk callback refused: credential has no Event Token']);
	});
});

describe('DingTalk Connect Trigger description', () => {
	const node = new DingTalkConnectTrigger();

	it('is a POST webhook trigger on the shared credential, not usable as a tool', () => {
		expect(node.description.name).toBe('dingTalkConnectTrigger');
		expect(node.description.inputs).toEqual([]);
		expect(node.description.group).toEqual(['trigger']);
		expect(node.description.usableAsTool).toBeUndefined();
		expect(node.description.credentials).toEqual([{ name: 'dingTalkConnectApi', required: true }]);
		expect(node.description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }]);
	});

	it('has the webhook lifecycle the scanner asks for, with nothing to register remotely', async () => {
		const methods = node.webhookMethods.default;
		const hook = {} as never;
		expect(await methods.checkExists.call(hook)).toBe(true);
		expect(await methods.create.call(hook)).toBe(true);
		expect(await methods.delete.call(hook)).toBe(true);
	});
});
