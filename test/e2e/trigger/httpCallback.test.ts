// The HTTP callback trigger in the pinned n8n 2.x: an active workflow DingTalk Connect Trigger (HTTP) → DingTalk Connect
// Invoke. The emulator pushes 100 events to n8n's production webhook URL, some repeated, some bad: exactly
// the good, distinct ones run; every reply is valid and in time; no secret or plaintext reaches the log.
import { SEED_ASSETS } from '../../../emulator';
import type { CallbackEvent, CallbackFault, CallbackFaultKind } from '../../../emulator/events';
import { dingTalkNode } from '../lib/n8n';
import { waitUntil } from '../rest/client';
import { chain, keepLog, idsPerExecution, linesWith, secretsOf, settledExecutions, startTriggerBed, triggerItem, triggerNode, TRIGGER_CREDENTIAL, type TriggerBed } from './triggerBed';

const WORKFLOW_ID = 'e2eTriggerHttp0001';
const WEBHOOK_ID = '5b0c7c1e-8f0a-4c57-9d3e-7a1f00000001';
const ADD = SEED_ASSETS.addNumbers.connectAssetUri;

const BAD: CallbackFaultKind[] = ['badSignature', 'missingSignature', 'wrongOwnerKey', 'wrongAesKey', 'truncatedCipher', 'badBase64', 'staleTimestamp', 'bodyNotJson'];

let bed: TriggerBed;

beforeAll(async () => {
	const invoke = dingTalkNode({ resource: 'action', operation: 'invoke', action: { __rl: true, mode: 'uri', value: ADD }, inputMode: 'json', inputJson: '{"a": 1, "b": 2}', options: {} }, { name: 'Invoke' });
	invoke.credentials = { dingTalkConnectApi: { ...TRIGGER_CREDENTIAL } };
	bed = await startTriggerBed(chain('Trigger (HTTP) → Invoke', WORKFLOW_ID, [triggerNode('dingTalkConnectTrigger', { eventTypes: '' }, WEBHOOK_ID), invoke]));
}, 180_000);

afterAll(async () => {
	keepLog(bed);
	await bed?.stop();
});

const business = (n: number): CallbackEvent => ({
	kind: 'business',
	eventType: 'user_add_org',
	fields: { UserId: [`user-${n}`], eventId: `e2e-evt-${n}`, note: `plaintext-marker-${n}` },
});

test('100 pushed events: the 70 good distinct ones run once each, every reply valid and within 1,500 ms', async () => {
	// 1 probe, 70 good distinct events, 11 repeats of good ones (as DingTalk retries: re-signed and
	// re-encrypted), 18 bad pushes (every fault, twice or three times), and 1 event replayed byte for byte.
	const events: CallbackEvent[] = [{ kind: 'probe' }];
	const faults: CallbackFault[] = [];
	for (let n = 0; n < 70; n++) {
		events.push(business(n));
		if (n % 6 === 5) events.push(business(n - 3));
		if (n % 5 === 4 && faults.length < BAD.length * 2) {
			faults.push({ at: events.length, kind: BAD[faults.length % BAD.length] });
			events.push(business(1000 + n));
		}
	}
	faults.push({ at: 1, kind: 'replay' });
	// Pad to 100 with more bad pushes.
	while (events.length < 100) {
		faults.push({ at: events.length, kind: BAD[events.length % BAD.length] });
		events.push(business(2000 + events.length));
	}
	const badIndexes = new Set(faults.filter((fault) => fault.kind !== 'replay').map((fault) => fault.at));

	const started = Date.now();
	const result = await bed.emulator.events.pushCallbacks({ url: `${bed.n8n.url}/webhook/${WEBHOOK_ID}/webhook`, app: 'corp', events, faults, maxDurationMs: 60_000 });
	const pushMs = Date.now() - started;
	expect(result.stoppedEarly).toBe(false);

	const good = result.records.filter((record) => !badIndexes.has(record.eventIndex) && !record.replay);
	const bad = result.records.filter((record) => badIndexes.has(record.eventIndex));
	const replays = result.records.filter((record) => record.replay);
	expect(good).toHaveLength(100 - badIndexes.size);
	expect(good.filter((record) => !record.accepted || !record.withinDeadline || record.reply?.problem !== undefined)).toEqual([]);
	expect(bad.length).toBe(badIndexes.size);
	for (const record of bad) {
		expect({ accepted: record.accepted, clientError: record.status !== undefined && record.status >= 400 && record.status < 500, inTime: record.withinDeadline }).toEqual({ accepted: false, clientError: true, inTime: true });
	}
	// DingTalk counts anything but the encrypted success as a failed delivery, so a repeat gets it too (and runs nothing).
	expect(replays).toHaveLength(1);
	expect(replays.filter((record) => !record.accepted || record.reply?.problem !== undefined)).toEqual([]);
	const latencies = good.map((record) => record.latencyMs).sort((a, b) => a - b);

	const executions = await settledExecutions(bed.client, WORKFLOW_ID, 70, 60_000);
	expect(executions).toHaveLength(70);
	// A failed execution is shown with the texts its run data holds, so a failure says why.
	const failed = await Promise.all(
		executions
			.filter((execution) => execution.status !== 'success')
			.map(async (execution) => {
				const { data } = await bed.client.call<{ data: string }>('GET', `/executions/${execution.id}`);
				return { id: execution.id, texts: (String(data).match(/"[^"]*(DingTalk|[Ee]rror|instance|token)[^"]*"/g) ?? []).slice(0, 8) };
			}),
	);
	expect(failed).toEqual([]);
	const ids = await idsPerExecution(bed.client, executions, /e2e-evt-\d+/);
	expect(ids.every((found) => found.length === 1)).toBe(true);
	expect(ids.map((found) => found[0]).sort()).toEqual(Array.from({ length: 70 }, (_, n) => `e2e-evt-${n}`).sort());
	// A version-1 node (Event Types as text) puts out the current shape: the callback's seconds as milliseconds,
	// no organisation invented (the credential names none), when it came with the zone's offset.
	const item = await triggerItem(bed.client, executions[0].id);
	expect(item).toMatchObject({ eventType: 'user_add_org', eventId: ids[0][0], corpId: null, bornTime: expect.any(Number), data: { note: expect.any(String) } });
	expect(Math.abs((item.bornTime as number) - started)).toBeLessThan(120_000);
	expect(item.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
	expect(bed.emulator.invocations()).toHaveLength(70);

	const secrets = secretsOf(bed.emulator);
	// The Invoke nodes' access tokens are among them (the fixed secrets are 11).
	expect(secrets.length).toBeGreaterThan(11);
	expect(linesWith(bed.lines, secrets)).toEqual([]);
	expect(linesWith(bed.lines, ['plaintext-marker', 'user_add_org', '"EventType"'])).toEqual([]);
	// Every bad push that reaches the node is refused in one log line (a body that is not JSON is refused by
	// n8n's own parser before the node runs); n8n writes its log asynchronously.
	const reachingNode = faults.filter((fault) => fault.kind !== 'replay' && fault.kind !== 'bodyNotJson').length;
	const refusals = () => bed.lines.filter((line) => line.includes('DingTalk callback refused'));
	await waitUntil(() => refusals().length >= reachingNode, 10_000, 100);
	expect(refusals().length).toBeGreaterThanOrEqual(reachingNode);
	process.stdout.write(
		`HTTP e2e: ${result.records.length} requests in ${pushMs} ms; good reply p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms, ` +
			`max ${latencies[latencies.length - 1].toFixed(1)} ms; ${executions.length} executions; ${bed.lines.length} log lines scanned\n`,
	);
}, 120_000);
