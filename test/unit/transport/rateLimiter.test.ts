import { RateLimiter } from '../../../nodes/DingTalkConnect/transport/rateLimiter';

/** A fake clock: sleep advances time instead of waiting. */
function fakeClock() {
	let now = 1_000_000;
	const sleeps: number[] = [];
	return {
		sleeps,
		clock: {
			now: () => now,
			sleep: async (ms: number) => {
				sleeps.push(ms);
				now += 0; // time moves only when the test says so, so reservations stay visible
			},
		},
		advance: (ms: number) => (now += ms),
	};
}

describe('RateLimiter', () => {
	it('does not wait without a rate', async () => {
		const { clock, sleeps } = fakeClock();
		const limiter = new RateLimiter(clock);
		expect(await limiter.acquire('k', undefined)).toBe(0);
		expect(await limiter.acquire('k', 0)).toBe(0);
		expect(await limiter.acquire('k', Number.NaN)).toBe(0);
		expect(sleeps).toEqual([]);
	});

	it('spaces concurrent callers 1/rps apart, in arrival order', async () => {
		const { clock, sleeps } = fakeClock();
		const limiter = new RateLimiter(clock);
		const waits = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire('app|/path', 10)));
		expect(waits).toEqual([0, 100, 200, 300, 400]);
		expect(sleeps).toEqual([100, 200, 300, 400]);
	});

	it('keeps keys apart', async () => {
		const { clock } = fakeClock();
		const limiter = new RateLimiter(clock);
		expect(await limiter.acquire('a', 2)).toBe(0);
		expect(await limiter.acquire('b', 2)).toBe(0);
		expect(await limiter.acquire('a', 2)).toBe(500);
	});

	it('does not make a caller wait once the interval has passed', async () => {
		const { clock, advance } = fakeClock();
		const limiter = new RateLimiter(clock);
		await limiter.acquire('k', 4);
		advance(250);
		expect(await limiter.acquire('k', 4)).toBe(0);
		advance(100);
		expect(await limiter.acquire('k', 4)).toBe(150);
	});

	it('forgets its reservations on reset', async () => {
		const { clock } = fakeClock();
		const limiter = new RateLimiter(clock);
		await limiter.acquire('k', 1);
		limiter.reset();
		expect(await limiter.acquire('k', 1)).toBe(0);
	});
});

describe('RateLimiter after late timers', () => {
	it('never lets more than rps requests out in one second, even when every sleeper wakes at once', async () => {
		let now = 0;
		const pending: Array<{ target: number; wake: () => void }> = [];
		const limiter = new RateLimiter({
			now: () => now,
			sleep: async (ms) => await new Promise<void>((wake) => pending.push({ target: now + ms, wake })),
		});
		const sendTimes: number[] = [];
		const callers = Array.from({ length: 12 }, async () => {
			await limiter.acquire('k', 4);
			sendTimes.push(now);
		});
		await new Promise((resolve) => setImmediate(resolve));

		// The event loop was blocked for 5 s: every reserved slot is overdue, so all sleepers wake together.
		now = 5_000;
		while (pending.length > 0) {
			pending.sort((a, b) => a.target - b.target);
			const next = pending.shift() as { target: number; wake: () => void };
			now = Math.max(now, next.target);
			next.wake();
			await new Promise((resolve) => setImmediate(resolve));
		}
		await Promise.all(callers);

		expect(sendTimes).toHaveLength(12);
		for (const start of sendTimes) {
			const inWindow = sendTimes.filter((time) => time >= start && time < start + 1000).length;
			expect(inWindow).toBeLessThanOrEqual(4);
		}
	});
});
