import { benchIdIn, percentile, phaseFigures, type FinishedExecution } from '../../../../bench/events/figures';

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

	it('matches executions to pushes by id and measures rate and latency from the push', () => {
		const pushedAt = new Map([
			['bench-stream-burst-000000', 1000],
			['bench-stream-burst-000001', 1000],
			['bench-stream-burst-000002', 1500],
		]);
		const figures = phaseFigures(pushedAt, [
			ok('bench-stream-burst-000002', 1600, 1700),
			ok('bench-stream-burst-000000', 1010, 1100),
			ok('bench-stream-burst-000001', 1020, 2000),
		]);
		expect(figures).toMatchObject({ events: 3, executions: 3, lost: 0, duplicates: 0, failed: 0, durationMs: 1000, eventsPerSecond: 3 });
		expect(figures.latencyMs).toEqual({ p50: 200, p99: 1000, max: 1000 });
		expect(figures.startLatencyMs).toEqual({ p50: 20, p99: 100 });
	});

	it('counts lost events, repeated executions and failed ones, and ignores executions of other runs', () => {
		const pushedAt = new Map([
			['bench-http-paced-000000', 0],
			['bench-http-paced-000001', 0],
			['bench-http-paced-000002', 0],
		]);
		const figures = phaseFigures(pushedAt, [
			ok('bench-http-paced-000000', 5, 10),
			ok('bench-http-paced-000000', 6, 12),
			ok('bench-http-paced-000001', 5, 10, 'error'),
			ok('bench-http-burst-000001', 5, 10),
			ok(undefined, 5, 10),
		]);
		expect(figures).toMatchObject({ events: 3, executions: 5, lost: 2, duplicates: 1, failed: 1 });
		expect(figures.eventsPerSecond).toBe(100);
	});

	it('reports nothing delivered as 0 events/s, not as a division by zero', () => {
		const figures = phaseFigures(new Map([['bench-stream-paced-000000', 5]]), []);
		expect(figures).toMatchObject({ lost: 1, eventsPerSecond: 0, durationMs: 0 });
	});

	it('finds the bench id in stored execution data, and nothing in other data', () => {
		const pattern = /bench-(?:stream|http|webhook)-(?:burst|paced)-\d{6}/;
		expect(benchIdIn('[{"benchId":"1"},"bench-http-burst-000042","user01"]', pattern)).toBe('bench-http-burst-000042');
		expect(benchIdIn('[{"benchId":"1"},"user01"]', pattern)).toBeUndefined();
		expect(benchIdIn({ benchId: 'bench-http-burst-000042' }, pattern)).toBeUndefined();
	});
});
