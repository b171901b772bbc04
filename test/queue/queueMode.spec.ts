// The package in n8n's queue mode. A main (`n8n start`), then one and then two workers
// (`n8n worker`), each with its own copy of the package, over PostgreSQL and Redis, against the
// emulator's 20 requests/s limit. A webhook-triggered workflow invokes "create to-do" once per item
// of the posted batch; a bounded burst of webhook calls is fired with one worker, then with two.
//
// Sizes (env): QUEUE_CALLS webhook calls per phase (30), QUEUE_ITEMS items per call (10),
// QUEUE_PARALLEL calls in flight (10), QUEUE_WORKER_CONCURRENCY jobs per worker (5).
// Figures go to test-results/queue-figures.json and are printed at the end.
import { SEED_USERS, SEED_ASSETS, requestsEachSecond, startEmulator, type RunningEmulator, type EmulatorCounters } from '../../emulator';
import { importCredentials, importWorkflows } from '../../scripts/n8n/runtime.mjs';
import type { QueueCluster, WorkerHandle } from '../../scripts/queue/cluster.mjs';
import type { PostgresHandle } from '../../scripts/queue/services.mjs';
import { corpCredential, createTodoNode, executionsRunByMain, finishedBy, startQueueBed, writeQueueFigures, type QueueBed } from './queueBed';

const CALLS = positiveInt(process.env.QUEUE_CALLS, 30);
const ITEMS = positiveInt(process.env.QUEUE_ITEMS, 10);
const PARALLEL = positiveInt(process.env.QUEUE_PARALLEL, 10);
// Fewer slots per worker than calls in flight, so that with two workers both take jobs.
const WORKER_CONCURRENCY = positiveInt(process.env.QUEUE_WORKER_CONCURRENCY, 5);
const QPS_LIMIT = 20;
const INVOKE_LATENCY_MS = 50;
const CALL_TIMEOUT_MS = 120_000;

function positiveInt(raw: string | undefined, fallback: number): number {
	const value = Number(raw);
	return Number.isInteger(value) && value > 0 ? value : fallback;
}

const CREDENTIAL = { id: 'queueCorpCredent', name: 'DingTalk Connect (queue test)' };
const CREATE_TODO_URI = SEED_ASSETS.createTodo.connectAssetUri;
const CREATOR = SEED_USERS[0].userId;

interface Phase {
	key: 'oneWorker' | 'twoWorkers' | 'tokenExpiry';
	workflowId: string;
	webhookPath: string;
}
const PHASES: Record<Phase['key'], Phase> = {
	oneWorker: { key: 'oneWorker', workflowId: 'queueTodosOneWrkr', webhookPath: 'queue-todos-one-worker' },
	twoWorkers: { key: 'twoWorkers', workflowId: 'queueTodosTwoWrkr', webhookPath: 'queue-todos-two-workers' },
	tokenExpiry: { key: 'tokenExpiry', workflowId: 'queueTodosExpiry', webhookPath: 'queue-todos-token-expiry' },
};

/** Webhook (production, answers with the last node's items) → Split Out → DingTalk Connect Invoke. */
function webhookWorkflow(phase: Phase, n: number) {
	const id = (k: number) => `9${n}000000-0000-4000-8000-00000000000${k}`;
	return {
		id: phase.workflowId,
		name: `Queue test: create to-dos (${phase.key})`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: id(1),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: id(4),
				parameters: { httpMethod: 'POST', path: phase.webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: id(2),
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.todos', options: {} },
			},
			createTodoNode({
				id: id(3),
				position: [440, 0],
				credential: CREDENTIAL,
				inputJson: '={{ JSON.stringify({ subject: $json.subject, creatorId: $json.creatorId }) }}',
				includeMetadata: true,
			}),
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Create To-do', type: 'main', index: 0 }]] },
		},
	};
}

interface CallResult {
	status: number;
	items: Array<Record<string, unknown>>;
	error?: string;
}

interface BurstResult {
	phase: Phase;
	subjects: string[];
	calls: CallResult[];
	ms: number;
	counters: EmulatorCounters;
	/** Executed invokes per emulator second, first to last. */
	invokeSpanMs: number;
	peakInvokesPerSecond: number;
	/** Executed invokes per second after the first 5 s of invokes (while pacing has found the limit), to the last. */
	invokesPerSecondAfter5s: number | null;
	executions: Array<{ id: string; status: string; mode: string }>;
	byWorker: Record<string, number>;
	/** Invokes the emulator executed and refused (throttled, or a refused token) in each second from the first invoke: how the rate ramped, held and ended. */
	invokesEachSecond: string;
}

/** Fires CALLS webhook calls of ITEMS items each, at most PARALLEL at once; all to 127.0.0.1. */
async function burst(
	phase: Phase,
): Promise<Omit<BurstResult, 'counters' | 'invokeSpanMs' | 'peakInvokesPerSecond' | 'invokesPerSecondAfter5s' | 'executions' | 'byWorker' | 'invokesEachSecond'>> {
	const url = `${cluster.main!.url}/webhook/${phase.webhookPath}`;
	const subjects: string[] = [];
	const bodies = Array.from({ length: CALLS }, (_, call) => {
		const todos = Array.from({ length: ITEMS }, (_, item) => ({ subject: `${phase.key} call ${call} item ${item}`, creatorId: CREATOR }));
		subjects.push(...todos.map((todo) => todo.subject));
		return { todos };
	});
	const calls: CallResult[] = new Array(CALLS);
	let next = 0;
	const started = Date.now();
	const sender = async () => {
		while (next < CALLS) {
			const call = next++;
			try {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(bodies[call]),
					signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
				});
				const text = await response.text();
				let parsed: unknown;
				try {
					parsed = JSON.parse(text);
				} catch {
					parsed = undefined;
				}
				const items = Array.isArray(parsed) ? (parsed as Array<Record<string, unknown>>) : parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
				calls[call] = { status: response.status, items, error: response.ok ? undefined : text.slice(0, 300) };
			} catch (error) {
				calls[call] = { status: 0, items: [], error: (error as Error).message };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(PARALLEL, CALLS) }, sender));
	return { phase, subjects, calls, ms: Date.now() - started };
}

let bed: QueueBed | undefined;
let postgres: PostgresHandle | undefined;
let emulator: RunningEmulator | undefined;
let cluster: QueueCluster;
const results: Partial<Record<Phase['key'], BurstResult>> = {};
let totalTokensIssued = 0;
/** Seconds each set-up step took (n8n's first command against an empty PostgreSQL runs every migration). */
const setupSeconds: Record<string, number> = {};

async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await run();
	} finally {
		setupSeconds[step] = Number(((Date.now() - started) / 1000).toFixed(1));
	}
}

/** The workflow's executions as PostgreSQL holds them. */
function executionsOf(workflowId: string) {
	return postgres!
		.query(`SELECT id, status, mode FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`)
		.map(([id, status, mode]) => ({ id, status, mode }));
}

/** Makes DingTalk refuse every token once a third of the phase's invokes have run (both workers busy). */
async function expireTokensMidBurst(): Promise<void> {
	const deadline = Date.now() + CALL_TIMEOUT_MS;
	while (emulator!.counters().executed.invokeInstance < (CALLS * ITEMS) / 3 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	emulator!.expireAllTokens();
}

async function runPhase(phase: Phase, workers: WorkerHandle[], during?: () => Promise<void>): Promise<BurstResult> {
	emulator!.resetCounters();
	const [fired] = await Promise.all([burst(phase), during?.()]);
	const counters = emulator!.counters();
	totalTokensIssued += counters.tokensIssued;
	const invokeLog = emulator!.log().filter((entry) => entry.api === 'invokeInstance');
	const invokeTimes = invokeLog
		.filter((entry) => entry.executed)
		.map((entry) => entry.at)
		.sort((a, b) => a - b);
	const perSecond = new Map<number, number>();
	for (const at of invokeTimes) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
	const executions = executionsOf(phase.workflowId);
	const byWorker: Record<string, number> = {};
	const ids = new Set(executions.map((execution) => execution.id));
	for (const worker of workers) byWorker[worker.name] = worker.finishedExecutions().filter((id) => ids.has(id)).length;
	const settledFrom = (invokeTimes[0] ?? 0) + 5000;
	const last = invokeTimes[invokeTimes.length - 1] ?? 0;
	const result: BurstResult = {
		...fired,
		counters,
		invokeSpanMs: invokeTimes.length > 1 ? last - invokeTimes[0] : 0,
		invokesPerSecondAfter5s: last > settledFrom ? (invokeTimes.filter((at) => at >= settledFrom).length * 1000) / (last - settledFrom) : null,
		peakInvokesPerSecond: Math.max(0, ...perSecond.values()),
		executions,
		byWorker,
		invokesEachSecond: requestsEachSecond(invokeLog),
	};
	results[phase.key] = result;
	return result;
}

/** The checks every phase must pass: all executions succeeded on a worker, no item lost or doubled. */
function expectPhaseSucceeded(result: BurstResult, workers: WorkerHandle[]) {
	const failed = result.calls.filter((call) => call.status !== 200);
	expect(failed).toEqual([]);
	// Every call answered with one to-do per posted item, made from that item's subject.
	const answered = result.calls.flatMap((call) => call.items.map((item) => item.subject));
	expect(answered.sort()).toEqual([...result.subjects].sort());
	for (const call of result.calls) {
		for (const item of call.items) expect(String(item.id)).toMatch(/^todo-\d+$/);
	}

	// One execution per call, each successful and run by exactly one worker.
	expect(result.executions).toHaveLength(CALLS);
	expect(result.executions.filter((execution) => execution.status !== 'success')).toEqual([]);
	const finished = finishedBy(workers);
	for (const execution of result.executions) expect({ id: execution.id, workers: finished.get(execution.id) ?? [] }).toEqual({ id: execution.id, workers: [expect.any(String)] });
	// The main ran none itself: in queue mode it only enqueues.
	expect(executionsRunByMain(cluster)).toEqual([]);

	// Invokes equal items: each subject reached DingTalk exactly once (throttled answers ran nothing).
	expect(result.counters.executed.invokeInstance).toBe(CALLS * ITEMS);
	const invoked = emulator!
		.invocations()
		.map((invocation) => (invocation.input as { subject?: string }).subject)
		.filter((subject): subject is string => typeof subject === 'string' && subject.startsWith(`${result.phase.key} `));
	expect(invoked.sort()).toEqual([...result.subjects].sort());

	// One instance for the workflow and asset, created once; at most one creation attempt per worker.
	const instanceKeys = new Set(result.calls.flatMap((call) => call.items.map((item) => (item._dingtalk as { instanceKey?: string })?.instanceKey)));
	expect(instanceKeys.size).toBe(1);
	const [instanceKey] = [...instanceKeys];
	expect(emulator!.instances().filter((record) => record.connectAssetUri === CREATE_TODO_URI && record.instanceKey === instanceKey)).toHaveLength(1);
	expect(result.counters.executed.createInstance).toBe(1);
	expect(result.counters.requests.createInstance).toBeGreaterThanOrEqual(1);
	expect(result.counters.requests.createInstance).toBeLessThanOrEqual(workers.length);

	// Tokens: at most one per worker process (each holds its own until DingTalk refuses it).
	expect(result.counters.tokensIssued).toBeLessThanOrEqual(workers.length);
	expect(result.counters.requests.accessToken).toBeLessThanOrEqual(workers.length);
}

function figureRow(result: BurstResult) {
	const items = CALLS * ITEMS;
	const seconds = result.ms / 1000;
	return {
		phase: result.phase.key,
		workers: Object.keys(result.byWorker).length,
		calls: CALLS,
		items,
		seconds: Number(seconds.toFixed(2)),
		itemsPerSecond: Number((items / seconds).toFixed(2)),
		emulatorInvokesPerSecond: result.invokeSpanMs > 0 ? Number((((items - 1) * 1000) / result.invokeSpanMs).toFixed(2)) : null,
		peakInvokesInOneSecond: result.peakInvokesPerSecond,
		shareOfLimitAfter5s: result.invokesPerSecondAfter5s === null ? null : Number((result.invokesPerSecondAfter5s / QPS_LIMIT).toFixed(3)),
		throttledShareOfRequests: Number((result.counters.throttled / Object.values(result.counters.requests).reduce((total, count) => total + count, 0)).toFixed(4)),
		executionsByWorker: result.byWorker,
		invokeRequests: result.counters.requests.invokeInstance,
		invokesExecuted: result.counters.executed.invokeInstance,
		throttled: result.counters.throttled,
		// Invokes refused for another reason (phase 3: the expired token), each refreshed and retried.
		invokesRefusedOtherwise: result.counters.requests.invokeInstance - result.counters.executed.invokeInstance - result.counters.throttled,
		createInstanceRequests: result.counters.requests.createInstance,
		instancesCreated: result.counters.executed.createInstance,
		tokensIssued: result.counters.tokensIssued,
		actionDetailReads: result.counters.requests.getActionDetail,
		invokesEachSecond: result.invokesEachSecond,
	};
}

beforeAll(async () => {
	[bed, emulator] = await timed('postgres, redis, emulator', () => Promise.all([
		startQueueBed('dingtalk-queue-'),
		startEmulator({
			port: 0,
			// A second creation is refused, as some DingTalk may answer: workers that race to create the instance must still run every item.
			config: { qpsLimit: QPS_LIMIT, latencyMs: { invokeInstance: INVOKE_LATENCY_MS }, secondCreation: { status: 400, code: 'InstanceAlreadyExists' } },
		}),
	]));
	({ postgres, cluster } = bed);
	const emulatorUrl = emulator.url;
	await timed('import credential (runs the migrations)', () => importCredentials(cluster.cli, [corpCredential(CREDENTIAL, emulatorUrl)]));
	await timed('import workflows', () => importWorkflows(cluster.cli, [webhookWorkflow(PHASES.oneWorker, 1), webhookWorkflow(PHASES.twoWorkers, 2), webhookWorkflow(PHASES.tokenExpiry, 3)]));
	await timed('start main and worker-1', () =>
		Promise.all([cluster.startMain(), cluster.startWorker('worker-1', { concurrency: WORKER_CONCURRENCY })]),
	);
	await timed('activate workflows', () => cluster.activate(Object.values(PHASES).map((phase) => phase.workflowId)));
}, 300_000);

afterAll(async () => {
	await bed?.stop();
	await emulator?.stop();
	const rows = Object.values(results).map((result) => figureRow(result!));
	if (rows.length) {
		const file = writeQueueFigures({ qpsLimit: QPS_LIMIT, invokeLatencyMs: INVOKE_LATENCY_MS, workerConcurrency: WORKER_CONCURRENCY, parallelCalls: PARALLEL, totalTokensIssued, setupSeconds, phases: rows });
		console.log(`queue-mode figures (${file}):\n${JSON.stringify({ setupSeconds, phases: rows }, null, 2)}`);
	}
}, 120_000);

describe('n8n queue mode: main + workers with the package, PostgreSQL, Redis', () => {
	test('one worker: every webhook execution succeeds on the worker, one invoke per item, one instance, one token', async () => {
		const workers = [cluster.workers[0]];
		const result = await runPhase(PHASES.oneWorker, workers);
		expectPhaseSucceeded(result, workers);
		expect(result.byWorker['worker-1']).toBe(CALLS);
	});

	test('two workers racing: one instance, tokens bounded, throttling when the second worker joins absorbed, nothing lost', async () => {
		await timed('start worker-2', () => cluster.startWorker('worker-2', { concurrency: WORKER_CONCURRENCY }));
		const workers = cluster.workers;
		const result = await runPhase(PHASES.twoWorkers, workers);
		expectPhaseSucceeded(result, workers);
		// Both workers took jobs; the second starts at 20/s beside the first one's learnt rate, so DingTalk throttles until they share.
		expect(result.byWorker['worker-1']).toBeGreaterThan(0);
		expect(result.byWorker['worker-2']).toBeGreaterThan(0);
		expect(result.counters.throttled).toBeGreaterThan(0);
		// Every invoke that did not run was a throttled one (then retried), or one sent before the phase's new
		// instance existed (answered "not found", then sent again once it was created); never another failure.
		const notFound = emulator!.log().filter((entry) => entry.api === 'invokeInstance' && !entry.executed && entry.status === 404).length;
		expect(notFound).toBeLessThanOrEqual(CALLS * ITEMS);
		expect(result.counters.requests.invokeInstance - result.counters.executed.invokeInstance).toBeLessThanOrEqual(result.counters.throttled + notFound);
	});

	test('two workers, every token expired mid-burst: at most one refresh per worker, nothing lost', async () => {
		const workers = cluster.workers;
		expect(workers).toHaveLength(2);
		const result = await runPhase(PHASES.tokenExpiry, workers, expireTokensMidBurst);
		expectPhaseSucceeded(result, workers);
		expect(result.counters.tokensIssued).toBeGreaterThanOrEqual(1);
		// Over the whole run: one token for the first worker, then one refresh per worker after the expiry.
		expect(totalTokensIssued).toBeLessThanOrEqual(1 + workers.length);
	});
});
