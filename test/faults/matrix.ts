// The fault matrix's runner: most of its cases are one row of data (the fault, the run, the outcome,
// the emulator's counters), so the checks every case owes (item accounting, the secret sweep, the
// observation for docs/reliability.md) are written once, here.
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { ApiName, EmulatorConfig, EmulatorCounters, FaultRule } from '../../emulator';
import type { RunNodeResult } from '../harness';
import { credentialData, type Mode } from '../integration/nodes/DingTalkConnect/testbed';
import {
	accountItems,
	echoParameters,
	expectNoSecrets,
	knownSecrets,
	runTexts,
	summarise,
	uniqueItems,
	useFastRetries,
	useFaultTestbed,
	type ItemOutcome,
} from './faultBed';
import { observe, type ReliabilityCase } from './observe';

const BASE_CONFIG: Partial<EmulatorConfig> = {
	qpsLimit: 0,
	latencyMs: {},
	expiredTokenStatus: 400,
	connectErrorCarrier: 'body',
	secondCreation: 'succeed',
};

export interface CaseRun {
	result: RunNodeResult;
	items: INodeExecutionData[];
	outcomes: ItemOutcome[];
}

export interface CaseOptions {
	mode?: Mode | string;
	count?: number;
	options?: INodeParameters;
	parameters?: INodeParameters;
	/** Runs while the node runs (e.g. expiring tokens mid-run). */
	during?: (items: INodeExecutionData[]) => Promise<void>;
	workflowId?: string;
}

/** What the items of a run must have come to; throws (through `expect`) when they did not. */
export type OutcomeCheck = (outcomes: ItemOutcome[]) => void;

export interface MatrixCase extends ReliabilityCase {
	title: string;
	/** Warm the token, action detail and instance first, so that a fault on invoke hits invoke only. */
	warm?: boolean;
	/** Start from a credential with no stored token (a fault on the token endpoint is then met at once). */
	noStoredToken?: Mode;
	configure?: Partial<EmulatorConfig>;
	fault?: FaultRule;
	run?: CaseOptions;
	outcome: OutcomeCheck;
	/** The emulator's counters after the run, exactly (only the fields named). */
	counters?: { requests?: Partial<Record<ApiName, number>>; executed?: Partial<Record<ApiName, number>>; throttled?: number };
	/** Requests that may be fewer (a look-up the node may or may not repeat) but never more. */
	requestsAtMost?: Partial<Record<ApiName, number>>;
	/** What the observation adds to the summary of the items. */
	note?: (counters: EmulatorCounters) => string;
}

export const failed = (outcomes: ItemOutcome[]) => outcomes.filter((outcome) => !outcome.ok);
const succeeded = (outcomes: ItemOutcome[]) => outcomes.filter((outcome) => outcome.ok);

/** Every item is a result and its action ran once. */
export const everyItemRunsOnce: OutcomeCheck = (outcomes) => {
	expect(failed(outcomes).map((outcome) => outcome.error)).toEqual([]);
	expect(outcomes.every((outcome) => outcome.invocations === 1)).toBe(true);
};

/** One item failed with `pattern` (in its error or description), its action did not run, every other item ran once. */
export const oneFailsNotRun =
	(pattern: RegExp): OutcomeCheck =>
	(outcomes) => {
		const bad = failed(outcomes);
		expect(bad).toHaveLength(1);
		expect(`${bad[0].error} ${bad[0].description}`).toMatch(pattern);
		expect(bad[0].invocations).toBe(0);
		expect(succeeded(outcomes).every((outcome) => outcome.invocations === 1)).toBe(true);
	};

/** One item failed with an error matching `pattern` although its action ran once: the honest outcome, not resent. */
export const oneFailsAfterRunning =
	(pattern: RegExp, description?: RegExp): OutcomeCheck =>
	(outcomes) => {
		const bad = failed(outcomes);
		expect(bad).toHaveLength(1);
		expect(bad[0].error).toMatch(pattern);
		if (description) expect(bad[0].description).toMatch(description);
		expect(bad[0].invocations).toBe(1);
	};

/** Every item failed with an error matching `pattern`, and no item's action ran. */
export const everyItemFails =
	(pattern: RegExp): OutcomeCheck =>
	(outcomes) => {
		expect(outcomes.every((outcome) => !outcome.ok && pattern.test(outcome.error ?? ''))).toBe(true);
		expect(outcomes.every((outcome) => outcome.invocations === 0)).toBe(true);
	};

/**
 * Registers the fault matrix's testbed: before each case the base configuration (no rate limit, no
 * latency, DingTalk's documented answers) and zeroed counters.
 */
export function useFaultMatrix() {
	const bed = useFaultTestbed();
	let caseNumber = 0;

	beforeEach(() => {
		useFastRetries();
		bed.emulator.configure(BASE_CONFIG);
		bed.emulator.resetCounters();
	});

	/** A key no other case uses (an instance key, a prefix of item ids). */
	const uniqueKey = (prefix: string) => `${prefix}-${++caseNumber}`;
	/** Unique items for one run, so each invocation can be attributed to its item. */
	const newItems = (count: number) => uniqueItems(uniqueKey('fault'), count);

	/** Runs the echo action for the items (under Continue On Fail unless told otherwise), without the accounting. */
	async function runEcho(items: INodeExecutionData[], options: CaseOptions & { continueOnFail?: boolean } = {}): Promise<RunNodeResult> {
		return await bed.harness.runNode({
			nodeType: 'dingTalkConnect',
			parameters: options.parameters ?? echoParameters(options.options),
			credentials: { dingTalkConnectApi: options.mode ?? 'corp' },
			items,
			continueOnFail: options.continueOnFail ?? true,
			workflow: { id: options.workflowId ?? 'wf-faults', name: 'Fault matrix' },
		});
	}

	/** Runs the echo action for `count` unique items under Continue On Fail and does the accounting. */
	async function runCase(options: CaseOptions = {}): Promise<CaseRun> {
		const items = newItems(options.count ?? 4);
		const [result] = await Promise.all([runEcho(items, options), options.during?.(items)]);
		const outcomes = accountItems(result, items, bed.emulator);
		expectNoSecrets(runTexts(result, bed.harness), knownSecrets(bed.emulator, bed.harness));
		return { result, items, outcomes };
	}

	/** Warms the token, action detail and instance so that a fault on invoke hits invoke only. */
	async function warmUp(mode: Mode | string = 'corp', workflowId = 'wf-faults'): Promise<void> {
		await runCase({ mode, count: 1, workflowId });
		bed.emulator.resetCounters();
		bed.harness.clearLogs();
	}

	/** One row of the matrix: set up, inject the fault, run, check the items and the counters, record. */
	async function runMatrixCase(row: MatrixCase): Promise<void> {
		if (row.noStoredToken) {
			bed.harness.setCredential(row.noStoredToken, 'dingTalkConnectApi', credentialData(row.noStoredToken, bed.emulator.url));
		}
		if (row.warm) await warmUp(row.run?.mode, row.run?.workflowId);
		if (row.configure) bed.emulator.configure(row.configure);
		if (row.fault) bed.emulator.addFault(row.fault);
		const { outcomes } = await runCase(row.run);

		row.outcome(outcomes);
		const counters = bed.emulator.counters();
		if (row.counters) expect(counters).toMatchObject(row.counters);
		for (const [api, most] of Object.entries(row.requestsAtMost ?? {})) {
			expect(counters.requests[api as ApiName]).toBeLessThanOrEqual(most);
		}
		const { name, given, expected } = row;
		observe({ name, given, expected }, row.note ? `${summarise(outcomes)}; ${row.note(counters)}` : summarise(outcomes));
	}

	return { bed, newItems, uniqueKey, runEcho, runCase, warmUp, runMatrixCase };
}
