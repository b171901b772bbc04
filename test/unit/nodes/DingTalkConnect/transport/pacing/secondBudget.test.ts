import { SecondBudget } from '../../../../../../nodes/DingTalkConnect/transport/pacing/secondBudget';

/** Sends as soon as the budget allows, from `from` to `to` (ms), at `rate`; returns the send times. */
function sendBusy(budget: SecondBudget, rate: number, from: number, to: number): number[] {
	const sent: number[] = [];
	let now = from;
	while (now < to) {
		const at = budget.slotAt(now, rate);
		if (at > now) {
			now = at;
			continue;
		}
		budget.took(now);
		sent.push(now);
	}
	return sent;
}

const perSecond = (times: number[]) => {
	const counts = new Map<number, number>();
	for (const at of times) counts.set(Math.floor(at / 1000), (counts.get(Math.floor(at / 1000)) ?? 0) + 1);
	return [...counts.values()];
};

describe('SecondBudget', () => {
	it('spreads a busy second evenly from its start to 50 ms before its end: 5 a second at 0, 190, … 760 ms', () => {
		const sent = sendBusy(new SecondBudget(), 5, 0, 2000);
		expect(sent).toEqual([0, 190, 380, 570, 760, 1000, 1190, 1380, 1570, 1760]);
	});

	it('after a pause starts at the first request and spreads the rest of the second', () => {
		const budget = new SecondBudget();
		// Half a second left at 4 a second: two sends.
		const sent = sendBusy(budget, 4, 500, 1000);
		expect(sent).toEqual([500, 725]);
		// The second after it goes on from its start.
		expect(budget.slotAt(1000, 4)).toBe(1000);
	});

	it('carries the fraction while callers keep waiting: 4.5 a second is 45 in 10 s', () => {
		const counts = perSecond(sendBusy(new SecondBudget(), 4.5, 0, 10_000));
		expect(counts.reduce((sum, count) => sum + count, 0)).toBe(45);
		expect(counts.every((count) => count === 4 || count === 5)).toBe(true);
	});

	it('sends the last request of a second later the more the second has: the one taking most is refused first when all go over together', () => {
		const lastOf = (rate: number) => Math.max(...sendBusy(new SecondBudget(), rate, 0, 1000));
		expect(lastOf(8)).toBe((7 * 950) / 8);
		expect(lastOf(5)).toBe(760);
		expect(lastOf(8)).toBeGreaterThan(lastOf(6));
	});

	it('lets the first request after a pause go at once, however low the rate, and keeps the rate after it', () => {
		const sent = sendBusy(new SecondBudget(), 0.5, 300, 10_300);
		expect(sent).toEqual([300, 2000, 4000, 6000, 8000, 10_000]);
	});

	it("counts the sends of the second it is asked about, none for another second", () => {
		const budget = new SecondBudget();
		sendBusy(budget, 5, 0, 1500);
		expect(budget.sentIn(1400)).toBe(3);
		expect(budget.sentIn(900)).toBe(0);
		expect(budget.sentIn(2100)).toBe(0);
	});

	it('makes up for a late timer within its second, never beyond its budget', () => {
		const budget = new SecondBudget();
		expect(budget.slotAt(0, 4)).toBe(0);
		budget.took(0);
		// The timer for 250 ms fires at 900: the three slots due go at once, the fourth waits for the next second.
		for (let index = 0; index < 3; index++) {
			expect(budget.slotAt(900, 4)).toBe(900);
			budget.took(900);
		}
		expect(budget.slotAt(900, 4)).toBe(1000);
	});
});
