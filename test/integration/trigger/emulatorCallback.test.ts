// The HTTP callback trigger, run in n8n-core's WebhookContext, answering the emulator's pushes: DingTalk's
// every request variant, the SyncHTTP and suite-ticket pushes, and each fault the emulator can inject.
import { DEMO_EVENT_SETTINGS, startEmulator, type RunningEmulator } from '../../../emulator';
import { CALLBACK_FAULT_KINDS, type CallbackVariant, type PushResult } from '../../../emulator/events';
import type { N8nHarness } from '../../harness';
import { DEMO_SECRETS, corpCredential, leakedSecrets, suiteCredential } from './emulatorBed';
import { makeHarness, startWebhookServer, type WebhookServer } from './testbed';

let emulator: RunningEmulator;
let corp: { harness: N8nHarness; server: WebhookServer };
let suite: { harness: N8nHarness; server: WebhookServer };
let seq = 0;

beforeAll(async () => {
	emulator = await startEmulator();
	const corpHarness = makeHarness(corpCredential(emulator));
	const suiteHarness = makeHarness(suiteCredential(emulator));
	corp = { harness: corpHarness, server: await startWebhookServer(corpHarness, { eventTypes: '' }) };
	suite = { harness: suiteHarness, server: await startWebhookServer(suiteHarness, { eventTypes: '' }) };
});

afterAll(async () => {
	await corp?.server.stop();
	await suite?.server.stop();
	await emulator?.stop();
});

beforeEach(() => {
	for (const bed of [corp, suite]) {
		bed.harness.clearLogs();
		bed.server.runs.length = 0;
	}
});

const url = (server: WebhookServer) => `${server.url}/webhook/abc/webhook`;

/** A business event with an id no other test uses (the webhook's dedup outlives a test). */
function userAdded() {
	seq += 1;
	return { kind: 'business' as const, eventType: 'user_add_org', fields: { UserId: [`u${seq}`], eventId: `emu-${seq}` } };
}

/** The items of every run, flattened: one per event the workflow started with. */
const ranItems = (server: WebhookServer) => server.runs.flatMap((run) => run[0].map((item) => item.json));

function expectEveryReplyGood(result: PushResult) {
	for (const record of result.records) {
		expect({ status: record.status, accepted: record.accepted, problem: record.reply?.problem, inTime: record.withinDeadline }).toEqual({
			status: 200,
			accepted: true,
			problem: undefined,
			inTime: true,
		});
	}
}

function expectNoSecretLogged(harness: N8nHarness, extra: string[] = []) {
	expect(leakedSecrets(JSON.stringify(harness.logs), [...DEMO_SECRETS, ...extra])).toEqual([]);
}

const VARIANTS: CallbackVariant[] = [
	{ signatureParam: 'signature', timestampParam: 'timestamp', timestampUnit: 'seconds' },
	{ signatureParam: 'msg_signature', timestampParam: 'timestamp', timestampUnit: 'milliseconds' },
	{ signatureParam: 'msg_signature', timestampParam: 'timeStamp', timestampUnit: 'seconds' },
	{ signatureParam: 'signature', timestampParam: 'timeStamp', timestampUnit: 'milliseconds' },
];

describe('DingTalk Connect Trigger answering the emulator’s HTTP pushes', () => {
	it.each(VARIANTS)('accepts $signatureParam and $timestampParam in $timestampUnit: check_url runs nothing, a business event runs once', async (variant) => {
		const event = userAdded();
		const result = await emulator.events.pushCallbacks({ url: url(corp.server), app: 'corp', variant, events: [{ kind: 'probe' }, event] });
		expect(result.delivered).toBe(2);
		expectEveryReplyGood(result);
		expect(result.records.every((record) => record.reply?.echoedTimestampAndNonce === true)).toBe(true);
		expect(ranItems(corp.server)).toEqual([expect.objectContaining({ eventType: 'user_add_org', eventId: event.fields.eventId })]);
		expectNoSecretLogged(corp.harness);
	});

	it('starts one run with one item per bizData entry of a SYNC_HTTP_PUSH_HIGH', async () => {
		const items = [13, 14, 4].map((bizType, index) => ({
			biz_type: bizType,
			biz_id: `biz-${seq}-${index}`,
			corp_id: 'dingcorpa',
			id: 900000 + seq * 10 + index,
			biz_data: { syncAction: bizType === 4 ? 'org_suite_auth' : 'user_add_org', index },
		}));
		seq += 1;
		const result = await emulator.events.pushCallbacks({ url: url(suite.server), app: 'suite', events: [{ kind: 'syncHttpPush', items }] });
		expectEveryReplyGood(result);
		expect(suite.server.runs).toHaveLength(1);
		expect(ranItems(suite.server).map((item) => (item.data as { biz_data: { index: number } }).biz_data.index)).toEqual([0, 1, 2]);
		expectNoSecretLogged(suite.harness);
	});

	it.each(['syncHttp', 'legacy'] as const)('answers a %s suite-ticket push and never puts the ticket out', async (style) => {
		const event = emulator.events.suiteTicketEvent({ suiteKey: DEMO_EVENT_SETTINGS.suite.ownerKey, style, rotate: true });
		const ticket = /"(?:suiteTicket|SuiteTicket)":"([^"]+)"/.exec(JSON.stringify(event))?.[1] ?? '';
		expect(ticket).not.toBe('');
		const result = await emulator.events.pushCallbacks({ url: url(suite.server), app: 'suite', events: [event] });
		expectEveryReplyGood(result);
		expect(JSON.stringify(suite.server.runs)).not.toContain(ticket);
		expectNoSecretLogged(suite.harness, [ticket]);
	});

	it('answers the third-party probes with the success closed by the suite key', async () => {
		const result = await emulator.events.pushCallbacks({
			url: url(suite.server),
			app: 'suite',
			events: [{ kind: 'probe', eventType: 'check_create_suite_url' }, { kind: 'probe', eventType: 'check_update_suite_url' }],
		});
		expectEveryReplyGood(result);
		expect(suite.server.runs).toEqual([]);
	});

	it.each(CALLBACK_FAULT_KINDS.filter((kind) => kind !== 'replay'))('refuses a %s push: not accepted, nothing runs, the good neighbours do', async (kind) => {
		const before = userAdded();
		const faulty = userAdded();
		const after = userAdded();
		const result = await emulator.events.pushCallbacks({
			url: url(corp.server),
			app: 'corp',
			events: [before, faulty, after],
			faults: [{ at: 1, kind }],
			retries: 1,
			retryBackoffMs: 10,
		});
		const refused = result.records.filter((record) => record.eventIndex === 1);
		expect(refused).toHaveLength(2);
		for (const record of refused) {
			expect(record.accepted).toBe(false);
			expect(record.status).toBeGreaterThanOrEqual(400);
			expect(record.status).toBeLessThan(500);
			expect(record.withinDeadline).toBe(true);
		}
		expect(result.delivered).toBe(2);
		expect(ranItems(corp.server).map((item) => item.eventId)).toEqual([before.fields.eventId, after.fields.eventId]);
		expectNoSecretLogged(corp.harness);
	});

	it('answers an event pushed twice byte for byte with two successes and runs it once', async () => {
		const event = userAdded();
		const result = await emulator.events.pushCallbacks({ url: url(corp.server), app: 'corp', events: [event], faults: [{ at: 0, kind: 'replay' }] });
		expect(result.records.map((record) => ({ replay: record.replay, accepted: record.accepted }))).toEqual([
			{ replay: false, accepted: true },
			{ replay: true, accepted: true },
		]);
		expectEveryReplyGood(result);
		expect(corp.server.runs).toHaveLength(1);
		expect(ranItems(corp.server).map((item) => item.eventId)).toEqual([event.fields.eventId]);
		expectNoSecretLogged(corp.harness);
	});

	it('knows a retried event with no eventId by its plaintext and runs it once', async () => {
		seq += 1;
		const event = { kind: 'business' as const, eventType: 'user_leave_org', fields: { UserId: [`gone-${seq}`] } };
		const first = await emulator.events.pushCallbacks({ url: url(corp.server), app: 'corp', events: [event] });
		const again = await emulator.events.pushCallbacks({ url: url(corp.server), app: 'corp', events: [event], faults: [{ at: 0, kind: 'replay' }] });
		expectEveryReplyGood(first);
		expectEveryReplyGood(again);
		expect(again.records).toHaveLength(2);
		expect(ranItems(corp.server).map((item) => item.eventType)).toEqual(['user_leave_org']);
	});

	it('answers a retry of an event it already ran with success, and does not run it again', async () => {
		const event = userAdded();
		const first = await emulator.events.pushCallbacks({ url: url(corp.server), app: 'corp', events: [event] });
		// DingTalk's retry: the same plaintext, re-signed and re-encrypted with a fresh timestamp and nonce.
		const again = await emulator.events.pushCallbacks({ url: url(corp.server), app: 'corp', events: [event] });
		expectEveryReplyGood(first);
		expectEveryReplyGood(again);
		expect(ranItems(corp.server).map((item) => item.eventId)).toEqual([event.fields.eventId]);
	});
});
