// The credential's "Test" button (what n8n's CredentialsTester does) against the emulator, in
// both modes: success, each token error as a readable message, and refusals before any call.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DingTalkConnectApi } from '../../../credentials/DingTalkConnectApi.credentials';
import type { RunningEmulator } from '../../../emulator';
import { DEMO_CREDENTIALS, startEmulator } from '../../../emulator';
import { N8nHarness } from '../../harness';

let emulator: RunningEmulator;
let harness: N8nHarness;

const corp = (patch: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject => ({
	appType: 'internal',
	...DEMO_CREDENTIALS.corp,
	baseUrl: emulator.url,
	...patch,
});
const suite = (patch: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject => ({
	appType: 'thirdParty',
	...DEMO_CREDENTIALS.suite,
	baseUrl: emulator.url,
	...patch,
});

async function test(data: ICredentialDataDecryptedObject) {
	return await harness.testCredential({ type: 'dingTalkConnectApi', data });
}

beforeAll(async () => {
	emulator = await startEmulator();
	harness = new N8nHarness({ nodeTypes: {}, credentialTypes: { dingTalkConnectApi: new DingTalkConnectApi() } });
});

afterAll(async () => {
	await emulator.stop();
});

beforeEach(() => {
	emulator.reset();
	harness.clearLogs();
});

const secrets = () => [
	DEMO_CREDENTIALS.corp.appSecret,
	DEMO_CREDENTIALS.suite.suiteSecret,
	DEMO_CREDENTIALS.suite.suiteTicket,
	'wrong-secret-value',
	'wrong-suite-secret',
	'stale-ticket-value',
];

function expectNoSecret(text: string): void {
	for (const secret of secrets()) expect(text.includes(secret)).toBe(false);
	for (const entry of emulator.log()) if (entry.token) expect(text.includes(entry.token)).toBe(false);
}

describe('credential test: success', () => {
	it.each([
		['Enterprise Internal App', () => corp(), 'accessToken'],
		['Third-Party App', () => suite(), 'corpAccessToken'],
	] as const)('%s: fetches a token and reads the connectors', async (_label, data, tokenApi) => {
		const result = await test(data());
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const counters = emulator.counters();
		expect(counters.requests[tokenApi]).toBe(1);
		expect(counters.requests.searchConnectors).toBe(1);
		const call = emulator.log().find((entry) => entry.api === 'searchConnectors');
		expect(call?.status).toBe(200);
		expect(call?.token).toBeTruthy();
	});

	it('accepts a Base URL with a trailing slash', async () => {
		expect((await test(corp({ baseUrl: `${emulator.url}/` }))).status).toBe('OK');
	});
});

describe('credential test: token errors become readable messages', () => {
	it.each([
		['invalidClientIdOrSecret', () => corp({ appSecret: 'wrong-secret-value' }), 'The App Secret is wrong (invalidClientIdOrSecret)'],
		['invalidSuiteKey', () => suite({ suiteSecret: 'wrong-suite-secret' }), 'The Suite Key or Suite Secret is wrong (invalidSuiteKey)'],
		['invalidSuiteTicket', () => suite({ suiteTicket: 'stale-ticket-value' }), 'The Suite Ticket is wrong or outdated (invalidSuiteTicket)'],
		['invalidAuthInfo', () => suite({ authCorpId: DEMO_CREDENTIALS.unauthorisedCorpId }), 'This organisation has not authorised the app (invalidAuthInfo)'],
	])('%s', async (_code, data, message) => {
		const result = await test(data());
		expect(result).toEqual({ status: 'Error', message });
		expect(emulator.counters().requests.searchConnectors).toBe(0);
		expectNoSecret(JSON.stringify(result));
		expectNoSecret(JSON.stringify(harness.logs));
	});
});

describe('credential test: refused before any call', () => {
	it.each([
		['an empty suite ticket', () => suite({ suiteTicket: '' }), 'Suite Ticket is empty'],
		['an empty app secret', () => corp({ appSecret: '' }), 'App Secret is empty'],
		['plain http to a remote host', () => corp({ baseUrl: 'http://api.dingtalk.com' }), 'The Base URL uses plain http:// for a remote host'],
		['a malformed Base URL', () => corp({ baseUrl: 'api dingtalk' }), 'The Base URL is not a valid URL'],
	])('%s', async (_label, data, message) => {
		const result = await test(data());
		expect(result).toEqual({ status: 'Error', message });
		expect(emulator.log()).toHaveLength(0);
	});
});

describe('credential test: failures of the test call', () => {
	it('a missing permission scope answers with the 403 rule', async () => {
		emulator.addFault({ kind: 'permissionDenied', apis: ['searchConnectors'] });
		const result = await test(corp());
		expect(result.status).toBe('Error');
		expect(result.message).toContain('permission scope');
	});

	it('an unreachable DingTalk says so', async () => {
		const result = await test(corp({ baseUrl: 'http://127.0.0.1:1' }));
		expect(result).toEqual({ status: 'Error', message: 'Could not connect to DingTalk at http://127.0.0.1:1' });
	});

	it('the IP ban page on the token endpoint is recognised', async () => {
		emulator.addFault({ kind: 'ipBan', apis: ['accessToken'] });
		const result = await test(corp());
		expect(result).toEqual({ status: 'Error', message: 'DingTalk answered with a web page instead of JSON' });
	});
});
