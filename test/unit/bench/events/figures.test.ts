import {
	benchIdIn,
	benchIds,
	percentile,
	phaseFigures,
	replyFigures,
	type Delivery,
	type FinishedExecution,
	type Phase,
	type PhaseFigures,
} from '../../../../bench/events/figures';

const ok = (benchId: string | undefined, startedAt: number, stoppedAt: number, status = 'success'): FinishedExecution => ({
	status,
	startedAt,
	stoppedAt,
	benchId,
});

describe('events benchmark figures', () => {
	it('takes the nearest-rank percentile', () => {
		const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
		expect(percentile(values, 0.5)).toBe(50);
		expect(percentile(values, 0.99)).toBe(99);
		expect(percentile(values, 1)).toBe(100);
		expect(percentile([7], 0.99)).toBe(7);
		expect(percentile([], 0.5)).toBe(0);
	});

	// `pushed`: the phase and each event's push time, in the order of its ids.
	it.each<{ name: string; pushed: [Delivery, Phase, number[]]; executions: FinishedExecution[]; expected: Partial<PhaseFigures> }>([
		{
			name: 'matches executions to pushes by id and measures rate and latency from the push',
			pushed: ['stream', 'burst', [1000, 1000, 1500]],
			executions: [
				ok('bench-stream-burst-000002', 1600, 1700),
				ok('bench-stream-burst-000000', 1010, 1100),
				ok('bench-stream-burst-000001', 1020, 2000),
			],
			expected: {
				events: 3,
				executions: 3,
				lost: 0,
				duplicates: 0,
				failed: 0,
				durationMs: 1000,
				eventsPerSecond: 3,
				latencyMs: { p50: 200, p99: 1000, max: 1000 },
				startLatencyMs: { p50: 20, p99: 100 },
			},
		},
		{
			name: 'counts lost events, repeated executions and failed ones, and ignores executions of other runs',
			pushed: ['http', 'paced', [0, 0, 0]],
			executions: [
				ok('bench-http-paced-000000', 5, 10),
				ok('bench-http-paced-000000', 6, 12),
				ok('bench-http-paced-000001', 5, 10, 'error'),
				ok('bench-http-burst-000001', 5, 10),
				ok(undefined, 5, 10),
			],
			expected: { events: 3, executions: 5, lost: 2, duplicates: 1, failed: 1, eventsPerSecond: 100 },
		},
		{
			name: 'reports nothing delivered as 0 events/s, not as a division by zero',
			pushed: ['stream', 'paced', [5]],
			executions: [],
			expected: { lost: 1, eventsPerSecond: 0, durationMs: 0 },
		},
	])('$name', ({ pushed: [delivery, phase, times], executions, expected }) => {
		const ids = benchIds(delivery, phase, times.length);
		const figures = phaseFigures(new Map(ids.map((id, i) => [id, times[i]])), executions);
		// Each listed figure exactly (latencies included), the others left out.
		const listed = Object.fromEntries(Object.keys(expected).map((key) => [key, figures[key as keyof PhaseFigures]]));
		expect(listed).toEqual(expected);
	});

	it('finds the bench id in stored execution data, and nothing in other data', () => {
		const pattern = /bench-(?:stream|http|webhook)-(?:burst|paced)-\d{6}/;
		expect(benchIdIn('[{"benchId":"1"},"bench-http-burst-000042","user01"]', pattern)).toBe('bench-http-burst-000042');
		expect(benchIdIn('[{"benchId":"1"},"user01"]', pattern)).toBeUndefined();
		expect(benchIdIn({ benchId: 'bench-http-burst-000042' }, pattern)).toBeUndefined();
	});
});

describe('reply figures', () => {
	it('takes percentiles of the answered attempts and counts late and unanswered ones against the deadline', () => {
		const latencies = [...Array.from({ length: 98 }, (_, i) => i + 1), 1501, undefined];
		expect(replyFigures(latencies, 1500)).toEqual({ replies: 100, p50: 50, p99: 1501, max: 1501, late: 2 });
		expect(replyFigures([1500], 1500)).toEqual({ replies: 1, p50: 1500, p99: 1500, max: 1500, late: 0 });
		expect(replyFigures([], 1500)).toEqual({ replies: 0, p50: 0, p99: 0, max: 0, late: 0 });
	});
});
