// Every emulator fault switch (with the secret sweep) against Action → Invoke run by the n8n-core
// harness. Each case checks the outcome, the item accounting (N in → N out, in order, a result or an
// error each), the emulator's counters (no item's action run twice) and that no secret leaked.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { ApiName, EmulatorConfig, FaultRule } from '../../emulator';
import type { RunNodeResult } from '../harness';
import { resetProcessMemory, setRetryPolicy } from '../harness/processMemory';
import { credentialData, type Mode } from '../integration/nodes/DingTalkConnect/testbed';
import {
	ECHO_URI,
	accountItems,
	echoParameters,
	expectNoSecrets,
	invocationsByName,
	knownSecrets,
	runTexts,
	summarise,
	uniqueItems,
	useFastRetries,
	type ItemOutcome,
	useFaultTestbed,
} from './faultBed';
import { observe, type ReliabilityCase } from './observe';

const bed = useFaultTestbed();
let caseNumber = 0;

const BASE_CONFIG: Partial<EmulatorConfig> = {
	qpsLimit: 0,
	latencyMs: {},
	expiredTokenStatus: 400,
	connectErrorCarrier: 'body',
	secondCreation: 'succeed',
};

beforeEach(() => {
	useFastRetries();
	bed.emulator.configure(BASE_CONFIG);
	bed.emulator.resetCounters();
});

interface CaseRun {
	result: RunNodeResult;
	items: INodeExecutionData[];
	outcomes: ItemOutcome[];
}

interface CaseOptions {
	mode?: Mode | string;
	count?: number;
	options?: INodeParameters;
	parameters?: INodeParameters;
	/** Runs while the node runs (e.g. expiring tokens mid-run). */
	during?: (items: INodeExecutionData[]) => Promise<void>;
	workflowId?: string;
}

/** Runs the echo action for `count` unique items under Continue On Fail and does the accounting. */
async function runCase(options: CaseOptions = {}): Promise<CaseRun> {
	const items = uniqueItems(`fault-${++caseNumber}`, options.count ?? 4);
	const run = bed.harness.runNode({
		nodeType: 'dingTalkConnect',
		parameters: options.parameters ?? echoParameters(options.options),
		credentials: { dingTalkConnectApi: options.mode ?? 'corp' },
		items,
		continueOnFail: true,
		workflow: { id: options.workflowId ?? 'wf-faults', name: 'Fault matrix' },
	});
	const [result] = await Promise.all([run, options.during?.(items)]);
	const outcomes = accountItems(result, items, bed.emulator);
	expectNoSecrets(runTexts(result, bed.harness), knownSecrets(bed.emulator, bed.harness));
	return { result, items, outcomes };
}

function fault(kind: FaultRule['kind'], apis: ApiName[], more: Partial<FaultRule> = {}): void {
	bed.emulator.addFault({ kind, apis, ...more });
}

const failed = (outcomes: ItemOutcome[]) => outcomes.filter((outcome) => !outcome.ok);
const succeeded = (outcomes: ItemOutcome[]) => outcomes.filter((outcome) => outcome.ok);

/** Warms the token, action detail and instance so that a fault on invoke hits invoke only. */
async function warmUp(mode: Mode = 'corp', workflowId = 'wf-faults'): Promise<void> {
	await runCase({ mode, count: 1, workflowId });
	bed.emulator.resetCounters();
	bed.harness.clearLogs();
}

function expectAllOk(outcomes: ItemOutcome[]): void {
	expect(failed(outcomes).map((outcome) => outcome.error)).toEqual([]);
	expect(outcomes.every((outcome) => outcome.invocations === 1)).toBe(true);
}

/** One item failed with `pattern`, its action did not run, every other item ran once. */
function expectOneFailedNotRun(outcomes: ItemOutcome[], pattern: RegExp): ItemOutcome {
	const bad = failed(outcomes);
	expect(bad).toHaveLength(1);
	expect(`${bad[0].error} ${bad[0].description}`).toMatch(pattern);
	expect(bad[0].invocations).toBe(0);
	expect(succeeded(outcomes).every((outcome) => outcome.invocations === 1)).toBe(true);
	return bad[0];
}

// ------------------------------------------------------------------ tokens

describe('tokens expiring mid-run', () => {
	const variants: Array<[Mode, 400 | 401]> = [
		['corp', 400],
		['corp', 401],
		['suite', 400],
		['suite', 401],
	];
	it.each(variants)('%s app, InvalidAuthentication as HTTP %s: refreshed once, every item runs once', async (mode, status) => {
		const testCase: ReliabilityCase = {
			name: `Token expires mid-run (${mode} app, HTTP ${status})`,
			given: `expireAllTokens() after 2 of 6 invokes; expiredTokenStatus ${status}; invoke latency 20 ms`,
			expected: 'one token refresh, the refused calls resent once, 6 results, each action run once',
		};
		await warmUp(mode, `wf-expiry-${mode}`);
		bed.emulator.configure({ expiredTokenStatus: status, latencyMs: { invokeInstance: 20 } });
		let expired = false;
		const { outcomes } = await runCase({
			mode,
			count: 6,
			workflowId: `wf-expiry-${mode}`,
			options: { requestsPerSecond: 40 },
			during: async (items) => {
				const first = String(items[1].json.id);
				for (let waited = 0; waited < 5000 && !expired; waited += 5) {
					if (invocationsByName(bed.emulator).has(first)) {
						bed.emulator.expireAllTokens();
						expired = true;
					}
					await new Promise((resolve) => setTimeout(resolve, 5));
				}
			},
		});

		expect(expired).toBe(true);
		expectAllOk(outcomes);
		const refused = bed.emulator.log().filter((entry) => entry.api === 'invokeInstance' && entry.status === status);
		expect(refused.length).toBeGreaterThanOrEqual(1);
		const counters = bed.emulator.counters();
		expect(counters.tokensIssued).toBe(1);
		expect(counters.executed.invokeInstance).toBe(6);
		observe(testCase, `${summarise(outcomes)}; ${refused.length} call(s) refused, ${counters.tokensIssued} new token`);
	});

	it('a token refused twice in a row fails the item without resending it a third time', async () => {
		const testCase: ReliabilityCase = {
			name: 'Token refused even after a refresh',
			given: 'invalidAuthentication on every invoke',
			expected: 'each item fails with "rejected the access token", one refresh per call, no action run',
		};
		await warmUp();
		fault('invalidAuthentication', ['invokeInstance']);
		const { outcomes } = await runCase({ count: 2 });

		expect(failed(outcomes)).toHaveLength(2);
		expect(outcomes.every((outcome) => /rejected the access token/.test(outcome.error ?? ''))).toBe(true);
		expect(outcomes.every((outcome) => outcome.invocations === 0)).toBe(true);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(4);
		observe(testCase, summarise(outcomes));
	});
});

// ------------------------------------------------------------------ throttling

describe('throttling', () => {
	it.each([
		['throttle', 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'],
		['throttleGlobal', 'Forbidden.AccessDenied.QpsLimitForApi'],
	] as const)('a burst of %s answers is waited out: every item runs once', async (kind, code) => {
		const testCase: ReliabilityCase = {
			name: `Throttling burst (${code})`,
			given: `${kind} on the next 4 invokes`,
			expected: 'backoff and resend (nothing ran), 5 results, each action run once',
		};
		await warmUp();
		fault(kind, ['invokeInstance'], { count: 4 });
		const { outcomes } = await runCase({ count: 5 });

		expectAllOk(outcomes);
		const counters = bed.emulator.counters();
		expect(counters.throttled).toBe(4);
		expect(counters.requests.invokeInstance).toBe(9);
		observe(testCase, `${summarise(outcomes)}; ${counters.throttled} throttled answers, ${counters.requests.invokeInstance} invoke requests`);
	});

	it("the emulator's own QPS limit under a burst of 12 items at 1000/s: every item runs once", async () => {
		const testCase: ReliabilityCase = {
			name: 'Throttling burst (real QPS window)',
			given: 'qpsLimit 4 per second, 12 items sent at up to 1000/s',
			expected: 'refused calls resent after backoff, 12 results, each action run once',
		};
		await warmUp();
		// Waiting out a 1 s window needs a realistic backoff.
		setRetryPolicy({ baseDelayMs: 100, maxDelayMs: 800, maxAttempts: 10, maxTotalWaitMs: 10000 });
		bed.emulator.configure({ qpsLimit: 4 });
		const { outcomes } = await runCase({ count: 12, options: { requestsPerSecond: 1000 } });

		expectAllOk(outcomes);
		const counters = bed.emulator.counters();
		expect(counters.throttled).toBeGreaterThan(0);
		expect(counters.executed.invokeInstance).toBe(12);
		observe(testCase, `${summarise(outcomes)}; ${counters.throttled} throttled answers`);
	});

	it('throttling that never ends fails each item after the bounded attempts, nothing run', async () => {
		const testCase: ReliabilityCase = {
			name: 'Throttling that never ends',
			given: 'throttle on every invoke',
			expected: 'each item fails with "rate-limiting" after maxAttempts (5), no action run',
		};
		await warmUp();
		fault('throttle', ['invokeInstance']);
		const { outcomes } = await runCase({ count: 2 });

		expect(outcomes.every((outcome) => !outcome.ok && /rate-limiting/.test(outcome.error ?? ''))).toBe(true);
		expect(outcomes.every((outcome) => outcome.invocations === 0)).toBe(true);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(10);
		observe(testCase, summarise(outcomes));
	});
});

// ------------------------------------------------------------------ server errors

describe('5xx', () => {
	it.each(['getActionDetail', 'createInstance'] as const)('on a read (%s) is retried: every item runs once', async (api) => {
		const testCase: ReliabilityCase = {
			name: `5xx on ${api}`,
			given: `serverError 500 on the next 2 ${api} calls`,
			expected: 'retried (safe to repeat), 3 results, each action run once',
		};
		fault('serverError', [api], { count: 2 });
		const { outcomes } = await runCase({ count: 3, workflowId: `wf-5xx-${api}` });

		expectAllOk(outcomes);
		expect(bed.emulator.counters().requests[api]).toBe(3);
		observe(testCase, `${summarise(outcomes)}; ${api} requested 3 times`);
	});

	it.each([500, 502, 503])('HTTP %s on invoke fails that item only, not resent', async (status) => {
		const testCase: ReliabilityCase = {
			name: `5xx on invoke (HTTP ${status})`,
			given: `serverError ${status} on the next invoke`,
			expected: 'that item fails ("may have run", not resent), the other 3 run once',
		};
		await warmUp();
		fault('serverError', ['invokeInstance'], { count: 1, status });
		const { outcomes } = await runCase({ count: 4 });

		expectOneFailedNotRun(outcomes, /DingTalk|server/i);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(4);
		observe(testCase, summarise(outcomes));
	});

	it('without Continue On Fail, 5xx on invoke fails the node naming the item', async () => {
		const testCase: ReliabilityCase = {
			name: '5xx on invoke, Continue On Fail off',
			given: 'serverError 500 on the first invoke; 3 items; requestsPerSecond 1 (one at a time)',
			expected: 'the node fails with the error of item 0, no later item sent',
		};
		await warmUp();
		fault('serverError', ['invokeInstance'], { count: 1 });
		const items = uniqueItems(`fault-${++caseNumber}`, 3);
		const result = await bed.harness.runNode({
			nodeType: 'dingTalkConnect',
			parameters: echoParameters({ requestsPerSecond: 1 }),
			credentials: { dingTalkConnectApi: 'corp' },
			items,
			workflow: { id: 'wf-faults', name: 'Fault matrix' },
		});

		const sent = bed.emulator.counters().requests.invokeInstance;
		const counts = invocationsByName(bed.emulator);
		const ran = items.filter((item) => counts.has(String(item.json.id))).length;
		// Recorded before the checks: until faults-findings F1 is fixed, queued items still go out.
		observe(testCase, `node error "${result.error?.message}" on item ${String((result.error as { context?: { itemIndex?: number } }).context?.itemIndex)}; invoke requests ${sent}, actions run ${ran}`);
		expect(result.output).toBeNull();
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
		expectNoSecrets(runTexts(result, bed.harness), knownSecrets(bed.emulator, bed.harness));
		expect(sent).toBe(1);
		expect(ran).toBe(0);
	});
});

// ------------------------------------------------------------------ dropped connections and timeouts

describe('dropped connections', () => {
	it('dropped before the request is read, on a read: retried, every item runs once', async () => {
		const testCase: ReliabilityCase = {
			name: 'Connection dropped before the request is read (read call)',
			given: 'dropBeforeRead on the next getActionDetail',
			expected: 'retried, 3 results, each action run once',
		};
		fault('dropBeforeRead', ['getActionDetail'], { count: 1 });
		const { outcomes } = await runCase({ count: 3 });

		expectAllOk(outcomes);
		expect(bed.emulator.counters().requests.getActionDetail).toBe(2);
		observe(testCase, summarise(outcomes));
	});

	it('dropped before the request is read, on invoke: that item fails, not resent (the client cannot tell)', async () => {
		const testCase: ReliabilityCase = {
			name: 'Connection dropped before the request is read (invoke)',
			given: 'dropBeforeRead on the next invoke',
			expected: 'that item fails ("connection ... closed", not resent), its action did not run, the others run once',
		};
		await warmUp();
		fault('dropBeforeRead', ['invokeInstance'], { count: 1 });
		const { outcomes } = await runCase({ count: 4 });

		expectOneFailedNotRun(outcomes, /connection .*closed/i);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(4);
		observe(testCase, summarise(outcomes));
	});

	it('dropped after the request was read, on invoke: that item fails, its action ran once, not resent', async () => {
		const testCase: ReliabilityCase = {
			name: 'Connection dropped after the request was read (invoke)',
			given: 'dropAfterRead on the next invoke',
			expected: 'that item fails (its action ran once: honest, not resent), the others run once',
		};
		await warmUp();
		fault('dropAfterRead', ['invokeInstance'], { count: 1 });
		const { outcomes } = await runCase({ count: 4 });

		const bad = failed(outcomes);
		expect(bad).toHaveLength(1);
		expect(bad[0].error).toMatch(/connection .*closed/i);
		expect(bad[0].description).toMatch(/not retried|may have executed/i);
		expect(bad[0].invocations).toBe(1);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(4);
		expect(bed.emulator.counters().executed.invokeInstance).toBe(4);
		observe(testCase, summarise(outcomes));
	});

	it('dropped after the request was read, on instance creation: retried (creation is idempotent)', async () => {
		const testCase: ReliabilityCase = {
			name: 'Connection dropped after the request was read (create instance)',
			given: 'dropAfterRead on the next createInstance',
			expected: 'creation resent, 3 results, each action run once',
		};
		fault('dropAfterRead', ['createInstance'], { count: 1 });
		const { outcomes } = await runCase({ count: 3, workflowId: 'wf-drop-create' });

		expectAllOk(outcomes);
		expect(bed.emulator.counters().requests.createInstance).toBe(2);
		observe(testCase, summarise(outcomes));
	});

	it('connection refused: every item fails, nothing reaches DingTalk', async () => {
		const testCase: ReliabilityCase = {
			name: 'Connection refused',
			given: 'Base URL points at a closed port on 127.0.0.1',
			expected: 'each item fails with "Could not connect", nothing sent',
		};
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		bed.harness.setCredential('refused', 'dingTalkConnectApi', credentialData('corp', `http://127.0.0.1:${port}`));

		const { outcomes } = await runCase({ mode: 'refused', count: 2 });

		expect(outcomes.every((outcome) => !outcome.ok && /Could not connect/.test(outcome.error ?? ''))).toBe(true);
		expect(outcomes.every((outcome) => outcome.invocations === 0)).toBe(true);
		expect(bed.emulator.log()).toHaveLength(0);
		observe(testCase, summarise(outcomes));
	});
});

describe('answers slower than the timeout', () => {
	it('an invoke slower than a fractional timeout (0.3 s) fails that item, not resent; its action ran once', async () => {
		const testCase: ReliabilityCase = {
			name: 'Invoke slower than the timeout',
			given: 'slow (1500 ms) on the next invoke; option Timeout 0.3 s',
			expected: 'that item fails ("did not answer within 300 ms", not resent; the action ran), the others run once',
		};
		await warmUp();
		fault('slow', ['invokeInstance'], { count: 1, delayMs: 1500 });
		const started = Date.now();
		const { outcomes } = await runCase({ count: 3, options: { timeout: 0.3 } });

		expect(Date.now() - started).toBeLessThan(1400);
		const bad = failed(outcomes);
		expect(bad).toHaveLength(1);
		expect(bad[0].error).toMatch(/did not answer within (0\.3 s|300 ms)/);
		expect(bad[0].invocations).toBe(1);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(3);
		observe(testCase, summarise(outcomes));
	});

	it('a slow answer inside the timeout is simply awaited', async () => {
		const testCase: ReliabilityCase = {
			name: 'Invoke slow but inside the timeout',
			given: 'slow (150 ms) on every invoke; option Timeout 2 s',
			expected: '3 results, each action run once',
		};
		await warmUp();
		fault('slow', ['invokeInstance'], { delayMs: 150 });
		const { outcomes } = await runCase({ count: 3, options: { timeout: 2 } });

		expectAllOk(outcomes);
		observe(testCase, summarise(outcomes));
	});
});

// ------------------------------------------------------------------ odd bodies

describe('answers that are not what was asked for', () => {
	it('the HTML ban page on invoke fails that item, not resent', async () => {
		const testCase: ReliabilityCase = {
			name: 'HTML IP-ban page on invoke',
			given: 'ipBan on the next invoke (HTTP 403, text/html)',
			expected: 'that item fails ("web page instead of JSON", wait 5 minutes), the others run once',
		};
		await warmUp();
		fault('ipBan', ['invokeInstance'], { count: 1 });
		const { outcomes } = await runCase({ count: 3 });

		expectOneFailedNotRun(outcomes, /web page/);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(3);
		observe(testCase, summarise(outcomes));
	});

	it('the HTML ban page on the schema look-up fails every item, nothing run, not hammered', async () => {
		const testCase: ReliabilityCase = {
			name: 'HTML IP-ban page on a read',
			given: 'ipBan on every getActionDetail',
			expected: 'every item fails ("web page"), no invoke sent, the look-up not retried',
		};
		fault('ipBan', ['getActionDetail']);
		const { outcomes } = await runCase({ count: 3 });

		expect(outcomes.every((outcome) => !outcome.ok && /web page/.test(outcome.error ?? ''))).toBe(true);
		const { requests } = bed.emulator.counters();
		expect(requests.invokeInstance).toBe(0);
		expect(requests.getActionDetail).toBeLessThanOrEqual(3);
		observe(testCase, `${summarise(outcomes)}; getActionDetail requested ${requests.getActionDetail} time(s)`);
	});

	it('a non-JSON body on invoke fails that item, not resent', async () => {
		const testCase: ReliabilityCase = {
			name: 'Non-JSON body on invoke',
			given: 'nonJson on the next invoke (HTTP 200, text/plain)',
			expected: 'that item fails ("not JSON"), the others run once',
		};
		await warmUp();
		fault('nonJson', ['invokeInstance'], { count: 1 });
		const { outcomes } = await runCase({ count: 3 });

		expectOneFailedNotRun(outcomes, /not JSON/);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(3);
		observe(testCase, summarise(outcomes));
	});

	it('a non-JSON body on a read is retried', async () => {
		const testCase: ReliabilityCase = {
			name: 'Non-JSON body on a read',
			given: 'nonJson on the next getActionDetail',
			expected: 'retried, 3 results, each action run once',
		};
		fault('nonJson', ['getActionDetail'], { count: 1 });
		const { outcomes } = await runCase({ count: 3 });

		expectAllOk(outcomes);
		expect(bed.emulator.counters().requests.getActionDetail).toBe(2);
		observe(testCase, summarise(outcomes));
	});

	it('an outputJson that is not JSON is kept as text in rawOutput, with a warning', async () => {
		const testCase: ReliabilityCase = {
			name: 'outputJson that is not JSON',
			given: 'badOutputJson on the next invoke (truncated outputJson)',
			expected: 'that item is a result holding "rawOutput" (its action ran once), a warning is logged',
		};
		await warmUp();
		fault('badOutputJson', ['invokeInstance'], { count: 1 });
		const items = uniqueItems(`fault-${++caseNumber}`, 3);
		const result = await bed.harness.runNode({
			nodeType: 'dingTalkConnect',
			parameters: echoParameters(),
			credentials: { dingTalkConnectApi: 'corp' },
			items,
			continueOnFail: true,
			workflow: { id: 'wf-faults', name: 'Fault matrix' },
		});

		const output = result.output?.[0] ?? [];
		expect(output).toHaveLength(3);
		const raw = output.filter((item) => typeof item.json.rawOutput === 'string');
		expect(raw).toHaveLength(1);
		expect(String(raw[0].json.rawOutput)).toMatch(/<<truncated$/);
		expect(output.filter((item) => item.json.name !== undefined)).toHaveLength(2);
		expect(output.every((item) => item.json.error === undefined)).toBe(true);
		const counts = invocationsByName(bed.emulator);
		expect(items.every((item) => counts.get(String(item.json.id)) === 1)).toBe(true);
		expect(bed.harness.logs.some((line) => line.level === 'warn' && /not JSON/.test(line.message))).toBe(true);
		expectNoSecrets(runTexts(result, bed.harness), knownSecrets(bed.emulator, bed.harness));
		observe(testCase, `3 in → 3 out: 3 results (1 with rawOutput); actions run 3; warning logged`);
	});

	it('a connector-level errorCode fails that item with the code', async () => {
		const testCase: ReliabilityCase = {
			name: 'Connector-level errorCode',
			given: 'connectorError (HTTP 200, errorCode ERP_DOWN) on the next invoke',
			expected: 'that item fails naming ERP_DOWN, the others run once',
		};
		await warmUp();
		fault('connectorError', ['invokeInstance'], { count: 1, errorCode: 'ERP_DOWN' });
		const { outcomes } = await runCase({ count: 3 });

		expectOneFailedNotRun(outcomes, /ERP_DOWN/);
		observe(testCase, summarise(outcomes));
	});
});

// ------------------------------------------------------------------ Connect Platform errors

describe.each(['body', 'errorCode'] as const)('4001/4003/4004 carried in %s', (carrier) => {
	const how = carrier === 'body' ? 'HTTP 400/403/404 error body' : 'HTTP 200 errorCode';

	it('4001 fails that item, not resent', async () => {
		const testCase: ReliabilityCase = {
			name: `4001 (${how})`,
			given: `connect4001 on the next invoke, carrier ${carrier}`,
			expected: 'that item fails naming 4001, the others run once',
		};
		await warmUp();
		bed.emulator.configure({ connectErrorCarrier: carrier });
		fault('connect4001', ['invokeInstance'], { count: 1 });
		const { outcomes } = await runCase({ count: 3 });

		expectOneFailedNotRun(outcomes, /4001/);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(3);
		observe(testCase, summarise(outcomes));
	});

	it('4003 fails that item telling to authorise, not resent', async () => {
		const testCase: ReliabilityCase = {
			name: `4003 (${how})`,
			given: `connect4003 on the next invoke, carrier ${carrier}`,
			expected: 'that item fails naming 4003 / authorisation, the others run once',
		};
		await warmUp();
		bed.emulator.configure({ connectErrorCarrier: carrier });
		fault('connect4003', ['invokeInstance'], { count: 1 });
		const { outcomes } = await runCase({ count: 3 });

		expectOneFailedNotRun(outcomes, /4003|authoris/i);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(3);
		observe(testCase, summarise(outcomes));
	});

	it('4004 once: the instance is created again and the item resent once', async () => {
		const testCase: ReliabilityCase = {
			name: `4004 once (${how})`,
			given: `connect4004 on the next invoke, carrier ${carrier}`,
			expected: 'instance created again, that item resent once (nothing had run), 3 results, each action run once',
		};
		await warmUp();
		bed.emulator.configure({ connectErrorCarrier: carrier });
		fault('connect4004', ['invokeInstance'], { count: 1 });
		const { outcomes } = await runCase({ count: 3 });

		expectAllOk(outcomes);
		const { requests } = bed.emulator.counters();
		expect(requests.createInstance).toBe(1);
		expect(requests.invokeInstance).toBe(4);
		observe(testCase, `${summarise(outcomes)}; createInstance 1, invoke requests 4`);
	});

	it('4004 every time: each item fails after one re-creation, no loop', async () => {
		const testCase: ReliabilityCase = {
			name: `4004 persistent (${how})`,
			given: `connect4004 on every invoke, carrier ${carrier}`,
			expected: 'each item fails naming 4004 after one resend, nothing run',
		};
		await warmUp();
		bed.emulator.configure({ connectErrorCarrier: carrier });
		fault('connect4004', ['invokeInstance']);
		const { outcomes } = await runCase({ count: 3 });

		expect(outcomes.every((outcome) => !outcome.ok && /4004/.test(`${outcome.error} ${outcome.description}`))).toBe(true);
		// The error names the invoke's answer, the creation's and the invoke's after it.
		expect(outcomes.every((outcome) => !outcome.ok && /creating the instance then succeeded/.test(String(outcome.description)))).toBe(true);
		expect(outcomes.every((outcome) => outcome.invocations === 0)).toBe(true);
		const { requests } = bed.emulator.counters();
		expect(requests.invokeInstance).toBe(6);
		expect(requests.createInstance).toBeLessThanOrEqual(3);
		observe(testCase, `${summarise(outcomes)}; invoke requests ${requests.invokeInstance}, createInstance ${requests.createInstance}`);
	});
});

// ------------------------------------------------------------------ instances

describe('instances', () => {
	it('an instance deleted between runs is created again, once', async () => {
		const testCase: ReliabilityCase = {
			name: 'Instance deleted between runs',
			given: 'run, deleteInstances(), run again (warm caches)',
			expected: 'second run: 4004 noticed, one creation, 4 results, each action run once',
		};
		await warmUp('corp', 'wf-deleted');
		expect(bed.emulator.deleteInstances()).toBeGreaterThan(0);
		const { outcomes } = await runCase({ count: 4, workflowId: 'wf-deleted' });

		expectAllOk(outcomes);
		const counters = bed.emulator.counters();
		expect(counters.executed.createInstance).toBe(1);
		expect(counters.executed.invokeInstance).toBe(4);
		observe(testCase, `${summarise(outcomes)}; createInstance executed ${counters.executed.createInstance}`);
	});

	it('a new process does not create an instance that exists, whatever a second creation would answer', async () => {
		const testCase: ReliabilityCase = {
			name: 'Instance exists, a new process',
			given: "a second creation refused (400 InstanceAlreadyExists); instance made by an earlier run; caches cleared",
			expected: 'a new process invokes first: no creation call, 3 results, each action run once',
		};
		await warmUp('corp', 'wf-exists');
		resetProcessMemory();
		useFastRetries();
		bed.emulator.configure({ secondCreation: { status: 400, code: 'InstanceAlreadyExists' } });
		const { outcomes } = await runCase({ count: 3, workflowId: 'wf-exists' });

		expectAllOk(outcomes);
		const { requests } = bed.emulator.counters();
		expect(requests.createInstance).toBe(0);
		expect(requests.invokeInstance).toBe(3);
		observe(testCase, `${summarise(outcomes)}; createInstance requests 0, invoke requests 3`);
	});

	it('"already exists" on Instance → Create reports created: false', async () => {
		const testCase: ReliabilityCase = {
			name: 'A second Instance → Create refused',
			given: 'a second creation refused (400 InstanceAlreadyExists); the same key created twice',
			expected: 'first item created: true, second created: false, no error',
		};
		bed.emulator.configure({ secondCreation: { status: 400, code: 'InstanceAlreadyExists' } });
		const parameters = {
			resource: 'instance',
			operation: 'create',
			action: { __rl: true, mode: 'uri', value: ECHO_URI },
			instanceKey: `exists-${++caseNumber}`,
		} as INodeParameters;
		const items = [{ json: {} }, { json: {} }];
		const result = await bed.run('corp', parameters, { items, continueOnFail: true, workflowId: 'wf-faults' });
		const output = (result.output?.[0] ?? []).map((item) => item.json);
		expect(output.map((json) => json.created)).toEqual([true, false]);
		expect(output[1].dingTalkAnswer).toMatchObject({ httpStatus: 400, code: 'InstanceAlreadyExists' });
		expectNoSecrets(runTexts(result, bed.harness), knownSecrets(bed.emulator, bed.harness));
		observe(testCase, `2 in → 2 out: created ${output.map((json) => String(json.created)).join(', ')}`);
	});
});

// ------------------------------------------------------------------ account-level refusals

describe('account-level refusals', () => {
	it('the monthly quota exhausted on invoke fails that item, not resent', async () => {
		const testCase: ReliabilityCase = {
			name: 'Monthly quota exhausted (invoke)',
			given: 'quotaExhausted (ApiCountLimitForOrg) on the next invoke',
			expected: 'that item fails ("monthly ... quota"), not resent, the others run once',
		};
		await warmUp();
		fault('quotaExhausted', ['invokeInstance'], { count: 1 });
		const { outcomes } = await runCase({ count: 3 });

		expectOneFailedNotRun(outcomes, /quota/);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(3);
		observe(testCase, summarise(outcomes));
	});

	it('the monthly quota exhausted on the schema look-up fails every item, asked once', async () => {
		const testCase: ReliabilityCase = {
			name: 'Monthly quota exhausted (read)',
			given: 'quotaExhausted on every getActionDetail',
			expected: 'every item fails ("quota"), the look-up not retried, no invoke sent',
		};
		fault('quotaExhausted', ['getActionDetail']);
		const { outcomes } = await runCase({ count: 3 });

		expect(outcomes.every((outcome) => !outcome.ok && /quota/.test(outcome.error ?? ''))).toBe(true);
		const { requests } = bed.emulator.counters();
		expect(requests.invokeInstance).toBe(0);
		expect(requests.getActionDetail).toBeLessThanOrEqual(3);
		observe(testCase, `${summarise(outcomes)}; getActionDetail requested ${requests.getActionDetail} time(s)`);
	});

	it.each([
		['permissionDenied', /permission scope/],
		['ipNotInWhiteList', /allow-list/],
	] as const)('%s on invoke fails that item with the fix, not resent', async (kind, pattern) => {
		const testCase: ReliabilityCase = {
			name: `${kind} on invoke`,
			given: `${kind} on the next invoke (HTTP 403)`,
			expected: 'that item fails saying what to fix, the others run once',
		};
		await warmUp();
		fault(kind, ['invokeInstance'], { count: 1 });
		const { outcomes } = await runCase({ count: 3 });

		expectOneFailedNotRun(outcomes, pattern);
		observe(testCase, summarise(outcomes));
	});
});

// ------------------------------------------------------------------ token endpoint

describe('token endpoint faults', () => {
	it.each([
		['serverError', 'accessToken'],
		['throttle', 'accessToken'],
		['dropBeforeRead', 'accessToken'],
		['serverError', 'corpAccessToken'],
	] as const)('%s on %s while fetching the first token: retried, every item runs once', async (kind, api) => {
		const mode: Mode = api === 'accessToken' ? 'corp' : 'suite';
		const testCase: ReliabilityCase = {
			name: `${kind} on the token endpoint (${mode} app)`,
			given: `${kind} on the next ${api}; no stored token`,
			expected: 'token fetched again, 3 results, each action run once',
		};
		bed.harness.setCredential(mode, 'dingTalkConnectApi', credentialData(mode, bed.emulator.url));
		fault(kind, [api], { count: 1 });
		const { outcomes } = await runCase({ mode, count: 3, workflowId: `wf-token-${kind}-${mode}` });

		expectAllOk(outcomes);
		expect(bed.emulator.counters().requests[api]).toBe(2);
		observe(testCase, `${summarise(outcomes)}; ${api} requested 2 times`);
	});
});
