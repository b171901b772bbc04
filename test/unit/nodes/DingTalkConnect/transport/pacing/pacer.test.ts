import { Pacer, PacingAborted, type PacerPolicy, type PaceTicket } from '../../../../../../nodes/DingTalkConnect/transport/pacing/pacer';
import { FakeTime } from './simulation';

/** Callers whose requests DingTalk answers at once, with success, unless `answer` is false (the test reports). */
function setup(policy: Partial<PacerPolicy> = {}) {
	const time = new FakeTime();
	const pacer = new Pacer({ now: () => time.now, sleep: async (ms) => await time.sleep(ms) }, policy);
	const sent: Array<{ caller: string; at: number }> = [];
	const send = (caller: string, key = 'app|/invoke', options = {}, answer = true) =>
		pacer.acquire(key, options).then((ticket) => {
			sent.push({ caller, at: time.now });
			if (answer) pacer.report(key, 'ok', ticket);
			return ticket;
		});
	return { time, pacer, sent, send };
}

/** What `sent` holds when these callers went out at these moments. */
const sentAt = (...moments: Array<[string, number]>) => moments.map(([caller, at]) => ({ caller, at }));

describe('Pacer', () => {
	it("lets callers out in arrival order at the standard edition's 20/s, spread over the second to 50 ms before its end", async () => {
		const { time, sent, send } = setup();
		for (const caller of ['a', 'b', 'c', 'd']) void send(caller);
		await time.runUntil(1000);
		expect(sent).toEqual(sentAt(['a', 0], ['b', 47.5], ['c', 95], ['d', 142.5]));
	});

	it('keeps keys apart', async () => {
		const { time, sent, send } = setup();
		void send('a1', 'a');
		void send('b1', 'b');
		void send('a2', 'a');
		await time.runUntil(1000);
		expect(sent).toEqual(sentAt(['a1', 0], ['b1', 0], ['a2', 47.5]));
	});

	it('an aborted wait rejects at once and the callers behind it move up: no gap', async () => {
		const { time, sent, send } = setup();
		const stop = new AbortController();
		void send('a');
		const b = send('b', 'app|/invoke', { signal: stop.signal });
		void send('c');
		void send('d');
		await time.runUntil(20);
		stop.abort();
		await expect(b).rejects.toBeInstanceOf(PacingAborted);
		expect(time.now).toBe(20);
		await time.runUntil(1000);
		expect(sent).toEqual(sentAt(['a', 0], ['c', 47.5], ['d', 95]));
	});

	it('a wait whose signal is already aborted is refused and takes no place', async () => {
		const { time, sent, send } = setup();
		const stop = new AbortController();
		stop.abort();
		await expect(send('a', 'app|/invoke', { signal: stop.signal })).rejects.toThrow('nothing was sent');
		void send('b');
		await time.runUntil(10);
		expect(sent).toEqual(sentAt(['b', 0]));
	});

	it('a throttled answer slows the key down, and the rest of that second is not used', async () => {
		const { time, pacer, sent, send } = setup();
		const waits = [send('a'), send('b'), send('c', 'app|/invoke', {}, false)];
		await time.runUntil(100);
		const tickets = await Promise.all(waits);
		expect(pacer.rateOf('app|/invoke')).toBeCloseTo(20, 0);
		// 'c' (sent at 100) was throttled; 'a' and 'b' got through before it in that second.
		pacer.report('app|/invoke', 'throttled', tickets[2]);
		expect(pacer.rateOf('app|/invoke')).toBeLessThan(20 * 0.31);
		void send('d');
		void send('e');
		await time.runUntil(3000);
		const [d, e] = sent.slice(3);
		expect(d.at).toBe(1000);
		expect(e.at - d.at).toBeGreaterThan(150);
	});

	describe('before a ceiling is known', () => {
		/** Callers on a cold key, none answered until the test says; the ramp for slow answers off unless given. */
		function coldKey(unprovenInFlight: number, provenRampMs = Number.POSITIVE_INFINITY, callers = 40) {
			const { time, pacer } = setup({ unprovenInFlight, provenRampMs });
			const sent: PaceTicket[] = [];
			for (let index = 0; index < callers; index++) void pacer.acquire('k').then((ticket) => sent.push(ticket));
			const inSecond = (second: number) => sent.filter((ticket) => Math.floor(ticket.sentAt / 1000) === second);
			return { time, pacer, sent, inSecond };
		}

		it('sends beyond the most that got through in one second only a few at a time, one more for each answer back', async () => {
			const { time, pacer, sent, inSecond } = coldKey(2);
			await time.runUntil(500);
			// Nothing has got through yet: two go, then one for each answer.
			expect(sent).toHaveLength(2);
			pacer.report('k', 'ok', sent[0]);
			await time.runUntil(560);
			expect(sent).toHaveLength(3);
			pacer.report('k', 'ok', sent[1]);
			pacer.report('k', 'ok', sent[2]);
			await time.runUntil(999);
			expect(inSecond(0)).toHaveLength(5);
			// Three of second 0 got through: in second 1, three go freely and two beyond them, unanswered.
			await time.runUntil(1999);
			expect(inSecond(1)).toHaveLength(5);
		});

		it('a key whose answers take seconds (a slow connector) still reaches the standard rate, over provenRampMs', async () => {
			const { time, inSecond } = coldKey(2, 3000, 200);
			await time.runUntil(4999);
			const counts = [0, 1, 2, 3, 4].map((second) => inSecond(second).length);
			// Unanswered: about 20 × t / 3 s + 2 by the end of each second, then the rate's 20.
			expect(counts[0]).toBeLessThanOrEqual(9);
			expect(counts[0]).toBeLessThan(counts[1]);
			expect(counts[1]).toBeLessThan(counts[2]);
			expect(counts[3]).toBe(20);
			expect(counts[4]).toBe(20);
		});

		it('would otherwise send at its rate, unanswered', async () => {
			const { time, inSecond } = coldKey(Number.POSITIVE_INFINITY);
			await time.runUntil(999);
			expect(inSecond(0)).toHaveLength(20);
		});
	});

	it('an answer to a request sent before the last decrease does not decrease again', async () => {
		const { time, pacer, send } = setup();
		const first = send('a');
		await time.runUntil(50);
		const second = send('b');
		await time.runUntil(100);
		const [a, b] = [await first, await second];
		pacer.report('app|/invoke', 'throttled', b);
		const after = pacer.rateOf('app|/invoke');
		pacer.report('app|/invoke', 'throttled', a);
		expect(pacer.rateOf('app|/invoke')).toBe(after);
	});

	it('never exceeds the ceiling (the option Requests per Second)', async () => {
		const { time, pacer, sent, send } = setup();
		for (const caller of ['a', 'b', 'c']) void send(caller, 'k', { ceiling: 4 });
		await time.runUntil(2000);
		expect(sent.map((entry) => entry.at)).toEqual([0, 237.5, 475]);
		expect(pacer.rateOf('k', 4)).toBe(4);
	});

	it('with the fixed policy paces at the ceiling and ignores answers', async () => {
		const { time, pacer, sent, send } = setup({ adaptive: false });
		const ticket = await send('a', 'k', { ceiling: 10 });
		pacer.report('k', 'throttled', ticket);
		void send('b', 'k', { ceiling: 10 });
		await time.runUntil(1000);
		expect(sent.map((entry) => entry.at)).toEqual([0, 95]);
		expect(pacer.rateOf('k', 10)).toBe(10);
	});

	it('never lets more than the rate out in one second, even when the event loop was blocked', async () => {
		const { time, sent, send } = setup();
		for (let index = 0; index < 12; index++) void send(String(index), 'k', { ceiling: 4 });
		await time.runUntil(0);
		// The loop was blocked for 5 s: the pump wakes late, once.
		time.now = 5000;
		await time.runUntil(20_000);
		expect(sent).toHaveLength(12);
		for (const { at: start } of sent) {
			expect(sent.filter(({ at }) => at >= start && at < start + 1000).length).toBeLessThanOrEqual(4);
		}
	});

	it('forgets idle keys once it holds many', async () => {
		const { time, pacer, send } = setup();
		for (let index = 0; index < 1000; index++) void send(String(index), `key-${index}`);
		await time.runUntil(1);
		time.now += 11 * 60_000;
		void send('late', 'key-new');
		await time.runUntil(time.now + 1);
		expect(pacer.rateOf('key-0')).toBeUndefined();
		expect(pacer.rateOf('key-new')).toBe(20);
	});

	it('reset lets every waiter out and forgets every key', async () => {
		const { time, pacer, sent, send } = setup();
		for (const caller of ['a', 'b', 'c']) void send(caller);
		await time.runUntil(1);
		pacer.reset();
		await time.runUntil(2);
		expect(sent.map((entry) => entry.caller)).toEqual(['a', 'b', 'c']);
		expect(pacer.rateOf('app|/invoke')).toBeUndefined();
	});
});
