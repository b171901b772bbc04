// `npm run bench:events`: DingTalk events from the emulator through the two trigger nodes to finished
// executions in the pinned n8n 2.x, beside n8n's own Webhook node fed the same events in the same run.
// One active workflow per delivery and phase:
//   burst:   BENCH_EVENTS (1,000) events at once (Stream: pushed in one go; HTTP and the Webhook node:
//            BENCH_HTTP_CONCURRENCY (8) pushes in flight, one event each);
//   paced:   BENCH_PACED_RATE (100) events/s for BENCH_PACED_SECONDS (5) s;
//   morning: BENCH_MORNING_EVENTS (3,000) events of mixed types over BENCH_MORNING_SECONDS (60) s.
// The burst and paced phases run BENCH_ROUNDS (3) rounds, each delivery once a round in a turning order
// (rounds.ts); a trigger's ratio is the median of its rounds' ratios to the Webhook node's. The morning
// runs once. BENCH_PHASES and BENCH_DELIVERIES (comma-separated) run a part, e.g. BENCH_PHASES=burst.
// BENCH_HTTP_REPEAT_CHECK=workflow runs the HTTP trigger with Repeat Check → Every Process (static data).
// Measures events/s (first push to the last execution's end), push → execution end (p50/p99), lost
// events, and for every HTTP push its reply time against DingTalk's 1,500 ms. Judges each trigger's
// phase against the Webhook node's (targets.ts), writes bench-results-events.json, exits 1 when one fails.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS } from '../../emulator';
import { CREDENTIAL_TYPE, N8N_VERSION, importCredentials } from '../../scripts/n8n/runtime.mjs';
import { startE2e, type E2eEnvironment } from '../../test/e2e/lib/n8n';
import { ownerClient, type RestClient } from '../../test/e2e/rest/client';
import { positiveInteger } from '../environment';
import { benchIds, phaseFigures, replyFigures, type Delivery, type Phase } from './figures';
import { activate, deactivate, finishedExecutions, waitForFinished } from './n8nExecutions';
import { pushHttp, pushStream, pushWebhook, waitForWebhook, type Pushed, type Schedule } from './push';
import { processCpuMs } from './processCpu';
import { printTable } from './table';
import { combineRounds, judgeRounds, roundOrder } from './rounds';
import { TARGETS, type PhaseResult } from './targets';
import { webhookUrlOf, workflowFor, workflowIdOf, type BenchRun, type RepeatCheck } from './workflows';

// Each phase waits at most 90 s for its executions; a hung run is stopped rather than left waiting.
const WATCHDOG_MS = 15 * 60_000;
// n8n as a production user runs it on one instance, as n8n's own benchmark does (its `sqlite` set-up):
// SQLite with WAL and n8n's default pool of 3 readers, successful executions saved (the bench reads
// them back). One setting beyond n8n's defaults: n8n builds a fresh isolated-vm isolate for each
// webhook request and each credential read of a community node (only its own Webhook node v2 is
// spared), the larger part of its CPU per event here; with lazy acquire it builds one only when an
// expression is evaluated, which none of these workflows needs. Expressions still run in the isolate.
// BENCH_N8N_ENV='{"N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE":"false"}' measures n8n's default.
const N8N_ENV: Record<string, string> = {
	DB_SQLITE_POOL_SIZE: '3',
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
	EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
	EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false',
	EXECUTIONS_DATA_PRUNE: 'true',
	N8N_LOG_LEVEL: 'info',
	// n8n's default, no limit; BENCH_N8N_CONCURRENCY=N tries the limit n8n documents against overload.
	N8N_CONCURRENCY_PRODUCTION_LIMIT: '-1',
	// BENCH_N8N_ENV='{"N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE":"true"}' tries other n8n settings (n8n's own names only).
	...n8nSettingsFrom(process.env.BENCH_N8N_ENV),
};
const CREDENTIAL = { id: 'benchEventsCred01', name: 'DingTalk Connect (bench, events)' };
const BENCH_ID = /bench-(?:stream|http|webhook)-(?:burst|paced|morning|warmup)-\d{6}/;


function n8nSettingsFrom(json: string | undefined): Record<string, string> {
	if (json === undefined || json === '') return {};
	const parsed: unknown = JSON.parse(json);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('BENCH_N8N_ENV must be a JSON object');
	const entries = Object.entries(parsed as Record<string, unknown>);
	for (const [name, value] of entries) {
		if (!/^(N8N|DB|EXECUTIONS)_[A-Z0-9_]+$/.test(name) || typeof value !== 'string') {
			throw new Error(`BENCH_N8N_ENV: ${name} must be an n8n setting (N8N_*, DB_*, EXECUTIONS_*) with a string value`);
		}
	}
	return Object.fromEntries(entries as Array<[string, string]>);
}

function repeatCheckFrom(raw: string | undefined): RepeatCheck | undefined {
	if (raw === undefined || raw === '') return undefined;
	if (raw !== 'process' && raw !== 'workflow') throw new Error('BENCH_HTTP_REPEAT_CHECK must be process or workflow');
	return raw;
}

const settings = {
	events: Math.min(positiveInteger('BENCH_EVENTS', 1000), 5000),
	pacedRate: Math.min(positiveInteger('BENCH_PACED_RATE', 100), 500),
	pacedSeconds: Math.min(positiveInteger('BENCH_PACED_SECONDS', 5), 30),
	httpConcurrency: Math.min(positiveInteger('BENCH_HTTP_CONCURRENCY', 8), 64),
	morningEvents: Math.min(positiveInteger('BENCH_MORNING_EVENTS', 3000), 10000),
	morningSeconds: Math.min(positiveInteger('BENCH_MORNING_SECONDS', 60), 120),
	rounds: Math.min(positiveInteger('BENCH_ROUNDS', 3), 9),
	httpRepeatCheck: repeatCheckFrom(process.env.BENCH_HTTP_REPEAT_CHECK),
};

const PHASES: readonly Phase[] = ['burst', 'paced', 'morning'];
// n8n compiles a code path the first time it runs: whichever delivery came first was measured slower.
const WARMUP_EVENTS = 100;
const DELIVERIES: readonly Delivery[] = ['webhook', 'http', 'stream'];

/** A comma-separated subset of `all` from the environment (e.g. BENCH_PHASES=burst), in `all`'s order; all when unset. */
function chosen<T extends string>(name: string, all: readonly T[]): T[] {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return [...all];
	const picked = raw.split(',').map((part) => part.trim());
	const unknown = picked.filter((part) => !(all as readonly string[]).includes(part));
	if (unknown.length > 0) throw new Error(`${name}: unknown ${unknown.join(', ')} (choose from ${all.join(', ')})`);
	return all.filter((item) => picked.includes(item));
}

function scheduleOf({ delivery, phase, round }: BenchRun): Schedule {
	const common = { phase, concurrency: settings.httpConcurrency };
	const ids = (count: number) => benchIds(delivery, phase, count, round * count);
	if (phase === 'burst') return { ...common, ids: ids(settings.events) };
	if (phase === 'warmup') return { ...common, ids: ids(WARMUP_EVENTS) };
	if (phase === 'paced') return { ...common, ids: ids(settings.pacedRate * settings.pacedSeconds), rate: settings.pacedRate };
	return { ...common, ids: ids(settings.morningEvents), rate: settings.morningEvents / settings.morningSeconds };
}

/** Every measured run, phase by phase; the short phases in rounds. */
function planOf(phases: readonly Phase[], deliveries: readonly Delivery[]): BenchRun[] {
	return phases.flatMap((phase) => {
		const rounds = phase === 'morning' ? 1 : settings.rounds;
		return Array.from({ length: rounds }, (_, round) => roundOrder(deliveries, round).map((delivery) => ({ delivery, phase, round })));
	}).flat();
}

async function runPhase(e2e: E2eEnvironment, n8n: { client: RestClient; pid: number }, run: BenchRun, log: (text: string) => void): Promise<PhaseResult> {
	const { client } = n8n;
	const { delivery, phase } = run;
	const label = run.round === 0 ? `${delivery} ${phase}` : `${delivery} ${phase} round ${run.round + 1}`;
	const workflowId = workflowIdOf(run);
	const schedule = scheduleOf(run);
	const count = schedule.ids.length;
	const pushedAt = new Map<string, number>();
	const stream = e2e.emulator.events.stream;
	const opened = stream.stats().connectionsOpened;
	const redeliveredBefore = stream.stats().redeliveries;

	const url = webhookUrlOf(client.url, run);
	await activate(client, workflowId);
	if (delivery === 'stream') await stream.waitFor((stats) => stats.connectionsOpened > opened, 30_000);
	else await waitForWebhook(url);
	log(`${label}: pushing ${count} events`);
	const cpuBefore = processCpuMs(n8n.pid);
	let pushed: Pushed | undefined;
	if (delivery === 'stream') await pushStream(e2e, schedule, pushedAt);
	else if (delivery === 'http') pushed = await pushHttp(e2e, url, schedule, pushedAt);
	else pushed = await pushWebhook(url, schedule, pushedAt);
	const finished = await waitForFinished(client, workflowId, count);
	const cpuAfter = processCpuMs(n8n.pid);
	log(`${label}: ${finished} executions finished; reading them`);
	await deactivate(client, workflowId);

	const figures = phaseFigures(pushedAt, await finishedExecutions(client, workflowId, BENCH_ID));
	return {
		delivery,
		phase,
		...figures,
		cpuMsPerEvent: cpuBefore === undefined || cpuAfter === undefined ? undefined : Math.round(((cpuAfter - cpuBefore) / count) * 100) / 100,
		...(pushed === undefined
			? { redeliveries: stream.stats().redeliveries - redeliveredBefore }
			: { notAccepted: pushed.notAccepted, reply: replyFigures(pushed.replyMs, TARGETS.replyDeadlineMs) }),
	};
}

async function main(): Promise<number> {
	const started = performance.now();
	const log = (text: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}`);
	let e2e: E2eEnvironment | undefined;
	const watchdog = setTimeout(() => {
		console.error(`bench:events: still running after ${WATCHDOG_MS / 1000} s, stopping`);
		void (e2e?.stop() ?? Promise.resolve()).finally(() => process.exit(2));
	}, WATCHDOG_MS);
	watchdog.unref();
	const interrupted = () => void (e2e?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);
	try {
		log('starting the emulator and importing the workflows into a throwaway n8n');
		e2e = await startE2e();
		e2e.instance.env = { ...e2e.instance.env, ...N8N_ENV };
		const events = DEMO_EVENT_SETTINGS.corp;
		await importCredentials(e2e.instance, [
			{
				...CREDENTIAL,
				type: CREDENTIAL_TYPE,
				data: {
					appType: 'internal',
					...DEMO_CREDENTIALS.corp,
					baseUrl: e2e.emulator.url,
					eventToken: events.token,
					eventAesSecretKey: events.aesKey,
					eventOwnerKey: 'appKey',
				},
			},
		]);
		const plan = planOf(chosen('BENCH_PHASES', PHASES), chosen('BENCH_DELIVERIES', DELIVERIES));
		const warmup = DELIVERIES.map((delivery): BenchRun => ({ delivery, phase: 'warmup', round: 0 }));
		await e2e.importWorkflows([...warmup, ...plan].map((run) => workflowFor(run, CREDENTIAL, settings.httpRepeatCheck)));
		if (settings.httpRepeatCheck !== undefined) log(`the HTTP trigger's Repeat Check: ${settings.httpRepeatCheck}`);
		log('starting n8n');
		const server = await e2e.startServer();
		const client = await ownerClient(server.url);
		for (const run of warmup) await runPhase(e2e, { client, pid: server.pid }, run, log);
		const measured: Array<{ run: BenchRun; result: PhaseResult }> = [];
		let incomplete: string | undefined;
		for (const run of plan) {
			try {
				measured.push({ run, result: await runPhase(e2e, { client, pid: server.pid }, run, log) });
			} catch (error) {
				// The phases before it still count: report them, and this one as not run to the end.
				incomplete = `${run.delivery} ${run.phase} round ${run.round + 1}: ${error instanceof Error ? error.message : String(error)}`;
				log(`stopped at ${incomplete}`);
				break;
			}
		}
		const roundsOf = (delivery: Delivery, phase: Phase) =>
			measured.filter(({ run }) => run.delivery === delivery && run.phase === phase).sort((a, b) => a.run.round - b.run.round).map(({ result }) => result);
		const rows = [...new Set(measured.map(({ run }) => `${run.phase} ${run.delivery}`))].map((key) => {
			const [phase, delivery] = key.split(' ') as [Phase, Delivery];
			const rounds = roundsOf(delivery, phase);
			return { rounds, result: combineRounds(rounds), verdict: judgeRounds(rounds, roundsOf('webhook', phase)) };
		});
		const results = rows.map((row) => row.result);
		const verdicts = rows.map((row) => row.verdict);
		printTable(results, verdicts, settings);
		if (incomplete) console.log(`FAIL: the run stopped early at ${incomplete}`);
		const file = path.resolve(__dirname, '..', '..', 'bench-results-events.json');
		const output = {
			date: new Date().toISOString(),
			machine: { cpus: os.cpus().length, node: process.version },
			n8n: N8N_VERSION,
			settings,
			n8nEnv: N8N_ENV,
			targets: TARGETS,
			results: rows.map(({ rounds, result, verdict }) => ({ ...result, ...verdict, rounds: rounds.length > 1 ? rounds : undefined, pass: verdict.failures.length === 0 })),
			incomplete,
			pass: incomplete === undefined && measured.length === plan.length && verdicts.every((verdict) => verdict.failures.length === 0),
			durationSeconds: Math.round((performance.now() - started) / 1000),
		};
		writeFileSync(file, `${JSON.stringify(output, null, '\t')}\n`);
		log(`wrote ${path.relative(process.cwd(), file)}`);
		return output.pass ? 0 : 1;
	} finally {
		await e2e?.stop();
		clearTimeout(watchdog);
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : error);
		process.exit(2);
	},
);
