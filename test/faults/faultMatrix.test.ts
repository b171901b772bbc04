// Every emulator fault switch (with the secret sweep) against Action → Invoke run by the n8n-core
// harness. Each case checks the outcome, the item accounting (N in → N out, in order, a result or an
// error each), the emulator's counters (no item's action run twice) and that no secret leaked.
// Most cases are rows of a table run by `runMatrixCase` (./matrix.ts); a case that needs its own
// set-up or checks is written out.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import { resetProcessMemory, setRetryPolicy } from '../harness/processMemory';
import { credentialData, type Mode } from '../integration/nodes/DingTalkConnect/testbed';
import { ECHO_URI, expectNoSecrets, invocationsByName, knownSecrets, runTexts, summarise, useFastRetries } from './faultBed';
import {
	everyItemFails,
	everyItemRunsOnce,
	oneFailsAfterRunning,
	oneFailsNotRun,
	useFaultMatrix,
	type MatrixCase,
} from './matrix';
import { observe, type ReliabilityCase } from './observe';

const { bed, newItems, uniqueKey, runEcho, runCase, warmUp, runMatrixCase } = useFaultMatrix();

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
		everyItemRunsOnce(outcomes);
		const refused = bed.emulator.log().filter((entry) => entry.api === 'invokeInstance' && entry.status === status);
		expect(refused.length).toBeGreaterThanOrEqual(1);
		const counters = bed.emulator.counters();
		expect(counters.tokensIssued).toBe(1);
		expect(counters.executed.invokeInstance).toBe(6);
		observe(testCase, `${summarise(outcomes)}; ${refused.length} call(s) refused, ${counters.tokensIssued} new token`);
	});

	it.each<MatrixCase>([
		{
			title: 'a token refused twice in a row fails the item without resending it a third time',
			name: 'Token refused even after a refresh',
			given: 'invalidAuthentication on every invoke',
			expected: 'each item fails with "rejected the access token", one refresh per call, no action run',
			warm: true,
			fault: { kind: 'invalidAuthentication', apis: ['invokeInstance'] },
			run: { count: 2 },
			outcome: everyItemFails(/rejected the access token/),
			counters: { requests: { invokeInstance: 4 } },
		},
	])('$title', runMatrixCase);
});

// ------------------------------------------------------------------ throttling

describe('throttling', () => {
	const bursts = [
		['throttle', 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'],
		['throttleGlobal', 'Forbidden.AccessDenied.QpsLimitForApi'],
	] as const;
	it.each<MatrixCase>([
		...bursts.map(
			([kind, code]): MatrixCase => ({
				title: `a burst of ${kind} answers is waited out: every item runs once`,
				name: `Throttling burst (${code})`,
				given: `${kind} on the next 4 invokes`,
				expected: 'backoff and resend (nothing ran), 5 results, each action run once',
				warm: true,
				fault: { kind, apis: ['invokeInstance'], count: 4 },
				run: { count: 5 },
				outcome: everyItemRunsOnce,
				counters: { throttled: 4, requests: { invokeInstance: 9 } },
				note: (counters) => `${counters.throttled} throttled answers, ${counters.requests.invokeInstance} invoke requests`,
			}),
		),
		{
			title: 'throttling that never ends fails each item after the bounded attempts, nothing run',
			name: 'Throttling that never ends',
			given: 'throttle on every invoke',
			expected: 'each item fails with "rate-limiting" after maxAttempts (5), no action run',
			warm: true,
			fault: { kind: 'throttle', apis: ['invokeInstance'] },
			run: { count: 2 },
			outcome: everyItemFails(/rate-limiting/),
			counters: { requests: { invokeInstance: 10 } },
		},
	])('$title', runMatrixCase);

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

		everyItemRunsOnce(outcomes);
		const counters = bed.emulator.counters();
		expect(counters.throttled).toBeGreaterThan(0);
		expect(counters.executed.invokeInstance).toBe(12);
		observe(testCase, `${summarise(outcomes)}; ${counters.throttled} throttled answers`);
	});
});

// ------------------------------------------------------------------ server errors

describe('5xx', () => {
	it.each<MatrixCase>([
		...(['getActionDetail', 'createInstance'] as const).map(
			(api): MatrixCase => ({
				title: `on a read (${api}) is retried: every item runs once`,
				name: `5xx on ${api}`,
				given: `serverError 500 on the next 2 ${api} calls`,
				expected: 'retried (safe to repeat), 3 results, each action run once',
				fault: { kind: 'serverError', apis: [api], count: 2 },
				run: { count: 3, workflowId: `wf-5xx-${api}` },
				outcome: everyItemRunsOnce,
				counters: { requests: { [api]: 3 } },
				note: () => `${api} requested 3 times`,
			}),
		),
		...[500, 502, 503].map(
			(status): MatrixCase => ({
				title: `HTTP ${status} on invoke fails that item only, not resent`,
				name: `5xx on invoke (HTTP ${status})`,
				given: `serverError ${status} on the next invoke`,
				expected: 'that item fails ("may have run", not resent), the other 3 run once',
				warm: true,
				fault: { kind: 'serverError', apis: ['invokeInstance'], count: 1, status },
				run: { count: 4 },
				outcome: oneFailsNotRun(/DingTalk|server/i),
				counters: { requests: { invokeInstance: 4 } },
			}),
		),
	])('$title', runMatrixCase);

	it('without Continue On Fail, 5xx on invoke fails the node naming the item', async () => {
		const testCase: ReliabilityCase = {
			name: '5xx on invoke, Continue On Fail off',
			given: 'serverError 500 on the first invoke; 3 items; requestsPerSecond 1 (one at a time)',
			expected: 'the node fails with the error of item 0, no later item sent',
		};
		await warmUp();
		bed.emulator.addFault({ kind: 'serverError', apis: ['invokeInstance'], count: 1 });
		const items = newItems(3);
		const result = await runEcho(items, { options: { requestsPerSecond: 1 }, continueOnFail: false });

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
	it.each<MatrixCase>([
		{
			title: 'dropped before the request is read, on a read: retried, every item runs once',
			name: 'Connection dropped before the request is read (read call)',
			given: 'dropBeforeRead on the next getActionDetail',
			expected: 'retried, 3 results, each action run once',
			fault: { kind: 'dropBeforeRead', apis: ['getActionDetail'], count: 1 },
			run: { count: 3 },
			outcome: everyItemRunsOnce,
			counters: { requests: { getActionDetail: 2 } },
		},
		{
			title: 'dropped before the request is read, on invoke: that item fails, not resent (the client cannot tell)',
			name: 'Connection dropped before the request is read (invoke)',
			given: 'dropBeforeRead on the next invoke',
			expected: 'that item fails ("connection ... closed", not resent), its action did not run, the others run once',
			warm: true,
			fault: { kind: 'dropBeforeRead', apis: ['invokeInstance'], count: 1 },
			run: { count: 4 },
			outcome: oneFailsNotRun(/connection .*closed/i),
			counters: { requests: { invokeInstance: 4 } },
		},
		{
			title: 'dropped after the request was read, on invoke: that item fails, its action ran once, not resent',
			name: 'Connection dropped after the request was read (invoke)',
			given: 'dropAfterRead on the next invoke',
			expected: 'that item fails (its action ran once: honest, not resent), the others run once',
			warm: true,
			fault: { kind: 'dropAfterRead', apis: ['invokeInstance'], count: 1 },
			run: { count: 4 },
			outcome: oneFailsAfterRunning(/connection .*closed/i, /not retried|may have executed/i),
			counters: { requests: { invokeInstance: 4 }, executed: { invokeInstance: 4 } },
		},
		{
			title: 'dropped after the request was read, on instance creation: retried (creation is idempotent)',
			name: 'Connection dropped after the request was read (create instance)',
			given: 'dropAfterRead on the next createInstance',
			expected: 'creation resent, 3 results, each action run once',
			fault: { kind: 'dropAfterRead', apis: ['createInstance'], count: 1 },
			run: { count: 3, workflowId: 'wf-drop-create' },
			outcome: everyItemRunsOnce,
			counters: { requests: { createInstance: 2 } },
		},
	])('$title', runMatrixCase);

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

		everyItemFails(/Could not connect/)(outcomes);
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
		bed.emulator.addFault({ kind: 'slow', apis: ['invokeInstance'], count: 1, delayMs: 1500 });
		const started = Date.now();
		const { outcomes } = await runCase({ count: 3, options: { timeout: 0.3 } });

		expect(Date.now() - started).toBeLessThan(1400);
		oneFailsAfterRunning(/did not answer within (0\.3 s|300 ms)/)(outcomes);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(3);
		observe(testCase, summarise(outcomes));
	});

	it.each<MatrixCase>([
		{
			title: 'a slow answer inside the timeout is simply awaited',
			name: 'Invoke slow but inside the timeout',
			given: 'slow (150 ms) on every invoke; option Timeout 2 s',
			expected: '3 results, each action run once',
			warm: true,
			fault: { kind: 'slow', apis: ['invokeInstance'], delayMs: 150 },
			run: { count: 3, options: { timeout: 2 } },
			outcome: everyItemRunsOnce,
		},
	])('$title', runMatrixCase);
});

// ------------------------------------------------------------------ odd bodies

describe('answers that are not what was asked for', () => {
	it.each<MatrixCase>([
		{
			title: 'the HTML ban page on invoke fails that item, not resent',
			name: 'HTML IP-ban page on invoke',
			given: 'ipBan on the next invoke (HTTP 403, text/html)',
			expected: 'that item fails ("web page instead of JSON", wait 5 minutes), the others run once',
			warm: true,
			fault: { kind: 'ipBan', apis: ['invokeInstance'], count: 1 },
			run: { count: 3 },
			outcome: oneFailsNotRun(/web page/),
			counters: { requests: { invokeInstance: 3 } },
		},
		{
			title: 'the HTML ban page on the schema look-up fails every item, nothing run, not hammered',
			name: 'HTML IP-ban page on a read',
			given: 'ipBan on every getActionDetail',
			expected: 'every item fails ("web page"), no invoke sent, the look-up not retried',
			fault: { kind: 'ipBan', apis: ['getActionDetail'] },
			run: { count: 3 },
			outcome: everyItemFails(/web page/),
			counters: { requests: { invokeInstance: 0 } },
			requestsAtMost: { getActionDetail: 3 },
			note: (counters) => `getActionDetail requested ${counters.requests.getActionDetail} time(s)`,
		},
		{
			title: 'a non-JSON body on invoke fails that item, not resent',
			name: 'Non-JSON body on invoke',
			given: 'nonJson on the next invoke (HTTP 200, text/plain)',
			expected: 'that item fails ("not JSON"), the others run once',
			warm: true,
			fault: { kind: 'nonJson', apis: ['invokeInstance'], count: 1 },
			run: { count: 3 },
			outcome: oneFailsNotRun(/not JSON/),
			counters: { requests: { invokeInstance: 3 } },
		},
		{
			title: 'a non-JSON body on a read is retried',
			name: 'Non-JSON body on a read',
			given: 'nonJson on the next getActionDetail',
			expected: 'retried, 3 results, each action run once',
			fault: { kind: 'nonJson', apis: ['getActionDetail'], count: 1 },
			run: { count: 3 },
			outcome: everyItemRunsOnce,
			counters: { requests: { getActionDetail: 2 } },
		},
		{
			title: 'a connector-level errorCode fails that item with the code',
			name: 'Connector-level errorCode',
			given: 'connectorError (HTTP 200, errorCode ERP_DOWN) on the next invoke',
			expected: 'that item fails naming ERP_DOWN, the others run once',
			warm: true,
			fault: { kind: 'connectorError', apis: ['invokeInstance'], count: 1, errorCode: 'ERP_DOWN' },
			run: { count: 3 },
			outcome: oneFailsNotRun(/ERP_DOWN/),
		},
	])('$title', runMatrixCase);

	it('an outputJson that is not JSON is kept as text in rawOutput, with a warning', async () => {
		const testCase: ReliabilityCase = {
			name: 'outputJson that is not JSON',
			given: 'badOutputJson on the next invoke (truncated outputJson)',
			expected: 'that item is a result holding "rawOutput" (its action ran once), a warning is logged',
		};
		await warmUp();
		bed.emulator.addFault({ kind: 'badOutputJson', apis: ['invokeInstance'], count: 1 });
		const items = newItems(3);
		// Not runCase: its accounting wants the echo of each item, and the echo here is not JSON.
		const result = await runEcho(items);

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
});

// ------------------------------------------------------------------ Connect Platform errors

describe.each(['body', 'errorCode'] as const)('4001/4003/4004 carried in %s', (carrier) => {
	const how = carrier === 'body' ? 'HTTP 400/403/404 error body' : 'HTTP 200 errorCode';
	/** Warmed up, then the Connect code on invoke (the next `count` calls, else every call) carried in `carrier`. */
	const connectCode = (kind: 'connect4001' | 'connect4003' | 'connect4004', count?: number): Pick<MatrixCase, 'warm' | 'configure' | 'fault' | 'run'> => ({
		warm: true,
		configure: { connectErrorCarrier: carrier },
		fault: { kind, apis: ['invokeInstance'], count },
		run: { count: 3 },
	});

	it.each<MatrixCase>([
		{
			title: '4001 fails that item, not resent',
			name: `4001 (${how})`,
			given: `connect4001 on the next invoke, carrier ${carrier}`,
			expected: 'that item fails naming 4001, the others run once',
			...connectCode('connect4001', 1),
			outcome: oneFailsNotRun(/4001/),
			counters: { requests: { invokeInstance: 3 } },
		},
		{
			title: '4003 fails that item telling to authorise, not resent',
			name: `4003 (${how})`,
			given: `connect4003 on the next invoke, carrier ${carrier}`,
			expected: 'that item fails naming 4003 / authorisation, the others run once',
			...connectCode('connect4003', 1),
			outcome: oneFailsNotRun(/4003|authoris/i),
			counters: { requests: { invokeInstance: 3 } },
		},
		{
			title: '4004 once: the instance is created again and the item resent once',
			name: `4004 once (${how})`,
			given: `connect4004 on the next invoke, carrier ${carrier}`,
			expected: 'instance created again, that item resent once (nothing had run), 3 results, each action run once',
			...connectCode('connect4004', 1),
			outcome: everyItemRunsOnce,
			counters: { requests: { createInstance: 1, invokeInstance: 4 } },
			note: () => 'createInstance 1, invoke requests 4',
		},
		{
			title: '4004 every time: each item fails after one re-creation, no loop',
			name: `4004 persistent (${how})`,
			given: `connect4004 on every invoke, carrier ${carrier}`,
			expected: 'each item fails naming 4004 after one resend, nothing run',
			...connectCode('connect4004'),
			outcome: (outcomes) => {
				expect(outcomes.every((outcome) => !outcome.ok && /4004/.test(`${outcome.error} ${outcome.description}`))).toBe(true);
				// The error names the invoke's answer, the creation's and the invoke's after it.
				expect(outcomes.every((outcome) => !outcome.ok && /creating the instance then succeeded/.test(String(outcome.description)))).toBe(true);
				expect(outcomes.every((outcome) => outcome.invocations === 0)).toBe(true);
			},
			counters: { requests: { invokeInstance: 6 } },
			requestsAtMost: { createInstance: 3 },
			note: (counters) => `invoke requests ${counters.requests.invokeInstance}, createInstance ${counters.requests.createInstance}`,
		},
	])('$title', runMatrixCase);
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

		everyItemRunsOnce(outcomes);
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

		everyItemRunsOnce(outcomes);
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
			instanceKey: uniqueKey('exists'),
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
	it.each<MatrixCase>([
		{
			title: 'the monthly quota exhausted on invoke fails that item, not resent',
			name: 'Monthly quota exhausted (invoke)',
			given: 'quotaExhausted (ApiCountLimitForOrg) on the next invoke',
			expected: 'that item fails ("monthly ... quota"), not resent, the others run once',
			warm: true,
			fault: { kind: 'quotaExhausted', apis: ['invokeInstance'], count: 1 },
			run: { count: 3 },
			outcome: oneFailsNotRun(/quota/),
			counters: { requests: { invokeInstance: 3 } },
		},
		{
			title: 'the monthly quota exhausted on the schema look-up fails every item, asked once',
			name: 'Monthly quota exhausted (read)',
			given: 'quotaExhausted on every getActionDetail',
			expected: 'every item fails ("quota"), the look-up not retried, no invoke sent',
			fault: { kind: 'quotaExhausted', apis: ['getActionDetail'] },
			run: { count: 3 },
			outcome: everyItemFails(/quota/),
			counters: { requests: { invokeInstance: 0 } },
			requestsAtMost: { getActionDetail: 3 },
			note: (counters) => `getActionDetail requested ${counters.requests.getActionDetail} time(s)`,
		},
		...(
			[
				['permissionDenied', /permission scope/],
				['ipNotInWhiteList', /allow-list/],
			] as const
		).map(
			([kind, pattern]): MatrixCase => ({
				title: `${kind} on invoke fails that item with the fix, not resent`,
				name: `${kind} on invoke`,
				given: `${kind} on the next invoke (HTTP 403)`,
				expected: 'that item fails saying what to fix, the others run once',
				warm: true,
				fault: { kind, apis: ['invokeInstance'], count: 1 },
				run: { count: 3 },
				outcome: oneFailsNotRun(pattern),
			}),
		),
	])('$title', runMatrixCase);
});

// ------------------------------------------------------------------ token endpoint

describe('token endpoint faults', () => {
	const variants = [
		['serverError', 'accessToken'],
		['throttle', 'accessToken'],
		['dropBeforeRead', 'accessToken'],
		['serverError', 'corpAccessToken'],
	] as const;
	it.each<MatrixCase>(
		variants.map(([kind, api]) => {
			const mode: Mode = api === 'accessToken' ? 'corp' : 'suite';
			return {
				title: `${kind} on ${api} while fetching the first token: retried, every item runs once`,
				name: `${kind} on the token endpoint (${mode} app)`,
				given: `${kind} on the next ${api}; no stored token`,
				expected: 'token fetched again, 3 results, each action run once',
				noStoredToken: mode,
				fault: { kind, apis: [api], count: 1 },
				run: { mode, count: 3, workflowId: `wf-token-${kind}-${mode}` },
				outcome: everyItemRunsOnce,
				counters: { requests: { [api]: 2 } },
				note: () => `${api} requested 2 times`,
			};
		}),
	)('$title', runMatrixCase);
});
