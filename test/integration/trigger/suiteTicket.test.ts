// The HTTP trigger of a third-party app receives DingTalk's suite-ticket push (played by the emulator,
// signed and encrypted with the suite's event settings): the credential's token is renewed with the
// pushed ticket at once and the ticket is stored, so the next invoke anywhere works with it.
import { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS, startEmulator, type RunningEmulator } from '../../../emulator';
import { resetProcessMemory } from '../../harness/processMemory';
import { CREDENTIAL_ID, makeHarness, startWebhookServer, type WebhookServer } from './testbed';
import type { N8nHarness } from '../../harness';

let emulator: RunningEmulator;

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
let harness: N8nHarness;
let server: WebhookServer;

beforeAll(async () => {
	emulator = await startEmulator({ config: { qpsLimit: 0, previousSuiteTicketValid: false } });
	const { token, aesKey } = DEMO_EVENT_SETTINGS.suite;
	harness = makeHarness({
		appType: 'thirdParty',
		...DEMO_CREDENTIALS.suite,
		baseUrl: emulator.url,
		accessToken: '',
		eventToken: token,
		eventAesSecretKey: aesKey,
		eventOwnerKey: 'appKey',
	});
	server = await startWebhookServer(harness, { eventTypes: '' });
});

afterAll(async () => {
	await server.stop();
	await emulator.stop();
	resetProcessMemory();
});

it.each(['syncHttp', 'legacy'] as const)('a %s suite-ticket push renews the token with the new ticket and stores it', async (style) => {
	emulator.resetCounters();
	const result = await emulator.events.pushCallbacks({
		url: `${server.url}/webhook/abc/webhook`,
		app: 'suite',
		events: [{ kind: 'suiteTicket', style, rotate: true }],
	});
	expect(result.delivered).toBe(1);
	expect(result.records[0].reply?.success).toBe(true);
	// The reply goes out first (DingTalk's 1,500 ms); the token is renewed right after it, then one cheap read.
	await waitFor(() => emulator.counters().requests.searchConnectors >= 1);
	const stored = harness.getStoredCredential(CREDENTIAL_ID);
	// The emulator refuses every ticket but its newest: a token was issued, so the stored ticket is that one.
	expect(emulator.counters().requests.corpAccessToken).toBe(1);
	expect(emulator.counters().tokensIssued).toBe(1);
	expect(stored.suiteTicket).not.toBe(DEMO_CREDENTIALS.suite.suiteTicket);
	expect(Number(stored.suiteTicketReceivedAt)).toBeGreaterThan(0);
	// The ticket never reaches the workflow's items nor n8n's log.
	expect(JSON.stringify(server.runs)).not.toContain(String(stored.suiteTicket));
	expect(JSON.stringify(harness.logs)).not.toContain(String(stored.suiteTicket));
});
