// Pacers in a fake-clock world limited like DingTalk (a count per app and API per second, refused
// requests counted too, answers after 150 ms): what the benchmark measures for real, in milliseconds.
import { DEFAULT_RATE_POLICY } from '../../../../../../nodes/DingTalkConnect/transport/pacing/rateController';
import { rateBetween, simulate, type SimResult } from './simulation';

const LATENCY_MS = 150;
const endOf = (result: SimResult, process?: number) =>
	Math.max(...result.executed.filter((entry) => process === undefined || entry.process === process).map((entry) => entry.at));

describe('Pacers sharing one limit (fake clock)', () => {
	it.each([10, 20, 50])('one process finds a limit of %i/s: ≥ 95 %% of it, ≤ 1 %% throttled, nothing lost', async (limit) => {
		const result = await simulate({ limit: [{ from: 0, perSecond: limit }], processes: [{ items: 1000, workers: 100 }], latencyMs: LATENCY_MS, maxMs: 300_000 });
		expect(result.lost).toBe(0);
		expect(result.executed).toHaveLength(1000);
		expect(rateBetween(result, 5000, endOf(result))).toBeGreaterThanOrEqual(limit * 0.95);
		expect(result.throttled / result.requests).toBeLessThanOrEqual(0.01);
	});

	it.each([2, 4])('%i processes share 20/s: ≥ 90 %% together, ≤ 3 %% throttled, each ≥ 0.7 × its share', async (count) => {
		const processes = Array.from({ length: count }, () => ({ items: 1200 / count, workers: 100 }));
		const result = await simulate({ limit: [{ from: 0, perSecond: 20 }], processes, latencyMs: LATENCY_MS, maxMs: 300_000 });
		expect(result.lost).toBe(0);
		const together = Math.min(...processes.map((_, index) => endOf(result, index)));
		expect(rateBetween(result, 5000, together)).toBeGreaterThanOrEqual(18);
		expect(result.throttled / result.requests).toBeLessThanOrEqual(0.03);
		for (let index = 0; index < count; index++) {
			expect(rateBetween(result, 5000, together, index)).toBeGreaterThanOrEqual((0.7 * 20) / count);
		}
	});

	it('a process joining later gets its share within seconds', async () => {
		const result = await simulate({
			limit: [{ from: 0, perSecond: 20 }],
			processes: [{ items: 1000, workers: 100 }, { items: 400, workers: 100, startAt: 10_000 }],
			latencyMs: LATENCY_MS,
			maxMs: 300_000,
		});
		expect(rateBetween(result, 15_000, 35_000, 1)).toBeGreaterThanOrEqual(7);
		expect(rateBetween(result, 15_000, 35_000)).toBeGreaterThanOrEqual(18);
	});

	it('a process left alone is back at the limit by its next probe, at most the longest hold after the other ends', async () => {
		for (const seed of [1, 2, 3]) {
			const processes = [0, 3].map((offset) => ({ items: offset === 0 ? 300 : 2500, workers: 100, startAt: ((seed * 379) % 1000) + offset }));
			const result = await simulate({ limit: [{ from: 0, perSecond: 20 }], processes, latencyMs: 185, maxMs: 600_000, jitterMs: 30, seed });
			expect(result.lost).toBe(0);
			const leftAt = endOf(result, 0);
			const alone = result.executed.filter((entry) => entry.process === 1 && entry.at > leftAt);
			const firstFullSecond = alone.find((entry) => rateBetween(result, entry.at, entry.at + 1000, 1) >= 18);
			expect(firstFullSecond).toBeDefined();
			expect((firstFullSecond as { at: number }).at - leftAt).toBeLessThanOrEqual(DEFAULT_RATE_POLICY.maxHoldMs + 10_000);
		}
	});

	it('follows the limit down from 20/s to 10/s within 3 s, then probes it once by a request and holds', async () => {
		const result = await simulate({
			limit: [{ from: 0, perSecond: 20 }, { from: 20_000, perSecond: 10 }],
			processes: [{ items: 600, workers: 100 }],
			latencyMs: LATENCY_MS,
			maxMs: 300_000,
		});
		expect(result.lost).toBe(0);
		const arrivals = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => result.arrivals.get(from + index) ?? 0);
		// A ceiling far below the last one is probed after the short hold (the second process it suggests may go): one second over, by at most two.
		expect(arrivals(21, 24).every((count) => count <= 10)).toBe(true);
		const over = arrivals(21, 40).filter((count) => count > 10);
		expect(over).toHaveLength(1);
		expect(over[0]).toBeLessThanOrEqual(12);
		// The probe found the same ceiling: the long hold follows.
		expect(arrivals(27, 40).every((count) => count <= 10)).toBe(true);
		expect(rateBetween(result, 27_000, 40_000)).toBeGreaterThanOrEqual(9.5);
	});

	it('four processes on a loaded machine: ≤ 3 % throttled and fair', async () => {
		for (const seed of [1, 2, 3]) {
			const processes = Array.from({ length: 4 }, () => ({ items: 250, workers: 100 }));
			const result = await simulate({ limit: [{ from: 0, perSecond: 20 }], processes, latencyMs: LATENCY_MS, maxMs: 300_000, jitterMs: 30, seed });
			expect(result.lost).toBe(0);
			expect(result.throttled / result.requests).toBeLessThanOrEqual(0.03);
			const together = Math.min(...processes.map((_, index) => endOf(result, index)));
			for (let index = 0; index < 4; index++) expect(rateBetween(result, 5000, together, index)).toBeGreaterThanOrEqual((0.7 * 20) / 4);
		}
	});

	it.each([2, 4])('%i warm processes starting together at any moment of a second, answers after 185 ms: fair from the first second they collide, ≤ 3 %% throttled', async (count) => {
		// As in the benchmark: each process has sent one request 1 s before (a worker that ran the workflow before), and sees
		// a 185 ms round trip (150 ms of emulator latency and the node's own work). With the pacing before (sends on a fixed
		// grid, 20 free before the first answer), four processes failed this (3.6 % throttled at the first start). Had the
		// ramp for slow answers not started again at a burst, the warm processes would have sent nearly 20 each before any
		// answer: with the ramp started again only after 2 s with nothing sent, 2.9 % on average over 16 starts, up to 3.4 %.
		for (let seed = 1; seed <= 8; seed++) {
			const processes = Array.from({ length: count }, (_, index) => ({ items: 1000 / count, workers: 100, startAt: 8000 + ((seed * 379) % 1000) + index * 3, warmUpMs: 1000 }));
			const result = await simulate({ limit: [{ from: 0, perSecond: 20 }], processes, latencyMs: 185, maxMs: 300_000, jitterMs: 30, seed });
			expect(result.lost).toBe(0);
			expect(result.throttled / result.requests).toBeLessThanOrEqual(0.03);
			const start = Math.min(...result.executed.filter((entry) => entry.at >= 8000).map((entry) => entry.at));
			const together = Math.min(...processes.map((_, index) => endOf(result, index)));
			for (let index = 0; index < count; index++) expect(rateBetween(result, start + 5000, together, index)).toBeGreaterThanOrEqual((0.7 * 20) / count);
		}
	});

	it('one process meeting a limit of 50/s at any moment of a second: ≤ 1 % throttled, the first second over it included', async () => {
		const throttled: number[] = [];
		for (let seed = 1; seed <= 8; seed++) {
			const processes = [{ items: 1000, workers: 100, startAt: (seed * 379) % 1000 }];
			const result = await simulate({ limit: [{ from: 0, perSecond: 50 }], processes, latencyMs: LATENCY_MS, maxMs: 300_000, jitterMs: 30, seed });
			expect(result.lost).toBe(0);
			throttled.push(result.throttled / result.requests);
		}
		// Where in its second the rate meets the limit decides how much that second overshoots. Requests beyond
		// the proven count, four at a time: 0.52 % on average over these eight starts, at most 0.79 %; sent at the
		// rate instead (unprovenInFlight: Infinity), 1.13 % on average, up to 1.67 %.
		const mean = throttled.reduce((sum, share) => sum + share, 0) / throttled.length;
		expect(mean).toBeLessThanOrEqual(0.007);
		expect(Math.max(...throttled)).toBeLessThanOrEqual(0.01);
	});

	it.each([1000, 3000])('a connector answering after %i ms: the standard rate within seconds, few throttled', async (latencyMs) => {
		// Before answers could prove anything, the pacing that held requests to two ahead of their answers sent 44 in the
		// first 10 s at 3 s, and ran its rate up meanwhile, so the first throttle came with 136 refused.
		const result = await simulate({ limit: [{ from: 0, perSecond: 20 }], processes: [{ items: 600, workers: 100 }], latencyMs, maxMs: 300_000, seed: 1 });
		expect(result.lost).toBe(0);
		expect(rateBetween(result, 0, 10_000)).toBeGreaterThanOrEqual(14);
		expect(result.throttled / result.requests).toBeLessThanOrEqual(0.08);
	});

	it('stays under a ceiling below the limit and is never throttled', async () => {
		const result = await simulate({ limit: [{ from: 0, perSecond: 20 }], processes: [{ items: 200, workers: 100, ceiling: 12 }], latencyMs: LATENCY_MS, maxMs: 300_000 });
		expect(result.throttled).toBe(0);
		for (const count of result.arrivals.values()) expect(count).toBeLessThanOrEqual(12);
	});

	it("today's fixed pacing, for comparison, is refused 40 % of the time by two processes", async () => {
		const policy = { adaptive: false };
		const processes = [0, 1].map(() => ({ items: 300, workers: 100, ceiling: 19 }));
		const result = await simulate({ limit: [{ from: 0, perSecond: 20 }], processes, latencyMs: LATENCY_MS, maxMs: 300_000, policy });
		expect(result.throttled / result.requests).toBeGreaterThan(0.2);
	});
});
