import { DEFAULT_RATE_POLICY, RateController } from '../../../../../../nodes/DingTalkConnect/transport/pacing/rateController';

const policy = { ...DEFAULT_RATE_POLICY };

/** Advances a busy controller in 50 ms steps from `from` to `to` (ms); returns the time reached. */
function run(controller: RateController, from: number, to: number): number {
	for (let now = from + 50; now <= to; now += 50) controller.advance(now, true);
	return to;
}

/** Advances a busy controller until its rate reaches `rate`; returns the time it took (ms), or Infinity after `maxMs`. */
function timeToReach(controller: RateController, from: number, rate: number, maxMs = 120_000): number {
	for (let now = from + 50; now <= from + maxMs; now += 50) {
		controller.advance(now, true);
		if (controller.rate >= rate) return now - from;
	}
	return Number.POSITIVE_INFINITY;
}

/** The point a controller settles at below a ceiling. */
const settle = (ceiling: number) => Math.min(ceiling * policy.settleShare, ceiling - policy.settleMargin);

/** When confirmedAt20's probe found the ceiling again. */
const CONFIRMED_AT = policy.firstHoldMs + 1500;

/** A controller that found 20/s twice (the second time by a probe 1.5 s after the short hold), so its ceiling is confirmed; at 8 s, settled. */
function confirmedAt20(): RateController {
	const controller = new RateController(policy, 0);
	controller.throttled(0, 20);
	run(controller, 0, CONFIRMED_AT);
	expect(controller.rate).toBeGreaterThan(settle(20));
	controller.throttled(CONFIRMED_AT, 20);
	expect(controller.currentHoldMs).toBe(policy.holdMs);
	run(controller, CONFIRMED_AT, 8000);
	expect(controller.rate).toBeCloseTo(settle(20), 1);
	return controller;
}

describe('RateController', () => {
	it("starts at the standard edition's 20 per second", () => {
		expect(new RateController(policy, 0).rate).toBe(20);
	});

	it('grows while nothing is throttled and callers wait, not while idle', () => {
		const busy = new RateController(policy, 0);
		run(busy, 0, 1000);
		expect(busy.rate).toBeCloseTo(30, 0);
		const idle = new RateController(policy, 0);
		for (let now = 50; now <= 1000; now += 50) idle.advance(now, false);
		expect(idle.rate).toBe(20);
	});

	describe('throttle', () => {
		it('drops to just below what got through and remembers that as the ceiling', () => {
			const controller = new RateController(policy, 0);
			controller.throttled(500, 10);
			expect(controller.rate).toBeCloseTo(settle(10), 5);
			expect(controller.rememberedCeiling).toBe(10);
		});

		it('never drops below a share of the failed rate on one answer, nor below the floor', () => {
			const controller = new RateController(policy, 0);
			controller.throttled(500, 0);
			expect(controller.rate).toBeCloseTo(settle(4), 5);
			const low = new RateController({ ...policy, startRate: 0.6 }, 0);
			for (let at = 0; at < 5000; at += 500) low.throttled(at, 0);
			expect(low.rate).toBe(policy.minRate);
		});

		it('decreases harder when throttled again soon after a decrease', () => {
			const controller = new RateController(policy, 0);
			controller.throttled(0, 20);
			expect(controller.rate).toBeCloseTo(17, 5);
			controller.throttled(500, 20);
			expect(controller.rate).toBeCloseTo(17 * 0.7, 5);
		});

		it('keeps a margin of at least settleMargin below a small ceiling (a share of a limit)', () => {
			const controller = new RateController(policy, 0);
			controller.throttled(500, 5);
			expect(controller.rate).toBeCloseTo(5 - policy.settleMargin, 5);
		});
	});

	describe('recovery', () => {
		it('recovers to just below the remembered ceiling within a few seconds, then holds there', () => {
			const controller = new RateController(policy, 0);
			controller.throttled(0, 10);
			controller.throttled(400, 2);
			const ceiling = controller.rememberedCeiling as number;
			// Far below the first reading: the short hold, which the recovery takes nearly all of.
			expect(controller.currentHoldMs).toBe(policy.firstHoldMs);
			const now = run(controller, 400, 400 + policy.firstHoldMs - 100);
			expect(controller.rate).toBeGreaterThan(settle(ceiling) - 0.05);
			expect(controller.rate).toBeLessThanOrEqual(settle(ceiling) + 1e-9);
			run(controller, now, now + 2000);
			expect(controller.rate).toBeGreaterThan(settle(ceiling));
		});

		it('takes any first ceiling as a reading to check, after the short hold: who gets through in the second processes collide is luck', () => {
			const controller = new RateController(policy, 0);
			controller.throttled(0, 10);
			expect(controller.currentHoldMs).toBe(policy.firstHoldMs);
			const now = run(controller, 0, policy.firstHoldMs - 50);
			expect(controller.rate).toBeLessThanOrEqual(settle(10) + 1e-9);
			run(controller, now, now + 2000);
			expect(controller.rate).toBeGreaterThan(settle(10));
		});

		it('takes a throttle while settled below the ceiling, not probing above it, as a lower ceiling: another process took a share', () => {
			const controller = confirmedAt20();
			controller.throttled(9000, 17);
			expect(controller.rememberedCeiling).toBe(17);
			// The hold grows, as after a probe: a process pushed down by another's probe does not soon push a third down.
			expect(controller.currentHoldMs).toBe(policy.holdMs * policy.holdGrowth);
			run(controller, 9000, 9000 + policy.holdMs - 100);
			expect(controller.rate).toBeCloseTo(settle(17), 1);
		});

		it('probes a first ceiling near or above the start rate after the short hold: it may read low while timers run late', () => {
			// The start grows past 50/s; DingTalk throttles at 50/s, but a late timer made 46 look like all that passed.
			const controller = new RateController(policy, 0);
			let now = run(controller, 0, 3000);
			controller.throttled(now, 46);
			expect(controller.currentHoldMs).toBe(policy.firstHoldMs);
			now = run(controller, now, now + policy.firstHoldMs - 50);
			expect(controller.rate).toBeLessThanOrEqual(settle(46) + 1e-9);
			// Back at the real limit within a few seconds of probing, not the 20 s a +0.2/s probe took.
			expect(timeToReach(controller, now, 50)).toBeLessThanOrEqual(5000);
		});

		it('probes a ceiling found far below the last one after the short hold: the process that took the rest may go', () => {
			const controller = confirmedAt20();
			// A second process joins: this one gets half the limit through.
			controller.throttled(30_000, 10);
			expect(controller.rememberedCeiling).toBe(10);
			expect(controller.currentHoldMs).toBe(policy.firstHoldMs);
			// It leaves: the whole limit is this process's again within seconds.
			expect(timeToReach(controller, 30_000, 19.5)).toBeLessThanOrEqual(policy.firstHoldMs + 8000);
		});

		it('probes additively, gently at first and faster each second', () => {
			const controller = new RateController(policy, 0);
			controller.throttled(0, 10);
			let now = run(controller, 0, policy.firstHoldMs);
			const atHold = controller.rate;
			now = run(controller, now, now + 1000);
			// ∫ probePerSecond × (1 + τ) dτ over the first second, and over three.
			expect(controller.rate - atHold).toBeCloseTo(policy.probePerSecond * 1.5, 1);
			run(controller, now, now + 2000);
			expect(controller.rate - atHold).toBeCloseTo(policy.probePerSecond * 7.5, 0);
		});

		it('probes less often each time a probe finds the same ceiling', () => {
			const controller = new RateController(policy, 0);
			controller.throttled(0, 10);
			// The first probe crosses the ceiling after the short hold; DingTalk throttles it at 10 again; the full hold follows.
			let now = run(controller, 0, policy.firstHoldMs + 2000);
			controller.throttled(now, 10);
			expect(controller.currentHoldMs).toBe(policy.holdMs);
			// And the next probe finds it again: the hold grows.
			now = run(controller, now, now + policy.holdMs + 2000);
			controller.throttled(now, 10);
			expect(controller.currentHoldMs).toBe(policy.holdMs * policy.holdGrowth);
			now = run(controller, now, now + policy.holdMs * policy.holdGrowth - 100);
			// Still settled: the hold has grown.
			expect(controller.rate).toBeLessThanOrEqual(settle(10) + 1e-9);
			run(controller, now, now + 2000);
			expect(controller.rate).toBeGreaterThan(settle(10));
		});

		it('takes a probe throttled a little below the ceiling (a request counted in the next second) as the same ceiling', () => {
			const controller = confirmedAt20();
			// The next probe starts a hold after the last throttle; 1.5 s into it DingTalk throttles, 17 counted as passed.
			const probed = CONFIRMED_AT + policy.holdMs + 1500;
			run(controller, 8000, probed);
			expect(controller.rate).toBeGreaterThan(20);
			controller.throttled(probed, 17);
			expect(controller.rememberedCeiling).toBe(20);
			expect(controller.currentHoldMs).toBe(policy.holdMs * policy.holdGrowth);
			run(controller, probed, probed + 3000);
			expect(controller.rate).toBeCloseTo(settle(20), 1);
		});
	});

	describe('ceiling', () => {
		it('never grows past the cap it is given', () => {
			const controller = new RateController(policy, 0);
			run(controller, 0, 3000);
			controller.capAt(25);
			expect(controller.rate).toBe(25);
			controller.throttled(3100, 25);
			expect(controller.rate).toBeCloseTo(25 * 0.85, 5);
		});
	});

	describe('two controllers sharing a limit', () => {
		it('gain the same per second of probing whatever their shares, so unequal shares grow closer', () => {
			const small = new RateController(policy, 0);
			const large = new RateController(policy, 0);
			small.throttled(0, 4);
			large.throttled(0, 12);
			run(small, 0, policy.holdMs + 2000);
			run(large, 0, policy.holdMs + 2000);
			expect(small.rate - settle(4)).toBeGreaterThan(0.5);
			expect(small.rate - settle(4)).toBeCloseTo(large.rate - settle(12), 5);
			expect(small.rate / large.rate).toBeGreaterThan(settle(4) / settle(12));
		});

		it('settle a margin apart below their shares, together under the limit', () => {
			const controllers = [0, 1, 2, 3].map(() => new RateController(policy, 0));
			for (const controller of controllers) controller.throttled(0, 5);
			for (const controller of controllers) run(controller, 0, policy.firstHoldMs - 100);
			const together = controllers.reduce((total, controller) => total + controller.rate, 0);
			expect(together).toBeLessThanOrEqual(20 - 4 * policy.settleMargin + 1e-9);
			expect(together).toBeGreaterThanOrEqual(18);
		});
	});
});
