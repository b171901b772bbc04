// Suite-ticket rotation in the pinned n8n 2.x: DingTalk rotates a third-party app's suite ticket and refuses the
// old one. Once the active HTTP trigger has received the push, the next invoke works with exactly one
// token fetch in all: in n8n's main process, and in a second n8n process (`n8n execute`) that never saw it.
import { DEMO_CREDENTIALS, SEED_ASSETS } from '../../../emulator';
import { executeWorkflow } from '../../../scripts/n8n/runtime.mjs';
import { dingTalkNode, manualWorkflow } from '../lib/n8n';
import { getExecution, runManually, waitUntil } from '../rest/client';
import { chain, keepLog, secretsOf, linesWith, startTriggerBed, triggerNode, TRIGGER_CREDENTIAL, type TriggerBed } from './triggerBed';

const TRIGGER_ID = 'e2eTriggerTicket01';
const INVOKE_ID = 'e2eTicketInvoke001';
const WEBHOOK_ID = '5b0c7c1e-8f0a-4c57-9d3e-7a1f00000003';

let bed: TriggerBed;

beforeAll(async () => {
	const invoke = dingTalkNode(
		{ resource: 'action', operation: 'invoke', action: { __rl: true, mode: 'uri', value: SEED_ASSETS.addNumbers.connectAssetUri }, inputMode: 'json', inputJson: '{"a": 2, "b": 3}', options: {} },
		{ name: 'Invoke' },
	);
	invoke.credentials = { dingTalkConnectApi: { ...TRIGGER_CREDENTIAL } };
	// The trigger keeps only user events: the ticket push starts no execution, and is kept all the same.
	const trigger = chain('Suite ticket: HTTP trigger', TRIGGER_ID, [triggerNode('dingTalkConnectTrigger', { eventTypes: 'user_add_org' }, WEBHOOK_ID)]);
	bed = await startTriggerBed(trigger, {}, {
		app: 'suite',
		emulatorConfig: { previousSuiteTicketValid: false },
		more: [{ ...manualWorkflow('Suite ticket: invoke', [invoke]), id: INVOKE_ID }],
	});
}, 180_000);

afterAll(async () => {
	keepLog(bed);
	await bed?.stop();
});

test('after a pushed, rotated ticket the next invoke works with one token fetch, in a second n8n process too', async () => {
	const { emulator } = bed;
	// DingTalk rotates the ticket (the credential's own one is now refused) and every token issued so far expires.
	const ticket = emulator.rotateSuiteTicket(DEMO_CREDENTIALS.suite.suiteKey);
	emulator.expireAllTokens();
	emulator.resetCounters();
	const pushed = await emulator.events.pushCallbacks({
		url: `${bed.n8n.url}/webhook/${WEBHOOK_ID}/webhook`,
		app: 'suite',
		events: [{ kind: 'suiteTicket' }],
	});
	expect(pushed.delivered).toBe(1);
	expect(pushed.records[0].reply?.success).toBe(true);
	// The trigger renewed the token with the pushed ticket right after answering (then made one cheap read).
	expect(await waitUntil(() => emulator.counters().requests.searchConnectors >= 1, 30_000, 50)).toBe(true);
	expect(emulator.counters().tokensIssued).toBe(1);

	const inMain = await runManually(bed.client, INVOKE_ID);
	expect(await waitUntil(async () => (await getExecution(bed.client, inMain)).status === 'success', 60_000, 100)).toBe(true);
	const second = await executeWorkflow(bed.instance, INVOKE_ID);
	expect(second.status).toBe('success');

	const counters = emulator.counters();
	expect(counters.requests.corpAccessToken).toBe(1);
	expect(counters.executed.invokeInstance).toBe(2);
	// The ticket push started no execution (filtered out), and no secret or ticket reached n8n's log.
	expect(linesWith(bed.lines, [...secretsOf(emulator), ticket])).toEqual([]);
});
