// Pacing targets and table: adaptive pacing beside today's fixed 19/s, one column each.
import type { PacingFigures } from './pacing';
import type { Target } from './target';

export interface PacingRow {
	name: string;
	adaptive: PacingFigures;
	fixed: PacingFigures;
}

export interface PacingResults {
	oneProcess: PacingRow[];
	shared: PacingRow[];
	drop: PacingRow;
	totalMs: number;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function evaluatePacingTargets(results: PacingResults, budgetMs: number): Target[] {
	const targets: Target[] = [];
	const add = (name: string, measured: string, pass: boolean) => targets.push({ name, measured, pass });
	for (const { name, adaptive: run } of results.oneProcess) {
		add(`P ${name}: ≥ 95 % of the limit after 5 s`, percent(run.shareOfLimit), run.shareOfLimit >= 0.95);
		add(`P ${name}: throttled ≤ 1 % of requests`, `${run.throttled}/${run.requests} = ${percent(run.throttledShare)}`, run.throttledShare <= 0.01);
		add(`P ${name}: items lost = 0`, String(run.lost), run.lost === 0);
	}
	for (const { name, adaptive: run } of results.shared) {
		add(`P ${name}: together ≥ 90 % of the limit after 5 s`, percent(run.shareOfLimit), run.shareOfLimit >= 0.9);
		add(`P ${name}: throttled ≤ 3 % of requests`, `${run.throttled}/${run.requests} = ${percent(run.throttledShare)}`, run.throttledShare <= 0.03);
		add(`P ${name}: items lost = 0, run twice = 0`, `${run.lost}, ${run.runTwice}`, run.lost === 0 && run.runTwice === 0);
		const least = Math.min(...run.processShares);
		add(`P ${name}: every process ≥ 0.7 × its equal share`, `least ${least.toFixed(2)}×`, run.processShares.length === run.processes && least >= 0.7);
	}
	const drop = results.drop.adaptive;
	add(`P ${results.drop.name}: back under the new limit within 3 s`, seconds(drop.recoveryMs ?? Number.NaN), (drop.recoveryMs ?? Number.POSITIVE_INFINITY) <= 3000);
	const probes = drop.probesOverAfterDrop ?? [];
	add(
		`P ${results.drop.name}: later, over the new limit only by probes of ≤ 2 requests in a second`,
		probes.length === 0 ? 'none' : `${probes.length} s, by ${probes.join(', ')}`,
		probes.every((excess) => excess <= 2),
	);
	add(`P ${results.drop.name}: items lost = 0`, String(drop.lost), drop.lost === 0);
	add(`P pacing scenarios < ${budgetMs / 60_000} min`, seconds(results.totalMs), results.totalMs < budgetMs);
	return targets;
}

function cells(run: PacingFigures): string[] {
	const shares = run.processShares.length ? run.processShares.map((share) => share.toFixed(2)).join('/') : '—';
	return [
		String(run.items),
		seconds(run.wallMs),
		percent(run.shareOfLimit),
		`${run.throttled} (${percent(run.throttledShare)})`,
		`${run.lost}/${run.runTwice}`,
		run.recoveryMs === undefined ? shares : seconds(run.recoveryMs),
	];
}

export function pacingTable(results: PacingResults, table: (headers: string[], rows: string[][]) => string): string {
	const rows = [...results.oneProcess, ...results.shared, results.drop].flatMap((row) => [
		[row.name, 'adaptive (default)', ...cells(row.adaptive)],
		['', 'fixed 19/s (before)', ...cells(row.fixed)],
	]);
	return table(
		['scenario', 'pacing', 'items', 'wall', 'of limit after 5 s', 'throttled (of requests)', 'lost/run twice', 'process shares or recovery'],
		rows,
	);
}
