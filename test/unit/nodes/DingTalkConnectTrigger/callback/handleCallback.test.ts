import { handleCallback, type CallbackContext } from '../../../../../nodes/DingTalkConnectTrigger/callback/handleCallback';
import { decryptMessage } from '../../../../../nodes/DingTalkConnectTrigger/helpers/callbackCrypto';
import { RecentIds } from '../../../../../nodes/events/recentIds';
import { plaintextId } from '../../../../../nodes/events/event';
import {
	AES_KEY,
	APP_KEY,
	KEYS,
	TOKEN,
	USER_ADD_ORG,
	encryptRaw,
	layout,
	pad32,
	signEncrypt,
	signedRequest,
	syncPush,
} from '../helpers/callbackFixtures';
import { callbackSignature, encryptMessage } from '../../../../../nodes/DingTalkConnectTrigger/helpers/callbackCrypto';

function context(overrides: Partial<CallbackContext> = {}): CallbackContext {
	return {
		keys: { ok: true, keys: KEYS },
		identity: 'wf1/node1/app',
		eventTypes: [],
		recent: new RecentIds({ maxSize: 100, maxAgeMs: 60_000 }),
		nowMs: Date.now(),
		replayWindowMs: 3_600_000,
		...overrides,
	};
}

describe('handleCallback: accepted requests', () => {
	it('answers the check_url probe with the encrypted success and no events', () => {
		const request = signedRequest({ EventType: 'check_url' }, { timestamp: '1700000000123', nonce: 'abc' });
		const outcome = handleCallback(request.query, request.body, context({ nowMs: 1700000000123 }));
		expect(outcome.kind).toBe('probe');
		if (outcome.kind !== 'probe') return;
		expect(outcome.reply.timeStamp).toBe('1700000000123');
		expect(outcome.reply.nonce).toBe('abc');
		expect(decryptMessage(AES_KEY, outcome.reply.encrypt, APP_KEY)).toEqual({ ok: true, value: 'success' });
		expect(outcome.reply.msg_signature).toBe(callbackSignature(TOKEN, '1700000000123', 'abc', outcome.reply.encrypt));
	});

	it.each(['check_create_suite_url', 'check_update_suite_url'])('treats %s as a probe', (eventType) => {
		const request = signedRequest({ EventType: eventType, Random: 'r', TestSuiteKey: 'suite' });
		expect(handleCallback(request.query, request.body, context()).kind).toBe('probe');
	});

	it('accepts the other parameter names (signature, timeStamp) and seconds timestamps', () => {
		const seconds = String(Math.floor(Date.now() / 1000));
		const signed = signedRequest(USER_ADD_ORG, { timestamp: seconds });
		const query = { signature: signed.query.msg_signature, timeStamp: seconds, nonce: signed.query.nonce };
		const outcome = handleCallback(query, signed.body, context());
		expect(outcome.kind).toBe('events');
	});

	it('turns a business event into one event with the query (minus signature) as headers', () => {
		const request = signedRequest(USER_ADD_ORG, { timestamp: '1700000000000', nonce: 'n1' });
		const outcome = handleCallback(request.query, request.body, context({ nowMs: 1700000000000 }));
		expect(outcome).toMatchObject({
			kind: 'events',
			events: [
				{
					eventType: 'user_add_org',
					eventId: 'evt-1',
					corpId: 'dingcorp1',
					bornTime: 1700000000000,
					// The envelope (EventType, eventId, CorpId) is at the top level, as Stream has it in its headers.
					data: { TimeStamp: '1700000000000', UserId: ['u1'] },
					headers: { timestamp: '1700000000000', nonce: 'n1' },
				},
			],
		});
	});

	it('splits a SYNC_HTTP_PUSH into one event per bizData entry with biz_data parsed, and exposes a suite ticket', () => {
		const entries = [
			{ id: 11, biz_type: 2, corp_id: 'dingowner', biz_id: 'suite1', gmt_modified: 1700000000000, biz_data: JSON.stringify({ syncAction: 'suite_ticket', suiteTicket: 'TICKET-1' }) },
			{ id: 12, biz_type: 13, corp_id: 'dingcorp2', biz_id: 'u2', gmt_create: 1700000000001, biz_data: JSON.stringify({ syncAction: 'user_add_org', userid: 'u2' }) },
		];
		const request = signedRequest(syncPush(entries));
		const outcome = handleCallback(request.query, request.body, context());
		expect(outcome.kind).toBe('events');
		if (outcome.kind !== 'events') return;
		expect(outcome.events.map((e) => [e.eventType, e.eventId, e.corpId, e.bornTime])).toEqual([
			['suite_ticket', '11', 'dingowner', 1700000000000],
			['user_add_org', '12', 'dingcorp2', 1700000000001],
		]);
		expect(outcome.events[0].suiteTicket).toBe('TICKET-1');
		expect(outcome.events[1].data.biz_data).toEqual({ syncAction: 'user_add_org', userid: 'u2' });
	});

	it('exposes the legacy suite_ticket event ticket', () => {
		const request = signedRequest({ EventType: 'suite_ticket', SuiteKey: 'suite1', SuiteTicket: 'T-2', TimeStamp: '1700000000000' });
		const outcome = handleCallback(request.query, request.body, context());
		expect(outcome.kind === 'events' && outcome.events[0].suiteTicket).toBe('T-2');
	});

	it('drops repeats of an event id and events of unkept types, still answering success', () => {
		const recent = new RecentIds({ maxSize: 100, maxAgeMs: 60_000 });
		const first = signedRequest(USER_ADD_ORG, { nonce: 'a' });
		const again = signedRequest(USER_ADD_ORG, { nonce: 'b' });
		expect(handleCallback(first.query, first.body, context({ recent }))).toMatchObject({ kind: 'events', repeats: 0 });
		const repeat = handleCallback(again.query, again.body, context({ recent }));
		expect(repeat).toMatchObject({ kind: 'events', events: [], repeats: 1 });
		const otherNode = handleCallback(again.query, again.body, context({ recent, identity: 'wf2/node1/app' }));
		expect(otherNode).toMatchObject({ kind: 'events', repeats: 0 });
		const filteredRequest = signedRequest({ ...USER_ADD_ORG, eventId: 'evt-2' });
		const filtered = handleCallback(filteredRequest.query, filteredRequest.body, context({ recent, eventTypes: ['bpms_instance_change'] }));
		expect(filtered).toMatchObject({ kind: 'events', events: [], filtered: 1 });
		expect(filtered.kind === 'events' && filtered.reply.encrypt).toBeTruthy();
	});
});

describe('handleCallback: repeats of accepted requests', () => {
	const expectSuccessReply = (outcome: ReturnType<typeof handleCallback>, timestamp: string, nonce: string) => {
		if (outcome.kind === 'refused') throw new Error(`refused: ${outcome.reason}`);
		expect(outcome.reply).toMatchObject({ timeStamp: timestamp, nonce });
		expect(decryptMessage(AES_KEY, outcome.reply.encrypt, APP_KEY)).toEqual({ ok: true, value: 'success' });
		expect(outcome.reply.msg_signature).toBe(callbackSignature(TOKEN, timestamp, nonce, outcome.reply.encrypt));
	};

	it('answers a byte-for-byte repeat with the encrypted success and hands on no event', () => {
		const recent = new RecentIds({ maxSize: 100, maxAgeMs: 60_000 });
		const timestamp = String(Date.now());
		const request = signedRequest(USER_ADD_ORG, { timestamp, nonce: 'same' });
		expect(handleCallback(request.query, request.body, context({ recent }))).toMatchObject({ kind: 'events', events: [{ eventId: 'evt-1' }], repeats: 0 });
		const repeat = handleCallback(request.query, request.body, context({ recent }));
		expect(repeat).toMatchObject({ kind: 'events', events: [], seenIds: [], repeats: 1, suiteTickets: [] });
		expectSuccessReply(repeat, timestamp, 'same');
	});

	it('answers a repeated check_url probe as the first one', () => {
		const recent = new RecentIds({ maxSize: 100, maxAgeMs: 60_000 });
		const request = signedRequest({ EventType: 'check_url' });
		expect(handleCallback(request.query, request.body, context({ recent })).kind).toBe('probe');
		expect(handleCallback(request.query, request.body, context({ recent })).kind).toBe('probe');
	});

	it('knows an event with no id by its plaintext when DingTalk re-encrypts it with a fresh nonce and timestamp', () => {
		const recent = new RecentIds({ maxSize: 100, maxAgeMs: 60_000 });
		const noId = { EventType: 'user_leave_org', CorpId: 'dingcorp1', UserId: ['u9'] };
		const first = signedRequest(noId, { timestamp: String(Date.now() - 5000), nonce: 'first' });
		const outcome = handleCallback(first.query, first.body, context({ recent }));
		// Its eventId is the hash of the plaintext, never the request's signature (which a retry changes).
		expect(outcome).toMatchObject({ kind: 'events', events: [{ eventId: plaintextId(JSON.stringify(noId)) }], repeats: 0 });
		expect(JSON.stringify(outcome)).not.toContain(String(first.query.msg_signature));
		const timestamp = String(Date.now());
		const retry = signedRequest(noId, { timestamp, nonce: 'retry' });
		const repeat = handleCallback(retry.query, retry.body, context({ recent }));
		expect(repeat).toMatchObject({ kind: 'events', events: [], repeats: 1 });
		expectSuccessReply(repeat, timestamp, 'retry');
		const other = signedRequest({ ...noId, UserId: ['u10'] }, { nonce: 'other' });
		expect(handleCallback(other.query, other.body, context({ recent }))).toMatchObject({ kind: 'events', events: [{ eventType: 'user_leave_org' }], repeats: 0 });
	});

	it('runs the repeat of an event whose ids were forgotten because its first delivery went nowhere', () => {
		const recent = new RecentIds({ maxSize: 100, maxAgeMs: 60_000 });
		const request = signedRequest(USER_ADD_ORG);
		const first = handleCallback(request.query, request.body, context({ recent }));
		if (first.kind !== 'events') throw new Error(first.kind);
		expect(first.seenIds).toHaveLength(1);
		for (const seenId of first.seenIds) recent.forget('wf1/node1/app', seenId);
		expect(handleCallback(request.query, request.body, context({ recent }))).toMatchObject({ kind: 'events', events: [{ eventId: 'evt-1' }], repeats: 0 });
	});

	it('hands on a suite ticket once, not again with its repeat, even when its event is filtered out', () => {
		const recent = new RecentIds({ maxSize: 100, maxAgeMs: 60_000 });
		const ticket = { EventType: 'suite_ticket', SuiteKey: 'suite1', SuiteTicket: 'T-3', TimeStamp: '1700000000000' };
		const first = signedRequest(ticket, { nonce: 'one' });
		const again = signedRequest(ticket, { nonce: 'two' });
		const onlyUsers = context({ recent, eventTypes: ['user_add_org'] });
		expect(handleCallback(first.query, first.body, onlyUsers)).toMatchObject({ events: [], filtered: 1, suiteTickets: ['T-3'] });
		expect(handleCallback(again.query, again.body, onlyUsers)).toMatchObject({ events: [], repeats: 1, suiteTickets: [] });
	});

	it('runs only the new entries of a SyncHTTP push that repeats some', () => {
		const recent = new RecentIds({ maxSize: 100, maxAgeMs: 60_000 });
		const entry = (id: number) => ({ id, biz_type: 13, corp_id: 'dingcorp', biz_data: JSON.stringify({ syncAction: 'user_add_org' }) });
		const first = signedRequest(syncPush([entry(1), entry(2)]));
		const next = signedRequest(syncPush([entry(2), entry(3)]), { nonce: 'next' });
		handleCallback(first.query, first.body, context({ recent }));
		const outcome = handleCallback(next.query, next.body, context({ recent }));
		expect(outcome).toMatchObject({ kind: 'events', repeats: 1 });
		expect(outcome.kind === 'events' && outcome.events.map((event) => event.eventId)).toEqual(['3']);
	});
});

describe('handleCallback: refused requests', () => {
	const good = () => signedRequest(USER_ADD_ORG);
	const withQuery = (patch: Record<string, unknown>, drop: string[] = []) => {
		const request = good();
		const query: Record<string, unknown> = { ...request.query, ...patch };
		for (const name of drop) delete query[name];
		return { query, body: request.body };
	};
	const huge = 'A'.repeat(1024 * 1024 + 4);

	const cases: Array<[string, () => { query: unknown; body: unknown }, string, number]> = [
		['no query at all', () => ({ query: undefined, body: good().body }), 'missing signature', 400],
		['no signature', () => withQuery({}, ['msg_signature']), 'missing signature', 400],
		['a signature that is not 40 hex digits', () => withQuery({ msg_signature: 'zz' }), 'missing signature', 400],
		['a repeated signature parameter', () => withQuery({ msg_signature: ['a', 'b'] }), 'missing signature', 400],
		['no timestamp', () => withQuery({}, ['timestamp']), 'missing timestamp', 400],
		['a timestamp that is not digits', () => withQuery({ timestamp: '12:00' }), 'bad timestamp', 400],
		['no nonce', () => withQuery({}, ['nonce']), 'missing nonce', 400],
		['no body', () => ({ query: good().query, body: undefined }), 'missing encrypt', 400],
		['an encrypt that is not a string', () => ({ query: good().query, body: { encrypt: 42 } }), 'missing encrypt', 400],
		['an array body', () => ({ query: good().query, body: [good().body] }), 'missing encrypt', 400],
		['an oversized encrypt', () => signEncrypt(huge), 'encrypt too large', 413],
		['an encrypt that is not base64', () => signEncrypt('not base64!!'), 'encrypt not base64', 400],
		['a garbled encrypt (base64, not whole blocks)', () => signEncrypt('QUJDRA=='), 'bad ciphertext', 400],
		['a wrong signature', () => withQuery({ msg_signature: 'a'.repeat(40) }), 'signature mismatch', 403],
		['a signature by another token', () => {
			const request = good();
			const { timestamp, nonce } = request.query as { timestamp: string; nonce: string };
			return { query: { ...request.query, msg_signature: callbackSignature('other', timestamp, nonce, request.body.encrypt as string) }, body: request.body };
		}, 'signature mismatch', 403],
		['a swapped body under a valid signature', () => ({ query: good().query, body: signedRequest({ EventType: 'x' }).body }), 'signature mismatch', 403],
		['a stale timestamp', () => signedRequest(USER_ADD_ORG, { timestamp: String(Date.now() - 2 * 3_600_000) }), 'stale timestamp', 403],
		['a wrong closing key', () => signedRequest(USER_ADD_ORG, { ownerKey: 'dingsomeoneelse' }), 'wrong closing key', 403],
		['bad padding', () => {
			const padded = pad32(layout('{"EventType":"x"}', APP_KEY));
			padded[padded.length - 3] ^= 7;
			return signEncrypt(encryptRaw(padded));
		}, 'bad padding', 400],
		['a length field past the end', () => signEncrypt(encryptRaw(pad32(layout('{"EventType":"x"}', APP_KEY, 4096)))), 'length past the end', 400],
		['a non-JSON plaintext', () => signedRequest('success'), 'not JSON', 400],
		['a JSON array plaintext', () => signedRequest('[1,2]'), 'not JSON', 400],
		['a plaintext with no EventType', () => signedRequest({ eventId: 'x' }), 'no event type', 400],
		['a SYNC_HTTP_PUSH without bizData', () => signedRequest({ EventType: 'SYNC_HTTP_PUSH_MEDIUM' }), 'bad bizData', 400],
		['a SYNC_HTTP_PUSH with unparsable biz_data', () => signedRequest(syncPush([{ id: 1, biz_type: 13, biz_data: '{oops' }])), 'bad bizData', 400],
	];

	it.each(cases)('refuses %s', (_label, build, reason, status) => {
		const { query, body } = build();
		expect(handleCallback(query, body, context())).toEqual({ kind: 'refused', reason, status });
	});

	it('counts at least 15 kinds of bad request', () => {
		expect(new Set(cases.map(([, , reason]) => reason)).size).toBeGreaterThanOrEqual(15);
	});

	it('refuses a forged repeat of an accepted request: a bad signature, a stale timestamp or another closing key', () => {
		const recent = new RecentIds({ maxSize: 100, maxAgeMs: 60_000 });
		const request = signedRequest(USER_ADD_ORG);
		expect(handleCallback(request.query, request.body, context({ recent })).kind).toBe('events');
		const forged = { ...request.query, msg_signature: 'e'.repeat(40) };
		expect(handleCallback(forged, request.body, context({ recent }))).toEqual({ kind: 'refused', reason: 'signature mismatch', status: 403 });
		const later = context({ recent, nowMs: Date.now() + 2 * 3_600_000 });
		expect(handleCallback(request.query, request.body, later)).toEqual({ kind: 'refused', reason: 'stale timestamp', status: 403 });
		const stranger = signedRequest(USER_ADD_ORG, { ownerKey: 'dingsomeoneelse' });
		expect(handleCallback(stranger.query, stranger.body, context({ recent }))).toEqual({ kind: 'refused', reason: 'wrong closing key', status: 403 });
	});

	it('refuses every request while the credential lacks its event keys', () => {
		const request = good();
		expect(handleCallback(request.query, request.body, context({ keys: { ok: false, reason: 'credential has no Event Token' } }))).toEqual({
			kind: 'refused',
			reason: 'credential has no Event Token',
			status: 500,
		});
	});

	it('does not record a refused request, so the genuine one is still accepted', () => {
		const recent = new RecentIds({ maxSize: 100, maxAgeMs: 60_000 });
		const request = signedRequest(USER_ADD_ORG);
		handleCallback({ ...request.query, msg_signature: 'b'.repeat(40) }, request.body, context({ recent }));
		expect(recent.size).toBe(0);
		expect(handleCallback(request.query, request.body, context({ recent })).kind).toBe('events');
	});

	it('keeps a message made with another AES key out', () => {
		const other = Buffer.alloc(32, 7);
		const request = signEncrypt(encryptMessage(other, '{"EventType":"x"}', APP_KEY));
		const outcome = handleCallback(request.query, request.body, context());
		if (outcome.kind !== 'refused') throw new Error(`accepted: ${outcome.kind}`);
		expect(['bad padding', 'length past the end', 'wrong closing key']).toContain(outcome.reason);
	});
});
