import { ExecutionSlots } from '../../../../../nodes/DingTalkConnectStreamTrigger/stream/executionSlots';
import { settle } from './streamFakes';

describe('ExecutionSlots', () => {
	it('lets `limit` holders through at once and the rest in arrival order, one per slot given back', async () => {
		const slots = new ExecutionSlots(2, () => 0);
		const tickets = new Map<number, number>();
		for (const n of [1, 2, 3, 4]) void slots.take().then((ticket) => tickets.set(n, ticket));
		await settle();
		expect([...tickets.keys()]).toEqual([1, 2]);
		expect([slots.inFlight, slots.queued]).toEqual([2, 2]);

		slots.give(tickets.get(1) as number);
		await settle();
		expect([...tickets.keys()]).toEqual([1, 2, 3]);
		expect([slots.inFlight, slots.queued]).toEqual([2, 1]);

		slots.give(tickets.get(2) as number);
		slots.give(tickets.get(3) as number);
		await settle();
		expect([...tickets.keys()]).toEqual([1, 2, 3, 4]);
		expect([slots.inFlight, slots.queued]).toEqual([1, 0]);
	});

	it('gives a ticket back once: a second give, or one for a ticket never taken, frees nothing', async () => {
		const slots = new ExecutionSlots(1, () => 0);
		const first = await slots.take();
		slots.give(first);
		const second = await slots.take();
		let third: number | undefined;
		void slots.take().then((ticket) => (third = ticket));
		slots.give(first);
		slots.give(12345);
		await settle();
		expect(third).toBeUndefined();
		slots.give(second);
		await settle();
		expect(third).toEqual(expect.any(Number));
		expect(slots.inFlight).toBe(1);
	});

	it('expires the slots held for the longest allowed, handing them to the waiting, and keeps the younger ones', async () => {
		let now = 0;
		const slots = new ExecutionSlots(2, () => now);
		await slots.take();
		now = 500;
		const young = await slots.take();
		let waited = false;
		void slots.take().then(() => (waited = true));
		now = 999;
		slots.expire(1000);
		await settle();
		expect(waited).toBe(false);
		now = 1000;
		slots.expire(1000);
		await settle();
		expect(waited).toBe(true);
		expect(slots.inFlight).toBe(2);
		slots.give(young);
		expect(slots.inFlight).toBe(1);
	});
});
