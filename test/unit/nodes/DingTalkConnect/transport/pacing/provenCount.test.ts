import { ProvenCount } from '../../../../../../nodes/DingTalkConnect/transport/pacing/provenCount';

const policy = { startRate: 20, unprovenInFlight: 2, unprovenShare: 0.1, provenRampMs: 3000 };

describe('ProvenCount', () => {
	it('lets a new key send two before any answer, then ramps to the start rate over provenRampMs, and again after half a second with no caller', () => {
		const count = new ProvenCount();
		expect(count.allowed(0, policy)).toBe(2);
		count.sent(0);
		// Callers keep waiting, however long the answers take: the ramp goes on.
		expect(count.allowed(1500, policy)).toBe(12);
		count.sent(2000);
		expect(count.allowed(3000, policy)).toBe(22);
		// A short lull (the queue empty for 0.3 s) does not start it again.
		count.idle(3100);
		count.sent(3400);
		expect(count.allowed(3500, policy)).toBe(22);
		// No caller for over 0.5 s (a warm worker between runs): the next burst ramps again.
		count.idle(4000);
		expect(count.allowed(6000, policy)).toBe(2);
		count.sent(6000);
		expect(count.allowed(7500, policy)).toBe(12);
	});

	it('counts answers by the second their request was sent in, and keeps the most of one second', () => {
		const count = new ProvenCount();
		for (let index = 0; index < 30; index++) count.passed(4000 + index * 10);
		for (let index = 0; index < 5; index++) count.passed(5000 + index * 10);
		// 30 got through in second 4: 30 more may go unanswered, and a tenth of them beyond.
		expect(count.allowed(5500, policy)).toBe(33);
	});

	it('takes the share over the in-flight count once the proven count is large', () => {
		const count = new ProvenCount();
		for (let index = 0; index < 100; index++) count.passed(4000 + index);
		expect(count.allowed(5000, policy)).toBe(110);
		expect(count.allowed(5000, { ...policy, unprovenShare: 0 })).toBe(102);
	});
});
