// Reading the benchmarks' optional environment knobs (BENCH_ITEMS, BENCH_EVENTS ...).

/** The variable as a positive integer; unset or empty: the fallback; anything else throws, naming it. */
export function positiveInteger(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
	return value;
}
