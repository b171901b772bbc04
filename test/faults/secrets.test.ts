// Secrets: beyond the sweep every fault and bad-input case already does, the places where a
// secret is most likely to escape: the credential test (n8n logs its whole error), dropdown look-ups,
// errors whose DingTalk message is shown, and the sweep itself (it must catch a planted leak).
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEMO_CREDENTIALS, FAULT_KINDS, SEED_ASSETS } from '../../emulator';
import { credentialData, type Mode } from '../integration/nodes/DingTalkConnect/testbed';
import {
	echoParameters,
	errorTexts,
	expectNoSecrets,
	knownSecrets,
	runTexts,
	uniqueItems,
	useFaultTestbed,
} from './faultBed';
import { observe, type ReliabilityCase } from './observe';

const bed = useFaultTestbed();

function logTexts(): string[] {
	return runTexts({ output: null }, bed.harness);
}

describe('the sweep', () => {
	it('catches a planted secret in an output, an error cause and a log line', () => {
		const secrets = [DEMO_CREDENTIALS.corp.appSecret, 'token-abcdef'];
		expect(() => expectNoSecrets([`{"x": "${DEMO_CREDENTIALS.corp.appSecret}"}`], secrets)).toThrow();
		const error = new Error('outer', { cause: Object.assign(new Error('inner'), { config: { headers: { t: 'token-abcdef' } } }) });
		expect(() => expectNoSecrets(errorTexts(Object.assign(error, { context: { data: 'token-abcdef' } })), secrets)).toThrow();
		expect(expectNoSecrets(['nothing to see'], secrets)).toBe(1);
	});
});

describe('the credential test', () => {
	const cases: Array<[string, Mode, ICredentialDataDecryptedObject, RegExp]> = [
		['a good corp credential', 'corp', {}, /Connection successful/],
		['a good suite credential', 'suite', {}, /Connection successful/],
		['a wrong App Secret', 'corp', { appSecret: 'typed-wrong-secret-91xQ' }, /App Secret is wrong/],
		['a wrong Suite Secret', 'suite', { suiteSecret: 'typed-wrong-suite-77Rt' }, /Suite Secret is wrong/],
		['a wrong Suite Ticket', 'suite', { suiteTicket: 'typed-stale-ticket-2023' }, /Suite Ticket|suite/i],
		['a missing App Secret', 'corp', { appSecret: '' }, /App Secret is empty/],
	];

	it.each(cases)('%s: the message and every log line are free of secrets', async (name, mode, patch, expected) => {
		const testCase: ReliabilityCase = {
			name: `Secrets: credential test with ${name}`,
			given: `${mode} credential ${JSON.stringify(patch).replace(/"typed-[^"]+"/, '"<typed>"')}`,
			expected: `message ${expected.source.replace(/\\/g, '')}; no secret, ticket or token in the message or the logs`,
		};
		const typed = Object.values(patch).filter((value): value is string => typeof value === 'string' && value.length >= 4);
		const result = await bed.harness.testCredential({
			type: 'dingTalkConnectApi',
			data: { ...credentialData(mode, bed.emulator.url), ...patch },
		});

		expect(result.message).toMatch(expected);
		const secrets = knownSecrets(bed.emulator, bed.harness, typed);
		const swept = expectNoSecrets([result.message, ...logTexts()], secrets);
		observe(testCase, `${result.status}: "${result.message}"; ${swept} texts swept, no secret`);
	});
});

describe('dropdowns and errors that quote DingTalk', () => {
	it('a failing dropdown look-up shows no token or secret', async () => {
		const testCase: ReliabilityCase = {
			name: 'Secrets: dropdown look-up failing',
			given: 'permissionDenied on searchActions while listing actions (suite app)',
			expected: 'error names the missing scope; no secret or token in it or the logs',
		};
		bed.emulator.addFault({ kind: 'permissionDenied', apis: ['searchActions'] });
		let error: unknown;
		try {
			await bed.harness.listSearch({
				nodeType: 'dingTalkConnect',
				method: 'searchActions',
				parameters: { connector: { __rl: true, mode: 'id', value: SEED_ASSETS.echoForm.connectorId } },
				credentials: { dingTalkConnectApi: 'suite' },
			});
		} catch (caught) {
			error = caught;
		}

		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/permission scope/);
		const swept = expectNoSecrets([...errorTexts(error), ...logTexts()], knownSecrets(bed.emulator, bed.harness));
		observe(testCase, `error "${(error as Error).message}"; ${swept} texts swept, no secret`);
	});

	it('every fault kind on invoke, with metadata on: outputs, errors and logs hold no secret or token', async () => {
		const testCase: ReliabilityCase = {
			name: 'Secrets: every fault kind in one run',
			given: 'one item per fault kind (17 kinds + 3 clean items), Include Metadata on, both apps',
			expected: 'one output per item; no secret, suite ticket or access token anywhere',
		};
		const kinds = FAULT_KINDS;
		let swept = 0;
		for (const mode of ['corp', 'suite'] as const) {
			bed.harness.setCredential(mode, 'dingTalkConnectApi', credentialData(mode, bed.emulator.url));
			for (const kind of kinds) {
				bed.emulator.addFault({ kind, apis: ['invokeInstance'], count: 1, delayMs: 400 });
			}
			const items = uniqueItems(`secrets-${mode}`, kinds.length + 3);
			const result = await bed.harness.runNode({
				nodeType: 'dingTalkConnect',
				parameters: echoParameters({ includeMetadata: true, timeout: 0.2, requestsPerSecond: 1000 }),
				credentials: { dingTalkConnectApi: mode },
				items,
				continueOnFail: true,
				workflow: { id: `wf-secrets-${mode}`, name: 'Secrets' },
			});

			expect(result.output?.[0]).toHaveLength(items.length);
			const stored = bed.harness.getStoredCredential(mode).accessToken;
			expect(typeof stored === 'string' && stored.length > 0).toBe(true);
			swept += expectNoSecrets(runTexts(result, bed.harness), knownSecrets(bed.emulator, bed.harness));
			bed.harness.clearLogs();
		}
		observe(testCase, `2 runs × ${kinds.length + 3} items, every item answered; ${swept} texts swept, no secret`);
	});
});
