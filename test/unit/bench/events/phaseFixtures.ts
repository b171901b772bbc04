import type { PhaseFigures } from '../../../../bench/events/figures';

/** A phase of 100 events, none lost, at `eventsPerSecond`, with `extra` over it. */
export const figures = (eventsPerSecond: number, extra: Partial<PhaseFigures> = {}): PhaseFigures => ({
	events: 100,
	executions: 100,
	lost: 0,
	duplicates: 0,
	failed: 0,
	eventsPerSecond,
	latencyMs: { p50: 10, p99: 20, max: 30 },
	startLatencyMs: { p50: 5, p99: 10 },
	durationMs: 1000,
	...extra,
});
