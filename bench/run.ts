// `npm run bench`: throughput of Action → Invoke at DingTalk's rate limit, against a naive
// client, and the cost of the dropdowns; adaptive pacing beside today's fixed 19/s, in one
// process, in two and four processes sharing one app, and with a limit that drops mid-run; the MCP server
// with a thousand tools (tools/list cold and warm, tools/call beside the node's Invoke). Prints a
// table, writes bench-results.json, exits 1 when a target fails. Optional environment (for quicker trial runs; the defaults are the targets'):
// BENCH_ITEMS (1000), BENCH_NAIVE_ITEMS (100), BENCH_RPS (the node's option in scenario 1; unset =
// the node's default), BENCH_ONLY=pacing (the pacing rows alone, about 6.5 minutes, into bench-pacing-results.json),
// BENCH_ONLY=mcp (the MCP rows alone, about 2 minutes, into bench-results-mcp.json), BENCH_MCP_CALLS (300).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { SEED } from '../emulator';
import { startEmulatorProcess, type EmulatorProcess } from './emulatorProcess';
import { positiveInteger } from './environment';
import { TODO_URI, emulatorConfig, measureDropdown, measureNaive, measureNodeInvoke, type DropdownFigures, type InvokeFigures } from './measure';
import { NodeRunner } from './nodeRunner';
import { WorkerPool, figuresOfLastRun, measureLimitDrop, measureOneProcess, measureProcesses, type PacingFigures, type PacingMode } from './pacing';
import { evaluatePacingTargets, type PacingResults, type PacingRow } from './pacingReport';
import { measureMcp, type McpSetup } from './mcp';
import { evaluateMcpTargets } from './mcpReport';
import { evaluateTargets, printMcpReport, printPacingReport, printReport, type BenchResults } from './report';

const LIMIT = 20;
const HIGH_LIMIT = 200;
const INVOKE_LATENCY_MS = 150;
const BUDGET_MS = 4 * 60_000;
// The adaptive rows send at the limits for about 290 s by construction (1,000 invokes at 10, 20 and 50/s, twice
// 1,000 shared at 20/s, the drop), today's fixed pacing about 60 s more.
const PACING_BUDGET_MS = 7 * 60_000;
// Well past the budgets: a hung run is stopped rather than left waiting.
const WATCHDOG_MS = 14 * 60_000;
/** Today's fixed pacing is measured on fewer items: its figures show within seconds. */
const FIXED_ITEMS = 150;
/** Items shared by the processes of the two- and four-process rows (50 s at 20/s). */
const SHARED_ITEMS = 1000;
const DROP_ITEMS = 200;
const DROP_AFTER_MS = 6000;
/** One connector's actions behind the MCP server (with the to-do connector's few). */
const MCP_ACTIONS = 1000;
// 20/s × (150 ms latency + the server's own time) needs about five calls in flight: 16 clients keep it saturated.
const MCP_CLIENTS = 16;

function writeResults(name: string, results: object): void {
	const file = path.resolve(__dirname, '..', name);
	writeFileSync(file, `${JSON.stringify(results, null, '\t')}\n`);
	console.log(`\nFigures written to ${path.relative(process.cwd(), file) || file}`);
}

/** The pacing rows; `s1Pacing`: the one-process 20/s adaptive row, when scenario 1 cold already measured it. */
async function measurePacing(
	runner: NodeRunner,
	emulator: EmulatorProcess,
	pool: WorkerPool,
	options: { items: number; step: (text: string) => void; s1Pacing?: PacingFigures },
): Promise<PacingResults> {
	const pacingStarted = performance.now();
	const paced = async (label: string, measure: (mode: PacingMode) => Promise<PacingFigures>, modes: PacingMode[] = ['adaptive', 'fixed']) => {
		const figures: Partial<Record<PacingMode, PacingFigures>> = {};
		for (const mode of modes) {
			options.step(`pacing: ${label}, ${mode}`);
			const run = await measure(mode);
			options.step(`  ${run.items} items, ${(run.wallMs / 1000).toFixed(1)} s, ${(run.shareOfLimit * 100).toFixed(1)} % of the limit, ${run.throttled} throttled, ${run.lost} lost`);
			figures[mode] = run;
		}
		return figures;
	};
	const oneProcess: PacingRow[] = [];
	for (const limit of [10, 20, 50]) {
		const figures = await paced(`one process, limit ${limit}/s`, async (mode) =>
			mode === 'adaptive' && limit === LIMIT && options.s1Pacing !== undefined
				? options.s1Pacing
				: await measureOneProcess(runner, emulator, { mode, limit, items: mode === 'adaptive' ? options.items : FIXED_ITEMS }),
		);
		oneProcess.push({ name: `1 process, limit ${limit}/s`, adaptive: figures.adaptive as PacingFigures, fixed: figures.fixed as PacingFigures });
	}
	const shared: PacingRow[] = [];
	for (const processes of [2, 4]) {
		const figures = await paced(`${processes} processes, limit ${LIMIT}/s`, async (mode) =>
			await measureProcesses(emulator, pool, {
				mode,
				limit: LIMIT,
				processes,
				itemsEach: Math.round((mode === 'adaptive' ? SHARED_ITEMS : FIXED_ITEMS) / processes),
			}),
		);
		shared.push({ name: `${processes} processes, limit ${LIMIT}/s`, adaptive: figures.adaptive as PacingFigures, fixed: figures.fixed as PacingFigures });
	}
	const dropFigures = await paced(`limit 20/s → 10/s after ${DROP_AFTER_MS / 1000} s`, async (mode) =>
		await measureLimitDrop(runner, emulator, { mode, from: LIMIT, to: LIMIT / 2, items: DROP_ITEMS, dropAfterMs: DROP_AFTER_MS }),
	);
	return {
		oneProcess,
		shared,
		drop: { name: `limit ${LIMIT}/s → ${LIMIT / 2}/s mid-run`, adaptive: dropFigures.adaptive as PacingFigures, fixed: dropFigures.fixed as PacingFigures },
		totalMs: performance.now() - pacingStarted,
	};
}

async function main(): Promise<number> {
	const items = positiveInteger('BENCH_ITEMS', 1000);
	const naiveItems = Math.min(items, positiveInteger('BENCH_NAIVE_ITEMS', 100));
	const scenario1Rps = process.env.BENCH_RPS ? positiveInteger('BENCH_RPS', 18) : undefined;
	const only = process.env.BENCH_ONLY;
	if (only !== undefined && only !== '' && only !== 'pacing' && only !== 'mcp') throw new Error(`BENCH_ONLY must be "pacing", "mcp" or unset, got "${only}"`);
	const mcpSetup: McpSetup = { benchActions: MCP_ACTIONS, calls: positiveInteger('BENCH_MCP_CALLS', 300), clients: MCP_CLIENTS, limit: LIMIT, latencyMs: INVOKE_LATENCY_MS };
	const started = performance.now();
	const step = (text: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}`);

	let emulator: EmulatorProcess | undefined;
	let pool: WorkerPool | undefined;
	const watchdog = setTimeout(() => {
		console.error(`bench: still running after ${WATCHDOG_MS / 1000} s, stopping`);
		pool?.stop();
		void emulator?.stop().finally(() => process.exit(2));
	}, WATCHDOG_MS);
	watchdog.unref();

	try {
		if (only === 'mcp') {
			const mcp = await measureMcp(mcpSetup, step);
			const targets = evaluateMcpTargets(mcp);
			printMcpReport(mcp, targets);
			writeResults('bench-results-mcp.json', { generatedAt: new Date().toISOString(), command: 'BENCH_ONLY=mcp npm run bench', mcp, targets });
			return targets.every((target) => target.pass) ? 0 : 1;
		}
		step(`starting the emulator in a child process (limit ${LIMIT}/s, invoke latency ${INVOKE_LATENCY_MS} ms)`);
		emulator = await startEmulatorProcess({ qpsLimit: LIMIT, invokeLatencyMs: INVOKE_LATENCY_MS });
		const runner = new NodeRunner(emulator.url);
		if (only === 'pacing') {
			pool = new WorkerPool();
			const pacing = await measurePacing(runner, emulator, pool, { items, step });
			const targets = evaluatePacingTargets(pacing, PACING_BUDGET_MS);
			printPacingReport(pacing, targets);
			writeResults('bench-pacing-results.json', { generatedAt: new Date().toISOString(), command: 'BENCH_ONLY=pacing npm run bench', pacing, targets });
			return targets.every((target) => target.pass) ? 0 : 1;
		}

		const invoke = async (label: string, cold: boolean, limit: number, requestsPerSecond: number | undefined, workflowId: string) => {
			step(`${label} ${cold ? 'cold' : 'warm'}: ${items} items`);
			const result = await measureNodeInvoke(runner, emulator as EmulatorProcess, {
				label,
				items,
				cold,
				limit,
				latencyMs: INVOKE_LATENCY_MS,
				requestsPerSecond,
				workflowId,
			});
			step(`  ${(result.wallMs / 1000).toFixed(1)} s, ${result.invokesPerSecond.toFixed(2)} invokes/s, ${result.lostItems} lost`);
			return result;
		};
		const s1Cold = await invoke('scenario 1', true, LIMIT, scenario1Rps, 'wf-bench-1');
		// Scenario 1 cold is also the pacing table's one-process row at 20/s (the node not told the limit).
		const s1Pacing = await figuresOfLastRun(emulator, { mode: 'adaptive', limit: LIMIT, processes: 1, items, wallMs: s1Cold.wallMs }, { lost: s1Cold.lostItems });
		const atLimit = { cold: s1Cold, warm: await invoke('scenario 1', false, LIMIT, scenario1Rps, 'wf-bench-1') };
		const atHighLimit = {
			cold: await invoke('scenario 2', true, HIGH_LIMIT, HIGH_LIMIT, 'wf-bench-2'),
			warm: await invoke('scenario 2', false, HIGH_LIMIT, HIGH_LIMIT, 'wf-bench-2'),
		};

		step(`scenario 3: naive client, ${naiveItems} items, one at a time`);
		const naive: InvokeFigures = await measureNaive(emulator, { items: naiveItems, limit: LIMIT, latencyMs: INVOKE_LATENCY_MS });
		step(`  ${(naive.wallMs / 1000).toFixed(1)} s, ${naive.lostItems} lost`);

		step('scenario 4: dropdowns');
		await emulator.reset(emulatorConfig(LIMIT, INVOKE_LATENCY_MS));
		const dropdownCalls: Array<[string, () => Promise<number>]> = [
			['All connectors (searchConnectors)', async () => await runner.searchConnectors()],
			[`Action list, ${SEED.bulkConnectorId} (searchActions)`, async () => await runner.searchActions(SEED.bulkConnectorId)],
			["Create To-do's fields (getActionInputFields)", async () => await runner.actionInputFields(TODO_URI)],
		];
		const dropdowns: Array<{ name: string; cold: DropdownFigures; warm: DropdownFigures }> = [];
		for (const [name, call] of dropdownCalls) {
			const cold = await measureDropdown(runner, emulator, true, call);
			const warm = await measureDropdown(runner, emulator, false, call);
			dropdowns.push({ name, cold, warm });
		}

		const issue6Ms = performance.now() - started;

		pool = new WorkerPool();
		const pacing = await measurePacing(runner, emulator, pool, { items, step, s1Pacing: scenario1Rps === undefined ? s1Pacing : undefined });
		const mcp = await measureMcp(mcpSetup, step);

		const totalMs = performance.now() - started;
		const results: BenchResults = {
			generatedAt: new Date().toISOString(),
			command: 'npm run bench',
			machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '' },
			setup: {
				harness: 'n8n-core ExecuteContext / LoadOptionsContext (test/harness), real node and credential',
				emulator: 'child process (emulator/cli.ts), so CPU figures are the node process only',
				invokeLatencyMs: INVOKE_LATENCY_MS,
				limit: LIMIT,
				highLimit: HIGH_LIMIT,
				items,
				naiveItems,
				scenario1RequestsPerSecondOption: scenario1Rps ?? 'not set (adaptive)',
			},
			scenario1: atLimit,
			scenario2: atHighLimit,
			scenario3: {
				measured: naive,
				extrapolatedWallMs: (naive.wallMs / naiveItems) * items,
				extrapolatedCalls: naive.totalCallsPerItem * items,
			},
			scenario4: dropdowns,
			pacing,
			mcp,
			issue6Ms,
			totalMs,
			targets: [],
		};
		results.targets = [...evaluateTargets(results, BUDGET_MS), ...evaluatePacingTargets(pacing, PACING_BUDGET_MS)];
		printReport(results);
		writeResults('bench-results.json', results);
		return results.targets.every((target) => target.pass) ? 0 : 1;
	} finally {
		clearTimeout(watchdog);
		pool?.stop();
		await emulator?.stop();
	}
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`bench failed: ${error.stack ?? error.message}`);
		process.exit(2);
	},
);
