import { DEFAULT_RATE_POLICY, RateController } from '../../../../packages/n8n-nodes-dingtalk-connect/nodes/DingTalkConnect/transport/pacing/rateController';

const policy = { ...DEFAULT_RATE_POLICY };

/** Advances a busy controller in 50 ms steps from `from` to `to` (ms); returns the time reached. */
function run(controller: RateController, from: number, to: number): number {
	for (let now = from + 50; now <= to; now += 50) controller.advance(now, true);
	return to;
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

	it('on a throttle drops to what got through and remembers that as the ceiling', () => {
		const controller = new RateController(policy, 0);
		controller.throttled(500, 10);
		expect(controller.rate).toBeCloseTo(10 * policy.settleShare, 5);
		expect(controller.rememberedCeiling).toBe(10);
	});

	it('never drops below a share of the failed rate on one answer, nor below the floor', () => {
		const controller = new RateController(policy, 0);
		controller.throttled(500, 0);
		expect(controller.rate).toBeCloseTo(4 * policy.settleShare, 5);
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

	it('recovers to just below the remembered ceiling within a few seconds, then holds there', () => {
		const controller = new RateController(policy, 0);
		controller.throttled(0, 20);
		controller.throttled(400, 5);
		const ceiling = controller.rememberedCeiling as number;
		let now = run(controller, 400, 3400);
		expect(controller.rate).toBeGreaterThan(ceiling * 0.95);
		expect(controller.rate).toBeLessThanOrEqual(ceiling * policy.settleShare + 1e-9);
		const settled = controller.rate;
		now = run(controller, now, policy.holdMs - 100);
		expect(controller.rate).toBeCloseTo(settled, 1);
		expect(now).toBeLessThan(policy.holdMs);
	});

	it('probes above the ceiling additively after the hold, and forgets it far above', () => {
		const controller = new RateController(policy, 0);
		controller.throttled(0, 10);
		let now = run(controller, 0, policy.holdMs);
		const atHold = controller.rate;
		now = run(controller, now, policy.holdMs + 5000);
		expect(controller.rate - atHold).toBeCloseTo(policy.probePerSecond * 5, 1);
		run(controller, now, now + 60_000);
		expect(controller.rememberedCeiling).toBeUndefined();
	});

	it('probes less often each time a probe finds the same ceiling', () => {
		const controller = new RateController(policy, 0);
		controller.throttled(0, 10);
		// The first probe crosses the ceiling after the hold; DingTalk throttles it at 10 again.
		let now = run(controller, 0, policy.holdMs + 2000);
		controller.throttled(now, 10);
		const afterProbe = controller.rate;
		now = run(controller, now, now + policy.holdMs + 2000);
		// Still settled: the hold has doubled.
		expect(controller.rate).toBeLessThanOrEqual(10 * policy.settleShare + 1e-9);
		expect(controller.rate).toBeGreaterThanOrEqual(afterProbe);
		run(controller, now, now + policy.holdMs + 1000);
		expect(controller.rate).toBeGreaterThan(10 * policy.settleShare);
	});

	it('never grows past the cap it is given', () => {
		const controller = new RateController(policy, 0);
		run(controller, 0, 3000);
		controller.capAt(25);
		expect(controller.rate).toBe(25);
		controller.throttled(3100, 25);
		expect(controller.rate).toBeCloseTo(25 * 0.85, 5);
	});
});
