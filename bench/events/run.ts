// `npm run bench:events`: DingTalk events from the emulator through the two trigger
// nodes to finished executions in the pinned n8n 2.x, one active workflow per delivery and phase:
//   burst: BENCH_EVENTS (1,000) events at once (Stream: pushed in one go; HTTP: BENCH_HTTP_CONCURRENCY
//          pushes in flight, one event each, as DingTalk's pushes of many events arrive side by side);
//   paced: BENCH_PACED_RATE (100) events/s for BENCH_PACED_SECONDS (5) s, for the latency at that rate.
// Measures events/s (first push to the last execution's end), latency push → execution end (p50/p99)
// and lost events (pushed, no successful execution). Prints a table with PASS/FAIL against 100
// events/s and 0 lost, writes bench-results-events.json, exits 1 when a target fails.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS } from '../../emulator';
import { CREDENTIAL_TYPE, N8N_VERSION, importCredentials } from '../../scripts/n8n/runtime.mjs';
import { startE2e, type E2eEnvironment, type Workflow } from '../../test/e2e/lib/n8n';
import { ownerClient, type RestClient } from '../../test/e2e/rest/client';
import { positiveInteger } from '../environment';
import { benchIds, phaseFigures, type Delivery, type Phase, type PhaseFigures } from './figures';
import { activate, deactivate, finishedExecutions, waitForFinished } from './n8nExecutions';

const TARGET_EVENTS_PER_SECOND = 100;
// Each phase waits at most 90 s for its executions; a hung run is stopped rather than left waiting.
const WATCHDOG_MS = 8 * 60_000;
// DingTalk pushes a failed callback again later; an overloaded n8n answers 503 ("Database is not ready!")
// for a few seconds after its database ping (SELECT 1, 5 s timeout, every 2 s) waited behind the
// execution writes, so the retries are spread over about 7.5 s (0.5, 1, 2, 2, 2 s).
const HTTP_RETRIES = 5;
const HTTP_RETRY_BACKOFF_MS = 500;
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
const BENCH_ID = /bench-(?:stream|http|webhook)-(?:burst|paced)-\d{6}/;

interface PhaseResult extends PhaseFigures {
	delivery: Delivery;
	phase: Phase;
	/** HTTP: events whose every push (first and HTTP_RETRIES more) DingTalk would not accept: not 200, not the encrypted success, or late. */
	notAccepted?: number;
	/** Stream: events the gateway sent again for want of an ACK. */
	redeliveries?: number;
	pass: boolean;
}

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

const settings = {
	events: Math.min(positiveInteger('BENCH_EVENTS', 1000), 5000),
	pacedRate: Math.min(positiveInteger('BENCH_PACED_RATE', 100), 500),
	pacedSeconds: Math.min(positiveInteger('BENCH_PACED_SECONDS', 5), 30),
	httpConcurrency: Math.min(positiveInteger('BENCH_HTTP_CONCURRENCY', 8), 32),
};

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function workflowFor(delivery: Delivery, phase: Phase): Workflow {
	const triggers: Record<Delivery, { type: string; parameters: Record<string, unknown>; typeVersion?: number; webhookId?: string }> = {
		stream: { type: 'CUSTOM.dingTalkConnectStreamTrigger', parameters: { eventTypes: '', robotMessages: false } },
		http: { type: 'CUSTOM.dingTalkConnectTrigger', typeVersion: 1.1, parameters: { eventTypes: '' }, webhookId: `bench-events-${phase}` },
		webhook: {
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			parameters: { httpMethod: 'POST', path: `bench-baseline-${phase}`, responseMode: 'onReceived', options: {} },
			webhookId: `bench-baseline-${phase}`,
		},
	};
	const trigger = triggers[delivery];
	return {
		id: `benchEv${delivery}${phase}`,
		name: `Bench events: ${delivery} ${phase}`,
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-000000000001',
				name: 'Trigger',
				typeVersion: 1,
				position: [0, 0],
				...(delivery === 'webhook' ? {} : { credentials: { [CREDENTIAL_TYPE]: CREDENTIAL } }),
				...trigger,
			},
			{ id: 'b0000000-0000-4000-8000-000000000009', name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { Trigger: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
	};
}

/** Calls `push(id)` for each id at `rate` per second (absolute schedule, no drift), at most 200 in flight. */
/** Pushes every id as the phase says: paced at BENCH_PACED_RATE, or a burst over BENCH_HTTP_CONCURRENCY workers. */
async function pushPhase(phase: Phase, ids: string[], push: (id: string) => Promise<void>): Promise<void> {
	if (phase === 'paced') return await paced(ids, settings.pacedRate, push);
	let next = 0;
	const worker = async () => {
		while (next < ids.length) await push(ids[next++]);
	};
	await Promise.all(Array.from({ length: settings.httpConcurrency }, worker));
}

async function paced(ids: string[], rate: number, push: (id: string) => Promise<void>): Promise<void> {
	const started = performance.now();
	const inFlight = new Set<Promise<void>>();
	for (const [i, id] of ids.entries()) {
		const due = started + (i * 1000) / rate;
		const now = performance.now();
		if (due > now) await wait(due - now);
		while (inFlight.size >= 200) await Promise.race(inFlight);
		const pending = push(id).finally(() => inFlight.delete(pending));
		inFlight.add(pending);
	}
	await Promise.all(inFlight);
}

async function pushStream(e2e: E2eEnvironment, phase: Phase, ids: string[], pushedAt: Map<string, number>): Promise<void> {
	const events = (chunk: string[]) => chunk.map((benchId) => ({ eventType: 'user_add_org', eventId: benchId, data: { benchId, userId: ['user01'] } }));
	if (phase === 'burst') {
		for (let i = 0; i < ids.length; i += 500) {
			const chunk = ids.slice(i, i + 500);
			const now = Date.now();
			for (const id of chunk) pushedAt.set(id, now);
			e2e.emulator.events.stream.push(events(chunk), { app: 'corp' });
		}
		return;
	}
	await paced(ids, settings.pacedRate, async (id) => {
		pushedAt.set(id, Date.now());
		e2e.emulator.events.stream.push(events([id]), { app: 'corp' });
	});
}

async function pushHttp(e2e: E2eEnvironment, url: string, phase: Phase, ids: string[], pushedAt: Map<string, number>): Promise<number> {
	let notAccepted = 0;
	const push = async (benchId: string) => {
		pushedAt.set(benchId, Date.now());
		const result = await e2e.emulator.events.pushCallbacks({
			url,
			app: 'corp',
			events: [{ kind: 'business', eventType: 'user_add_org', fields: { eventId: benchId, benchId, UserId: ['user01'] } }],
			// DingTalk pushes again when a reply is late or wrong; the trigger drops the repeat by eventId.
			retries: HTTP_RETRIES,
			retryBackoffMs: HTTP_RETRY_BACKOFF_MS,
		});
		notAccepted += result.failed;
	};
	await pushPhase(phase, ids, push);
	return notAccepted;
}

/** One plain POST to n8n's Webhook node, retried like a callback push; whether one attempt got a 2xx. */
async function postWebhook(url: string, benchId: string): Promise<boolean> {
	for (let attempt = 0; attempt <= HTTP_RETRIES; attempt++) {
		if (attempt > 0) await wait(Math.min(HTTP_RETRY_BACKOFF_MS * 2 ** (attempt - 1), 2000));
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ benchId }),
				signal: AbortSignal.timeout(5_000),
			});
			await response.arrayBuffer();
			if (response.ok) return true;
		} catch {
			// Timed out or refused: try again, as the callback pusher does.
		}
	}
	return false;
}

/** The baseline: plain POSTs to n8n's Webhook node, pushed as the HTTP callback's are (burst or paced). */
async function pushWebhook(url: string, phase: Phase, ids: string[], pushedAt: Map<string, number>): Promise<number> {
	let notAccepted = 0;
	const push = async (benchId: string) => {
		pushedAt.set(benchId, Date.now());
		if (!(await postWebhook(url, benchId))) notAccepted++;
	};
	await pushPhase(phase, ids, push);
	return notAccepted;
}

/**
 * n8n answers a workflow's production URL 404 for a moment after the activate call returns (about
 * 200 ms here): the pushes start once the URL is registered. An OPTIONS request with an Origin is
 * answered from the webhook registry (404 while unknown, 204 once known) and runs no workflow.
 */
async function waitForWebhook(url: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(url, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1' } }).catch(() => undefined);
		await response?.arrayBuffer();
		if (response && response.status < 300) return;
		if (Date.now() > deadline) throw new Error(`${url} was not registered ${timeoutMs / 1000} s after the workflow was activated`);
		await wait(50);
	}
}

async function runPhase(e2e: E2eEnvironment, client: RestClient, delivery: Delivery, phase: Phase, log: (text: string) => void): Promise<PhaseResult> {
	const workflow = workflowFor(delivery, phase);
	const workflowId = workflow.id as string;
	const count = phase === 'burst' ? settings.events : settings.pacedRate * settings.pacedSeconds;
	const ids = benchIds(delivery, phase, count);
	const pushedAt = new Map<string, number>();
	const stream = e2e.emulator.events.stream;
	const opened = stream.stats().connectionsOpened;
	const redeliveredBefore = stream.stats().redeliveries;

	const url = delivery === 'http' ? `${client.url}/webhook/bench-events-${phase}/webhook` : `${client.url}/webhook/bench-baseline-${phase}`;
	await activate(client, workflowId);
	if (delivery === 'stream') await stream.waitFor((stats) => stats.connectionsOpened > opened, 30_000);
	else await waitForWebhook(url);
	log(`${delivery} ${phase}: pushing ${count} events`);
	let notAccepted: number | undefined;
	if (delivery === 'stream') await pushStream(e2e, phase, ids, pushedAt);
	else if (delivery === 'http') notAccepted = await pushHttp(e2e, url, phase, ids, pushedAt);
	else notAccepted = await pushWebhook(url, phase, ids, pushedAt);
	const finished = await waitForFinished(client, workflowId, count);
	log(`${delivery} ${phase}: ${finished} executions finished; reading them`);
	await deactivate(client, workflowId);

	const figures = phaseFigures(pushedAt, await finishedExecutions(client, workflowId, BENCH_ID));
	const fastEnough =
		phase === 'burst' ? figures.eventsPerSecond >= TARGET_EVENTS_PER_SECOND : figures.eventsPerSecond >= 0.9 * settings.pacedRate;
	return {
		delivery,
		phase,
		...figures,
		...(notAccepted === undefined ? { redeliveries: stream.stats().redeliveries - redeliveredBefore } : { notAccepted }),
		pass: fastEnough && figures.lost === 0 && figures.duplicates === 0 && figures.failed === 0 && (notAccepted ?? 0) === 0,
	};
}

const DELIVERY_NAMES: Record<Delivery, string> = { stream: 'Stream', http: 'HTTP Callback', webhook: "n8n's Webhook node" };

function printTable(results: PhaseResult[]): void {
	const header = ['delivery', 'phase', 'events', 'executions', 'lost', 'events/s', 'p50 ms', 'p99 ms', 'max ms', 'result'];
	const rows = results.map((r) => [
		DELIVERY_NAMES[r.delivery],
		r.phase === 'burst' ? 'burst' : `paced ${settings.pacedRate}/s`,
		String(r.events),
		String(r.executions),
		String(r.lost),
		r.eventsPerSecond.toFixed(1),
		String(r.latencyMs.p50),
		String(r.latencyMs.p99),
		String(r.latencyMs.max),
		r.delivery === 'webhook' ? 'baseline' : r.pass ? 'PASS' : 'FAIL',
	]);
	const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
	console.log('');
	console.log(line(header));
	console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	for (const row of rows) console.log(line(row));
	console.log('');
	console.log(
		`Targets: burst ≥ ${TARGET_EVENTS_PER_SECOND} events/s, paced keeps up (≥ 90 % of ${settings.pacedRate}/s); every phase 0 lost, 0 duplicates, 0 failed executions, and every HTTP push accepted.`,
	);
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
		const plan: Array<[Delivery, Phase]> = [
			['stream', 'burst'],
			['stream', 'paced'],
			['http', 'burst'],
			['http', 'paced'],
			['webhook', 'burst'],
			['webhook', 'paced'],
		];
		await e2e.importWorkflows(plan.map(([delivery, phase]) => workflowFor(delivery, phase)));
		log('starting n8n');
		const server = await e2e.startServer();
		const client = await ownerClient(server.url);
		const results: PhaseResult[] = [];
		let incomplete: string | undefined;
		for (const [delivery, phase] of plan) {
			try {
				results.push(await runPhase(e2e, client, delivery, phase, log));
			} catch (error) {
				// The phases before it still count: report them, and this one as not run to the end.
				incomplete = `${delivery} ${phase}: ${error instanceof Error ? error.message : String(error)}`;
				log(`stopped at ${incomplete}`);
				break;
			}
		}
		printTable(results);
		if (incomplete) console.log(`FAIL: the run stopped early at ${incomplete}`);
		const file = path.resolve(__dirname, '..', '..', 'bench-results-events.json');
		const output = {
			date: new Date().toISOString(),
			machine: { cpus: os.cpus().length, node: process.version },
			n8n: N8N_VERSION,
			settings,
			n8nEnv: N8N_ENV,
			targetEventsPerSecond: TARGET_EVENTS_PER_SECOND,
			results,
			incomplete,
			pass: incomplete === undefined && results.every((result) => result.delivery === 'webhook' || result.pass),
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
