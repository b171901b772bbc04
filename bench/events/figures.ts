// The benchmark's arithmetic, on plain data: which pushed events reached a finished execution, how
// fast, and how late. No n8n, no emulator: `run.ts` feeds it what they reported.

/** `webhook`: n8n's own Webhook node on the same machine, the baseline the triggers are compared with. */
export type Delivery = 'stream' | 'http' | 'webhook';
/**
 * `burst`: all at once; `paced`: a steady rate; `morning`: a long run of mixed event types, as an organisation's
 * morning; `warmup`: a short unmeasured burst, so that no delivery is measured on a cold n8n.
 */
export type Phase = 'burst' | 'paced' | 'morning' | 'warmup';

/** The ids a phase's events carry, in push order, from `first`, e.g. `bench-stream-burst-000000`. */
export function benchIds(delivery: Delivery, phase: Phase, count: number, first = 0): string[] {
	return Array.from({ length: count }, (_, i) => `bench-${delivery}-${phase}-${String(first + i).padStart(6, '0')}`);
}

/** One execution as n8n's REST API lists it, with the bench id found in its data. */
export interface FinishedExecution {
	status: string;
	startedAt: number;
	stoppedAt: number;
	benchId: string | undefined;
}

export interface PhaseFigures {
	events: number;
	executions: number;
	/** Pushed events with no successful execution. */
	lost: number;
	/** Executions beyond the first for the same event (a redelivery run twice). */
	duplicates: number;
	/** Executions that did not end in `success`. */
	failed: number;
	/** Events over the time from the first push to the last execution's end. */
	eventsPerSecond: number;
	/** From the push to the execution's end, in ms. */
	latencyMs: { p50: number; p99: number; max: number };
	/** From the push to the execution's start, in ms. */
	startLatencyMs: { p50: number; p99: number };
	durationMs: number;
}

/** The nearest-rank percentile of `values` (0 for none). */
export function percentile(values: readonly number[], fraction: number): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
	return sorted[rank - 1];
}

/** Matches executions to pushes by bench id; `pushedAt` maps each pushed event's id to its push time. */
export function phaseFigures(pushedAt: ReadonlyMap<string, number>, executions: readonly FinishedExecution[]): PhaseFigures {
	const seen = new Map<string, FinishedExecution>();
	let duplicates = 0;
	let failed = 0;
	for (const execution of executions) {
		if (execution.status !== 'success') {
			failed++;
			continue;
		}
		if (execution.benchId === undefined || !pushedAt.has(execution.benchId)) continue;
		if (seen.has(execution.benchId)) duplicates++;
		else seen.set(execution.benchId, execution);
	}
	const finish: number[] = [];
	const start: number[] = [];
	let lastStop = 0;
	for (const [id, execution] of seen) {
		const pushed = pushedAt.get(id) as number;
		finish.push(execution.stoppedAt - pushed);
		start.push(execution.startedAt - pushed);
		lastStop = Math.max(lastStop, execution.stoppedAt);
	}
	const firstPush = Math.min(...pushedAt.values());
	const durationMs = seen.size > 0 ? Math.max(1, lastStop - firstPush) : 0;
	return {
		events: pushedAt.size,
		executions: executions.length,
		lost: pushedAt.size - seen.size,
		duplicates,
		failed,
		eventsPerSecond: durationMs > 0 ? round((seen.size * 1000) / durationMs) : 0,
		latencyMs: { p50: percentile(finish, 0.5), p99: percentile(finish, 0.99), max: percentile(finish, 1) },
		startLatencyMs: { p50: percentile(start, 0.5), p99: percentile(start, 0.99) },
		durationMs,
	};
}

/** How fast the pushes were answered (every attempt of every push), and how many missed DingTalk's deadline. */
export interface ReplyFigures {
	replies: number;
	p50: number;
	p99: number;
	max: number;
	/** Answered after the deadline, or never (timed out, refused connection). */
	late: number;
}

/** `latencies`: one per attempt, `undefined` for an attempt that got no answer. */
export function replyFigures(latencies: ReadonlyArray<number | undefined>, deadlineMs: number): ReplyFigures {
	const answered = latencies.filter((latency): latency is number => latency !== undefined);
	return {
		replies: latencies.length,
		p50: percentile(answered, 0.5),
		p99: percentile(answered, 0.99),
		max: percentile(answered, 1),
		late: latencies.length - answered.filter((latency) => latency <= deadlineMs).length,
	};
}

/** The bench id (`bench-<phase>-<n>`) an execution's stored data carries, if any. */
export function benchIdIn(data: unknown, pattern: RegExp): string | undefined {
	if (typeof data !== 'string') return undefined;
	return pattern.exec(data)?.[0];
}

function round(value: number): number {
	return Math.round(value * 10) / 10;
}
