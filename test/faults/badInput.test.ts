// The bad-input catalogue (with the secret sweep). Each case gets an error naming the item and the
// field; where the client can tell, nothing is sent (the emulator's log shows no invoke); and no
// secret appears in any output, error or log line.
import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DEMO_CREDENTIALS, SEED_ASSETS, type ApiName } from '../../emulator';
import type { RunNodeResult } from '../harness';
import { credentialData, invokeFields, invokeJson, type Mode } from '../integration/nodes/DingTalkConnect/testbed';
import { ECHO_URI, expectNoSecrets, knownSecrets, runTexts, useFaultTestbed } from './faultBed';
import { observe, type ReliabilityCase } from './observe';

const bed = useFaultTestbed();
let credentialNumber = 0;

beforeEach(() => bed.emulator.resetCounters());

/** Secrets typed into a credential by a test (wrong ones too) must not show either. */
const typedSecrets: string[] = [];

interface BadRun {
	result: RunNodeResult;
	/** Every output JSON (Continue On Fail) in order. */
	out: Array<Record<string, unknown>>;
	/** The error text of the failing item / node: message and description. */
	text: string;
	requests: Record<ApiName, number>;
	logged: number;
}

async function run(
	parameters: INodeParameters,
	options: { items?: INodeExecutionData[]; credential?: string; continueOnFail?: boolean } = {},
): Promise<BadRun> {
	const result = await bed.harness.runNode({
		nodeType: 'dingTalkConnect',
		parameters,
		credentials: { dingTalkConnectApi: options.credential ?? 'corp' },
		items: options.items ?? [{ json: {} }],
		continueOnFail: options.continueOnFail,
		workflow: { id: 'wf-bad-input', name: 'Bad input' },
	});
	expectNoSecrets(runTexts(result, bed.harness), knownSecrets(bed.emulator, bed.harness, typedSecrets));
	const out = (result.output?.[0] ?? []).map((item) => item.json as Record<string, unknown>);
	const error = result.error as (Error & { description?: string }) | undefined;
	const failedItem = out.find((json) => typeof json.error === 'string');
	const text = error
		? `${error.message} | ${error.description ?? ''}`
		: failedItem
			? `${String(failedItem.error)} | ${String(failedItem.errorDescription ?? '')}`
			: '';
	return { result, out, text, requests: bed.emulator.counters().requests, logged: bed.emulator.log().length };
}

function credential(mode: Mode, patch: ICredentialDataDecryptedObject): string {
	const id = `bad-credential-${++credentialNumber}`;
	for (const value of Object.values(patch)) {
		if (typeof value === 'string' && value.length >= 4 && !value.includes('://')) typedSecrets.push(value);
	}
	bed.harness.setCredential(id, 'dingTalkConnectApi', { ...credentialData(mode, bed.emulator.url), ...patch });
	return id;
}

const nothingInvoked = (outcome: BadRun) => expect(outcome.requests.invokeInstance).toBe(0);
const nothingSent = (outcome: BadRun) => expect(outcome.logged).toBe(0);

/** A pattern as the reliability table shows it: its source without the escapes. */
const shown = (pattern: RegExp) => pattern.source.replace(/\\/g, '');

function describeOutcome(outcome: BadRun): string {
	const error = outcome.text.split(' | ')[0];
	const sent = outcome.logged === 0 ? 'nothing sent' : `invoke requests ${outcome.requests.invokeInstance}`;
	return `${error ? `error "${error}"` : `${outcome.out.length} result(s)`}; ${sent}`;
}

/**
 * Runs an input the node must refuse: the error matches `expected`, `unsent` holds (what the node
 * must not have sent), and the observation is recorded.
 */
async function expectRefused(
	testCase: ReliabilityCase,
	parameters: INodeParameters,
	expected: RegExp,
	unsent: (outcome: BadRun) => void,
	options: Parameters<typeof run>[1] = {},
): Promise<BadRun> {
	const outcome = await run(parameters, options);
	expect(outcome.text).toMatch(expected);
	unsent(outcome);
	observe(testCase, describeOutcome(outcome));
	return outcome;
}

// Three items, the middle one bad, the input built per item: the bad one must fail alone.
const form = (input: Record<string, unknown>) => ({ json: { input } });
const good = (name: string) => form({ name, age: 30, level: 'senior' });
const perItem = invokeJson(ECHO_URI, '={{ JSON.stringify($json.input) }}');

describe('the action input, checked against the schema before sending', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['a missing required field', { name: 'Li Lei', level: 'senior' }, /"age"/],
		['a wrong type', { name: 'Li Lei', age: 'thirty', level: 'senior' }, /"age"/],
		['an enum value outside the list', { name: 'Li Lei', age: 30, level: 'guru' }, /"level"/],
		['a number above the maximum', { name: 'Li Lei', age: 200, level: 'senior' }, /"age"/],
		['a string below minLength', { name: 'Li Lei', age: 30, level: 'senior', password: 'ab' }, /"password"/],
		['a nested required field missing', { name: 'Li Lei', age: 30, level: 'senior', address: { street: 'Wangfujing' } }, /"address\.city"/],
		['an array item of the wrong type', { name: 'Li Lei', age: 30, level: 'senior', tags: ['ok', 7] }, /"tags/],
		['an object where a string belongs', { name: { first: 'Li' }, age: 30, level: 'senior' }, /"name"/],
	];

	it.each(cases)('%s fails that item alone, naming item and field; the others run', async (name, bad, field) => {
		const testCase: ReliabilityCase = {
			name: `Input: ${name}`,
			given: `JSON mode, item 1 of 3 = ${JSON.stringify(bad)}`,
			expected: `item 1 fails naming "Item 1" and the field ${field.source}; not sent; items 0 and 2 run`,
		};
		const outcome = await run(perItem, { items: [good('first'), form(bad), good('third')], continueOnFail: true });

		expect(outcome.out).toHaveLength(3);
		expect(outcome.out[0].name).toBe('first');
		expect(outcome.out[2].name).toBe('third');
		expect(outcome.out[1].error).toMatch(/^Item 1: /);
		expect(outcome.out[1].error).toMatch(field);
		const ran = bed.emulator.log().filter((entry) => entry.api === 'invokeInstance' && entry.executed);
		expect(ran.map((entry) => JSON.parse((entry.body as { inputJsonString: string }).inputJsonString).name).sort()).toEqual(['first', 'third']);
		observe(testCase, `item 1: "${String(outcome.out[1].error)}"; items 0 and 2 ran; 2 invocations`);
	});

	it('an oversized field (subject over maxLength 1024) is refused before sending', async () => {
		const testCase: ReliabilityCase = {
			name: 'Input: oversized field',
			given: 'Create To-do with a 5,000-character subject (maxLength 1024)',
			expected: 'error naming item 0 and "subject"; nothing invoked',
		};
		const parameters = invokeJson(
			SEED_ASSETS.createTodo.connectAssetUri,
			JSON.stringify({ subject: '长'.repeat(5000), creatorId: 'manager4321' }),
		);
		await expectRefused(testCase, parameters, /Item 0: .*"subject"/, nothingInvoked);
	});
});

describe('the Input JSON field', () => {
	const cases: Array<[string, string, RegExp]> = [
		['invalid JSON', '{"name": "Li Lei", ', /Item 0: the field "Input JSON" is not valid JSON/],
		['a JSON array', '[1, 2, 3]', /Item 0: the field "Input JSON" must hold a JSON object, not an array/],
		['a JSON string', '"Li Lei"', /Item 0: the field "Input JSON" must hold a JSON object/],
		['a JSON number', '42', /Item 0: the field "Input JSON" must hold a JSON object/],
		['JSON null', 'null', /Item 0: the field "Input JSON" must hold a JSON object/],
		['an empty field', '', /Item 0: the field "Input JSON" must hold a JSON object, not nothing/],
		['an expression that resolves to nothing', '={{ $json.missing }}', /Item 0: the field "Input JSON" must hold a JSON object/],
	];

	it.each(cases)('%s is refused naming the item and the field; nothing invoked', async (name, inputJson, expected) => {
		const testCase: ReliabilityCase = {
			name: `Input JSON: ${name}`,
			given: `Input JSON = ${JSON.stringify(inputJson)}`,
			expected: `error "${shown(expected)}"; nothing invoked`,
		};
		await expectRefused(testCase, invokeJson(ECHO_URI, inputJson), expected, nothingInvoked);
	});
});

describe('Fields mode', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['a missing required field', { name: 'Li Lei', level: 'senior' }, /age/],
		['a number field holding text', { name: 'Li Lei', age: 'thirty', level: 'senior' }, /age/],
		['an object field holding invalid JSON', { name: 'Li Lei', age: 30, level: 'senior', address: '{"city": ' }, /address/],
		['an enum value outside the list', { name: 'Li Lei', age: 30, level: 'guru' }, /level/],
	];

	it.each(cases)('%s is refused naming the item and the field; nothing invoked', async (name, value, field) => {
		const testCase: ReliabilityCase = {
			name: `Fields: ${name}`,
			given: `Fields mode, value ${JSON.stringify(value)}`,
			expected: `error naming item 0 and ${field.source}; nothing invoked`,
		};
		const outcome = await expectRefused(testCase, invokeFields(ECHO_URI, value), field, nothingInvoked);
		expect(outcome.text).toMatch(/item 0/i);
	});
});

describe('the action and the operation', () => {
	const withAction = (value: string): INodeParameters => ({
		...invokeJson(ECHO_URI, '{"name": "x", "age": 1, "level": "junior"}'),
		action: { __rl: true, mode: 'uri', value },
	});
	const cases: Array<[string, INodeParameters, RegExp]> = [
		['no action chosen', withAction(''), /Item 0: no action chosen in the field "Action"/],
		['a malformed connectAssetUri', withAction('dca://not-a-uri'), /Item 0: the field "Action" holds "dca:\/\/not-a-uri", which is not a connectAssetUri/],
		[
			'a connectAssetUri whose two corp ids differ',
			withAction('dca://dingaaa.connect.dingtalk.com/dingbbb/action/G-ACT-1'),
			/Item 0: the field "Action" .* not a connectAssetUri/,
		],
		['a web URL instead of a connectAssetUri', withAction('https://open.dingtalk.com/action/1'), /Item 0: the field "Action" .* not a connectAssetUri/],
	];

	it.each(cases)('%s is refused before anything is sent', async (name, parameters, expected) => {
		const testCase: ReliabilityCase = {
			name: `Action: ${name}`,
			given: `Action = ${JSON.stringify((parameters.action as { value: string }).value)}`,
			expected: `error "${shown(expected)}"; nothing sent`,
		};
		await expectRefused(testCase, parameters, expected, nothingSent);
	});

	it('a well-formed connectAssetUri that does not exist fails naming the item and the asset; no invoke', async () => {
		const testCase: ReliabilityCase = {
			name: 'Action: unknown connectAssetUri',
			given: 'a well-formed connectAssetUri of no action',
			expected: 'error naming item 0 and 4004 / does not exist; no invoke',
		};
		const unknown = withAction('dca://ding5f2c1a7e9b3d4c60.connect.dingtalk.com/ding5f2c1a7e9b3d4c60/action/G-ACT-NOPE');
		const outcome = await expectRefused(testCase, unknown, /4004|does not exist|not found/i, nothingInvoked);
		expect((outcome.result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
	});

	it('an Instance Key option with control characters is refused before sending', async () => {
		const testCase: ReliabilityCase = {
			name: 'Option: Instance Key with control characters',
			given: 'Options → Instance Key = "crm\\u0007sync"',
			expected: 'error naming item 0 and "Instance Key"; nothing invoked',
		};
		const parameters = invokeJson(ECHO_URI, '{"name": "x", "age": 1, "level": "junior"}', { instanceKey: 'crm\u0007sync' });
		const outcome = await expectRefused(testCase, parameters, /Item 0: .*"Instance Key"/, nothingInvoked);
		expect(outcome.requests.createInstance).toBe(0);
	});

	it('Instance → Create with an empty key is refused before sending', async () => {
		const testCase: ReliabilityCase = {
			name: 'Instance → Create: empty Instance Key',
			given: 'Instance Key = "   "',
			expected: 'error naming item 0 and "Instance Key"; nothing sent',
		};
		const parameters = { resource: 'instance', operation: 'create', action: { __rl: true, mode: 'uri', value: ECHO_URI }, instanceKey: '   ' };
		await expectRefused(testCase, parameters, /Item 0: .*"Instance Key"/, nothingSent);
	});

	it('an unknown operation is refused', async () => {
		const testCase: ReliabilityCase = {
			name: 'Operation: unknown',
			given: 'resource action, operation "delete"',
			expected: 'error saying the operation is not supported; nothing sent',
		};
		await expectRefused(testCase, { resource: 'action', operation: 'delete' }, /delete/, nothingSent);
	});
});

describe('Trigger Event → Send', () => {
	const send = (patch: INodeParameters): INodeParameters => ({
		resource: 'triggerEvent',
		operation: 'send',
		appId: '1987654',
		triggerId: 'trigger-1',
		data: '{"id": 1}',
		dataAction: 'add',
		options: {},
		...patch,
	});
	const cases: Array<[string, INodeParameters, RegExp]> = [
		['Data holding invalid JSON', send({ data: '{"id": ' }), /Item 0: the field "Data" is not valid JSON/],
		['Data holding an array', send({ data: '[1]' }), /Item 0: the field "Data" must be a JSON object/],
		['an empty Trigger ID', send({ triggerId: ' ' }), /Item 0: the field "Trigger ID" is empty/],
		['a Created At that is not a date', send({ options: { dataGmtCreate: 'the day after tomorrow' } }), /Item 0: the field "Created At" is not a date/],
	];

	it.each(cases)('%s is refused before anything is sent', async (name, parameters, expected) => {
		const testCase: ReliabilityCase = {
			name: `Send event: ${name}`,
			given: name,
			expected: `error "${shown(expected)}"; nothing sent`,
		};
		await expectRefused(testCase, parameters, expected, (outcome) => expect(outcome.requests.syncData).toBe(0));
	});
});

describe('the credential', () => {
	const invoke = invokeJson(ECHO_URI, '{"name": "x", "age": 1, "level": "junior"}');
	const unsent: Array<[string, Mode, ICredentialDataDecryptedObject, RegExp]> = [
		['a missing App Secret', 'corp', { appSecret: '' }, /App Secret is empty/],
		['a missing App Key', 'corp', { appKey: '  ' }, /App Key is empty/],
		['an empty Suite Ticket', 'suite', { suiteTicket: '' }, /Suite Ticket is empty/],
		['a missing Authorising Corp ID', 'suite', { authCorpId: '' }, /Authorising Corp ID is empty/],
		['a malformed Base URL', 'corp', { baseUrl: 'api dingtalk com' }, /Base URL is not a valid URL/],
		['an empty Base URL', 'corp', { baseUrl: '' }, /Base URL is empty/],
		['an ftp:// Base URL', 'corp', { baseUrl: 'ftp://127.0.0.1/' }, /Base URL must start with https:\/\//],
		['a Base URL with a query', 'corp', { baseUrl: 'https://api.dingtalk.com/?x=1' }, /query or fragment/],
	];

	it.each(unsent)('%s is reported by name and nothing is sent', async (name, mode, patch, expected) => {
		const testCase: ReliabilityCase = {
			name: `Credential: ${name}`,
			given: `${mode} credential with ${JSON.stringify(patch)}`,
			expected: `error "${shown(expected)}"; nothing sent (no token call)`,
		};
		await expectRefused(testCase, invoke, expected, nothingSent, { credential: credential(mode, patch) });
	});

	it('a non-loopback http:// Base URL is refused before the token travels in clear', async () => {
		const testCase: ReliabilityCase = {
			name: 'Credential: non-loopback http:// Base URL',
			given: 'Base URL http://0.0.0.0:<emulator port> (reaches the emulator if anything is sent)',
			expected: 'error "plain http:// for a remote host"; nothing sent',
		};
		const baseUrl = `http://0.0.0.0:${bed.emulator.port}`;
		await expectRefused(testCase, invoke, /plain http:\/\/ for a remote host/, nothingSent, { credential: credential('corp', { baseUrl }) });
	});

	it('a Base URL with a user name and password is refused, and the password is not shown', async () => {
		const testCase: ReliabilityCase = {
			name: 'Credential: Base URL with user:password@',
			given: 'Base URL http://admin:hunter2-pass@127.0.0.1:<port>',
			expected: 'error "must not contain a user name or password" without the password; nothing sent',
		};
		typedSecrets.push('hunter2-pass');
		const baseUrl = `http://admin:hunter2-pass@127.0.0.1:${bed.emulator.port}`;
		await expectRefused(testCase, invoke, /must not contain a user name or password/, nothingSent, { credential: credential('corp', { baseUrl }) });
	});

	const refused: Array<[string, Mode, ICredentialDataDecryptedObject, RegExp]> = [
		['a wrong App Secret', 'corp', { appSecret: 'wrong-secret-Zx81Kq' }, /App Secret is wrong \(invalidClientIdOrSecret\)/],
		['a wrong Suite Secret', 'suite', { suiteSecret: 'wrong-suite-secret-Pq27' }, /Suite Key or Suite Secret is wrong/],
		['an org that has not authorised the suite', 'suite', { authCorpId: DEMO_CREDENTIALS.unauthorisedCorpId }, /has not authorised the app/],
	];

	it.each(refused)('%s is named by the token error; no connector call is made', async (name, mode, patch, expected) => {
		const testCase: ReliabilityCase = {
			name: `Credential: ${name}`,
			given: `${mode} credential with ${JSON.stringify(patch).replace(/"(wrong-[^"]+)"/, '"<typed>"')}`,
			expected: `error "${shown(expected)}"; only the token call is sent, once`,
		};
		const outcome = await run(invoke, { credential: credential(mode, patch), items: [{ json: {} }, { json: {} }] });

		expect(outcome.text).toMatch(expected);
		const { requests } = outcome;
		expect(requests.accessToken + requests.corpAccessToken).toBe(1);
		expect(requests.getActionDetail + requests.createInstance + requests.invokeInstance).toBe(0);
		observe(testCase, `${describeOutcome(outcome).replace('; invoke requests 0', '')}; token calls 1, connector calls 0`);
	});
});

describe('text that must arrive intact', () => {
	const names = [
		'张伟的周报：完成「连接平台」联调',
		'🚀🔥 emoji 👨‍👩‍👧‍👦 family 🇨🇳',
		'𠮷野家 (astral plane) ­ soft hyphen ‮ bidi',
		'quotes " \' \\ backslash \n newline \t tab',
	];

	it('Chinese, emoji, astral and control-ish text round-trips intact in JSON mode', async () => {
		const testCase: ReliabilityCase = {
			name: 'Text: Chinese, emoji, astral characters (JSON mode)',
			given: `${names.length} items with names such as ${JSON.stringify(names[1])}`,
			expected: 'each echo equals its input exactly; each invoked once',
		};
		const items = names.map((name) => good(name));
		const outcome = await run(perItem, { items, continueOnFail: true });

		expect(outcome.out.map((json) => json.name)).toEqual(names);
		const sent = bed.emulator.invocations().slice(-names.length).map((invocation) => (invocation.input as { name: string }).name);
		expect(sent).toEqual(names);
		expect(outcome.requests.invokeInstance).toBe(names.length);
		observe(testCase, `${names.length} in → ${names.length} out, every name identical at DingTalk and in the output`);
	});

	it('Chinese and emoji text round-trips intact in Fields mode', async () => {
		const testCase: ReliabilityCase = {
			name: 'Text: Chinese and emoji (Fields mode)',
			given: 'Fields mode, name "李雷 🎉 韩梅梅"',
			expected: 'the echo equals the input exactly; invoked once',
		};
		const outcome = await run(invokeFields(ECHO_URI, { name: '李雷 🎉 韩梅梅', age: 30, level: 'senior' }));

		expect(outcome.out[0].name).toBe('李雷 🎉 韩梅梅');
		expect(outcome.requests.invokeInstance).toBe(1);
		observe(testCase, `echo "${String(outcome.out[0].name)}"; invoke requests 1`);
	});

	it('a 1 MB payload the schema allows is sent once and arrives intact', async () => {
		const testCase: ReliabilityCase = {
			name: 'Text: 1 MB payload within the schema',
			given: 'name of 350,000 CJK characters (~1 MB UTF-8)',
			expected: 'sent once, echo identical (the client cannot know a server-side size limit)',
		};
		const big = '钉'.repeat(350_000);
		const outcome = await run(perItem, { items: [good(big)] });

		expect(outcome.out[0].name).toBe(big);
		expect(outcome.requests.invokeInstance).toBe(1);
		observe(testCase, `echo of ${String(outcome.out[0].name).length} characters identical; invoke requests 1`);
	});
});
