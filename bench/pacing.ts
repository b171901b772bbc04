// Adaptive pacing against today's fixed pacing, from the emulator's own log. One process
// runs in the bench process; two and four are child processes (bench/pacingWorker.ts) sharing one app.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import axios from 'axios';

import { requestsEachSecond, type InvocationRecord, type RequestLogEntry } from '../emulator';
import { usePacingPolicy } from '../test/harness/processMemory';
import type { EmulatorProcess } from './emulatorProcess';
import { TODO_URI, countLost, emulatorConfig, todoInputs } from './measure';
import { NodeRunner, invokeParameters } from './nodeRunner';
import type { WorkerOutcome, WorkerTask } from './pacingWorker';

/** Today's default: 19/s per process, whatever DingTalk answers. */
export const TODAYS_FIXED_RATE = 19;
/** The target counts the rate after the first 5 s (the adaptive rate is still finding the limit). */
const SETTLING_MS = 5000;
const WORKER_TIMEOUT_MS = 180_000;

export type PacingMode = 'adaptive' | 'fixed';

export interface PacingFigures {
	mode: PacingMode;
	limit: number;
	processes: number;
	items: number;
	wallMs: number;
	/** Executed invokes per second after the first 5 s, as a share of the limit. */
	shareOfLimit: number;
	throttled: number;
	requests: number;
	throttledShare: number;
	lost: number;
	runTwice: number;
	/** Each process's rate after the first 5 s (while all ran), as a share of limit ÷ processes. */
	processShares: number[];
	/** Limit drop only: from the drop to the end of the last second with more invokes than the new limit, before three seconds in a row at or under it. */
	recoveryMs?: number;
	/** Limit drop only: after that, each second's invokes above the new limit (a probe above the remembered ceiling). */
	probesOverAfterDrop?: number[];
	/** Limit drop only: invokes the emulator received in each whole second after the drop. */
	invokesPerSecondAfterDrop?: number[];
	firstError?: string;
	/** Invokes executed/throttled in each second from the first one, e.g. "20/0 19/3 20/0". */
	invokesEachSecond?: string;
}

const invokesOf = (log: RequestLogEntry[]) => log.filter((entry) => entry.api === 'invokeInstance');

async function invocations(emulator: EmulatorProcess): Promise<InvocationRecord[]> {
	return (await axios.get<InvocationRecord[]>(`${emulator.url}/__emulator/invocations`)).data;
}

/** Subjects whose to-do was created more than once. */
function countRunTwice(records: InvocationRecord[]): number {
	const seen = new Map<string, number>();
	for (const record of records) {
		const subject = (record.input as { subject?: unknown } | undefined)?.subject;
		if (typeof subject === 'string') seen.set(subject, (seen.get(subject) ?? 0) + 1);
	}
	return [...seen.values()].filter((count) => count > 1).length;
}

/** The label before " #" in the subject of the invoke's input (todoInputs names items "label #n"). */
function processOf(entry: RequestLogEntry): string {
	const body = entry.body as { inputJsonString?: unknown } | undefined;
	try {
		const subject = (JSON.parse(String(body?.inputJsonString ?? '{}')) as { subject?: unknown }).subject;
		return typeof subject === 'string' ? subject.split(' #')[0] : '';
	} catch {
		return '';
	}
}

function rateIn(entries: RequestLogEntry[], from: number, to: number): number {
	if (to <= from) return 0;
	return (entries.filter((entry) => entry.executed && entry.at >= from && entry.at <= to).length * 1000) / (to - from);
}

export async function figuresOfLastRun(
	emulator: EmulatorProcess,
	run: { mode: PacingMode; limit: number; processes: number; items: number; wallMs: number },
	lost: { lost: number; firstError?: string },
): Promise<PacingFigures> {
	const invokes = invokesOf(await emulator.log());
	const counters = await emulator.counters();
	const requests = Object.values(counters.requests).reduce((total, count) => total + count, 0);
	const start = Math.min(...invokes.map((entry) => entry.at));
	const executed = invokes.filter((entry) => entry.executed);
	const end = Math.max(...executed.map((entry) => entry.at));
	// Processes share the app's token; each item's subject names its process.
	const byProcess = new Map<string, RequestLogEntry[]>();
	for (const entry of invokes) {
		const process = processOf(entry);
		byProcess.set(process, [...(byProcess.get(process) ?? []), entry]);
	}
	const together = Math.min(...[...byProcess.values()].map((entries) => Math.max(...entries.filter((entry) => entry.executed).map((entry) => entry.at))));
	const equalShare = run.limit / run.processes;
	return {
		...run,
		// Several processes: while all of them run (the last one alone would be alone at its share).
		shareOfLimit: rateIn(executed, start + SETTLING_MS, run.processes > 1 ? together : end) / run.limit,
		throttled: counters.throttled,
		requests,
		throttledShare: requests > 0 ? counters.throttled / requests : 0,
		lost: lost.lost,
		runTwice: countRunTwice(await invocations(emulator)),
		processShares: run.processes > 1 ? [...byProcess.values()].map((entries) => rateIn(entries, start + SETTLING_MS, together) / equalShare) : [],
		...(lost.firstError === undefined ? {} : { firstError: lost.firstError }),
		invokesEachSecond: requestsEachSecond(invokes),
	};
}

function usePolicy(mode: PacingMode): number | undefined {
	if (mode === 'fixed') {
		usePacingPolicy({ adaptive: false });
		return TODAYS_FIXED_RATE;
	}
	usePacingPolicy({});
	return undefined;
}

async function runInProcess(
	runner: NodeRunner,
	emulator: EmulatorProcess,
	options: { mode: PacingMode; limit: number; items: number; label: string; during?: (startedAt: number) => Promise<void> },
): Promise<{ wallMs: number; lost: { lost: number; firstError?: string } }> {
	await emulator.reset(emulatorConfig(options.limit, INVOKE_LATENCY_MS));
	runner.makeCold();
	const fixedRate = usePolicy(options.mode);
	try {
		const inputs = todoInputs(options.label, options.items);
		const parameters = invokeParameters(TODO_URI, { subject: '={{ $json.subject }}', creatorId: '={{ $json.creatorId }}' }, fixedRate);
		const started = performance.now();
		const [result] = await Promise.all([
			runner.run(parameters, inputs.map((json) => ({ json })), `wf-pacing-${options.label}`),
			options.during?.(Date.now()),
		]);
		const wallMs = performance.now() - started;
		const outputs = (result.output?.[0] ?? []).map((entry) => ({
			item: typeof entry.pairedItem === 'object' && !Array.isArray(entry.pairedItem) ? entry.pairedItem.item : -1,
			json: entry.json as Record<string, unknown>,
		}));
		const lost = countLost(inputs, outputs);
		if (result.error) lost.firstError = result.error.message;
		return { wallMs, lost };
	} finally {
		usePacingPolicy({});
	}
}

export const INVOKE_LATENCY_MS = 150;

/** One process, the limit not told to the node (adaptive) or today's 19/s (fixed). */
export async function measureOneProcess(
	runner: NodeRunner,
	emulator: EmulatorProcess,
	options: { mode: PacingMode; limit: number; items: number },
): Promise<PacingFigures> {
	const label = `1p-${options.mode}-${options.limit}`;
	const { wallMs, lost } = await runInProcess(runner, emulator, { ...options, label });
	return await figuresOfLastRun(emulator, { ...options, processes: 1, wallMs }, lost);
}

/** The limit drops from `from` to `to` per second `dropAfterMs` into the run. */
export async function measureLimitDrop(
	runner: NodeRunner,
	emulator: EmulatorProcess,
	options: { mode: PacingMode; from: number; to: number; items: number; dropAfterMs: number },
): Promise<PacingFigures> {
	let dropAt = 0;
	const during = async () => {
		await new Promise((resolve) => setTimeout(resolve, options.dropAfterMs));
		await emulator.configure({ qpsLimit: options.to });
		dropAt = Date.now();
	};
	const label = `drop-${options.mode}`;
	const { wallMs, lost } = await runInProcess(runner, emulator, { mode: options.mode, limit: options.from, items: options.items, label, during });
	const figures = await figuresOfLastRun(emulator, { mode: options.mode, limit: options.from, processes: 1, items: options.items, wallMs }, lost);
	// Whole seconds after the drop in which the emulator received more invokes than the new limit.
	const perSecond = new Map<number, number>();
	for (const entry of invokesOf(await emulator.log())) {
		const second = Math.floor(entry.at / 1000);
		if (second > Math.floor(dropAt / 1000)) perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
	}
	const seconds = [...perSecond].sort((a, b) => a[0] - b[0]);
	figures.invokesPerSecondAfterDrop = seconds.map(([, count]) => count);
	// The drop's excursion ends at the first three seconds in a row at or under the new limit; a second over it
	// later is a probe (the policy probes above a ceiling after a hold), reported with its excess.
	const settledAt = seconds.findIndex((_, index) => index + 3 <= seconds.length && seconds.slice(index, index + 3).every(([, count]) => count <= options.to));
	const excursion = settledAt < 0 ? seconds : seconds.slice(0, settledAt);
	const over = excursion.filter(([, count]) => count > options.to).map(([second]) => second);
	figures.recoveryMs = over.length === 0 ? Math.max(0, Math.ceil(dropAt / 1000) * 1000 - dropAt) : (Math.max(...over) + 1) * 1000 - dropAt;
	figures.probesOverAfterDrop = settledAt < 0 ? [] : seconds.slice(settledAt).filter(([, count]) => count > options.to).map(([, count]) => count - options.to);
	// After the drop, the share is of the new limit, from 3 s after it.
	const executed = invokesOf(await emulator.log()).filter((entry) => entry.executed);
	figures.shareOfLimit = rateIn(executed, dropAt + 3000, Math.max(...executed.map((entry) => entry.at))) / options.to;
	figures.limit = options.to;
	return figures;
}

interface Worker {
	child: ChildProcess;
	/** Resolves with the next message of this kind, or rejects when the child exits or times out. */
	next: (kind: 'ready' | 'done') => Promise<WorkerOutcome | undefined>;
}

function startWorker(): Worker {
	const child = fork(path.join(__dirname, 'pacingWorker.ts'), [], {
		execArgv: ['-r', 'ts-node/register/transpile-only'],
		env: { ...process.env, TS_NODE_PREFER_TS_EXTS: 'true' },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let waiting: { kind: string; resolve: (outcome: WorkerOutcome | undefined) => void; reject: (error: Error) => void } | undefined;
	child.on('message', (message: { kind: string; outcome?: WorkerOutcome }) => {
		if (waiting?.kind !== message.kind) return;
		const { resolve } = waiting;
		waiting = undefined;
		resolve(message.outcome);
	});
	child.once('exit', (code) => waiting?.reject(new Error(`a pacing worker exited with code ${String(code)}`)));
	return {
		child,
		next: async (kind) =>
			await new Promise<WorkerOutcome | undefined>((resolve, reject) => {
				const timer = setTimeout(() => {
					child.kill('SIGTERM');
					reject(new Error(`a pacing worker sent no "${kind}" within ${WORKER_TIMEOUT_MS / 1000} s`));
				}, WORKER_TIMEOUT_MS);
				const settle = <T>(finish: (value: T) => void) => (value: T) => {
					clearTimeout(timer);
					finish(value);
				};
				waiting = { kind, resolve: settle(resolve), reject: settle(reject) };
			}),
	};
}

/** Child processes kept for every multi-process run: each starts once (ts-node takes seconds to load the node). */
export class WorkerPool {
	private readonly workers: Worker[] = [];

	worker(index: number): Worker {
		while (this.workers.length <= index) this.workers.push(startWorker());
		return this.workers[index];
	}

	stop(): void {
		for (const { child } of this.workers) if (child.exitCode === null && child.connected) child.send({ kind: 'exit' });
		for (const { child } of this.workers) setTimeout(() => child.exitCode === null && child.kill('SIGTERM'), 5000).unref();
	}
}

/** `processes` child processes, each running the real node over `itemsEach` items, one app between them. */
export async function measureProcesses(
	emulator: EmulatorProcess,
	pool: WorkerPool,
	options: { mode: PacingMode; limit: number; processes: number; itemsEach: number },
): Promise<PacingFigures> {
	await emulator.reset(emulatorConfig(options.limit, INVOKE_LATENCY_MS));
	const workers = Array.from({ length: options.processes }, (_, index) => pool.worker(index));
	await Promise.all(
		workers.map(async (worker, index) => {
			const ready = worker.next('ready');
			const task: WorkerTask = {
				baseUrl: emulator.url,
				label: `${options.processes}p-${options.mode}-${index}`,
				items: options.itemsEach,
				workflowId: 'wf-pacing-shared',
				...(options.mode === 'fixed' ? { fixedRate: TODAYS_FIXED_RATE } : {}),
			};
			worker.child.send({ kind: 'task', task });
			await ready;
		}),
	);
	// The warm-up items are not measured.
	await emulator.resetCounters();
	const started = performance.now();
	const done = workers.map(async (worker) => {
		const outcome = worker.next('done');
		worker.child.send({ kind: 'go' });
		return (await outcome) ?? { inputs: [], outputs: [], error: 'no outcome' };
	});
	const outcomes = await Promise.all(done);
	const wallMs = performance.now() - started;
	let lost = 0;
	let firstError: string | undefined;
	for (const outcome of outcomes) {
		const counted = countLost(outcome.inputs, outcome.outputs);
		lost += outcome.inputs.length === 0 ? options.itemsEach : counted.lost;
		firstError ??= outcome.error ?? counted.firstError;
	}
	return await figuresOfLastRun(
		emulator,
		{ mode: options.mode, limit: options.limit, processes: options.processes, items: options.processes * options.itemsEach, wallMs },
		{ lost, ...(firstError === undefined ? {} : { firstError }) },
	);
}
