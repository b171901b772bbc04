// `npm run bench` (issue 6): throughput of Action → Invoke at DingTalk's rate limit, against a naive
// client, and the cost of the dropdowns. Prints a table, writes bench-results.json, exits 1 when a
// target fails. Optional environment (for quicker trial runs; the defaults are the issue's):
// BENCH_ITEMS (1000), BENCH_NAIVE_ITEMS (100), BENCH_RPS (the node's option in scenario 1; unset =
// the node's default).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { SEED } from '../emulator';
import { startEmulatorProcess, type EmulatorProcess } from './emulatorProcess';
import { TODO_URI, emulatorConfig, measureDropdown, measureNaive, measureNodeInvoke, type DropdownFigures, type InvokeFigures } from './measure';
import { NodeRunner } from './nodeRunner';
import { evaluateTargets, printReport, type BenchResults } from './report';

const LIMIT = 20;
const HIGH_LIMIT = 200;
const INVOKE_LATENCY_MS = 150;
const BUDGET_MS = 4 * 60_000;
// Well past the budget: a hung run is stopped rather than left waiting.
const WATCHDOG_MS = 8 * 60_000;

function positiveInteger(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
	return value;
}

async function main(): Promise<number> {
	const items = positiveInteger('BENCH_ITEMS', 1000);
	const naiveItems = Math.min(items, positiveInteger('BENCH_NAIVE_ITEMS', 100));
	const scenario1Rps = process.env.BENCH_RPS ? positiveInteger('BENCH_RPS', 18) : undefined;
	const started = performance.now();
	const step = (text: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}`);

	let emulator: EmulatorProcess | undefined;
	const watchdog = setTimeout(() => {
		console.error(`bench: still running after ${WATCHDOG_MS / 1000} s, stopping`);
		void emulator?.stop().finally(() => process.exit(2));
	}, WATCHDOG_MS);
	watchdog.unref();

	try {
		step(`starting the emulator in a child process (limit ${LIMIT}/s, invoke latency ${INVOKE_LATENCY_MS} ms)`);
		emulator = await startEmulatorProcess({ qpsLimit: LIMIT, invokeLatencyMs: INVOKE_LATENCY_MS });
		const runner = new NodeRunner(emulator.url);

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
		const atLimit = {
			cold: await invoke('scenario 1', true, LIMIT, scenario1Rps, 'wf-bench-1'),
			warm: await invoke('scenario 1', false, LIMIT, scenario1Rps, 'wf-bench-1'),
		};
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
				scenario1RequestsPerSecondOption: scenario1Rps ?? 'node default',
			},
			scenario1: atLimit,
			scenario2: atHighLimit,
			scenario3: {
				measured: naive,
				extrapolatedWallMs: (naive.wallMs / naiveItems) * items,
				extrapolatedCalls: naive.totalCallsPerItem * items,
			},
			scenario4: dropdowns,
			totalMs,
			targets: [],
		};
		results.targets = evaluateTargets(results, BUDGET_MS);
		printReport(results);
		const file = path.resolve(__dirname, '..', 'bench-results.json');
		writeFileSync(file, `${JSON.stringify(results, null, '\t')}\n`);
		console.log(`\nFigures written to ${path.relative(process.cwd(), file) || file}`);
		return results.targets.every((target) => target.pass) ? 0 : 1;
	} finally {
		clearTimeout(watchdog);
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
