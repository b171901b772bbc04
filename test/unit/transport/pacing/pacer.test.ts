import { Pacer, PacingAborted } from '../../../../packages/n8n-nodes-dingtalk-connect/nodes/DingTalkConnect/transport/pacing/pacer';
import { FakeTime } from './simulation';

function setup() {
	const time = new FakeTime();
	const pacer = new Pacer({ now: () => time.now, sleep: async (ms) => await time.sleep(ms) });
	const sent: Array<{ caller: string; at: number }> = [];
	const send = (caller: string, key = 'app|/invoke', options = {}) =>
		pacer.acquire(key, options).then((ticket) => {
			sent.push({ caller, at: time.now });
			return ticket;
		});
	return { time, pacer, sent, send };
}

describe('Pacer', () => {
	it("lets callers out in arrival order, 1/rate apart, starting at the standard edition's 20/s", async () => {
		const { time, sent, send } = setup();
		for (const caller of ['a', 'b', 'c', 'd']) void send(caller);
		await time.runUntil(1000);
		expect(sent).toEqual([
			{ caller: 'a', at: 0 },
			{ caller: 'b', at: 50 },
			{ caller: 'c', at: 100 },
			{ caller: 'd', at: 150 },
		]);
	});

	it('keeps keys apart', async () => {
		const { time, sent, send } = setup();
		void send('a1', 'a');
		void send('b1', 'b');
		void send('a2', 'a');
		await time.runUntil(1000);
		expect(sent).toEqual([
			{ caller: 'a1', at: 0 },
			{ caller: 'b1', at: 0 },
			{ caller: 'a2', at: 50 },
		]);
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
		expect(sent).toEqual([
			{ caller: 'a', at: 0 },
			{ caller: 'c', at: 50 },
			{ caller: 'd', at: 100 },
		]);
	});

	it('a wait whose signal is already aborted is refused and takes no place', async () => {
		const { time, sent, send } = setup();
		const stop = new AbortController();
		stop.abort();
		await expect(send('a', 'app|/invoke', { signal: stop.signal })).rejects.toThrow('nothing was sent');
		void send('b');
		await time.runUntil(10);
		expect(sent).toEqual([{ caller: 'b', at: 0 }]);
	});

	it('a throttled answer slows the key down, and the rest of that second is not used', async () => {
		const { time, pacer, sent, send } = setup();
		const waits = [send('a'), send('b'), send('c')];
		await time.runUntil(100);
		const tickets = await Promise.all(waits);
		expect(pacer.rateOf('app|/invoke')).toBe(20);
		// 'c' (sent at 100) was throttled; 'a' and 'b' got through before it in that second.
		pacer.report('app|/invoke', 'ok', tickets[0]);
		pacer.report('app|/invoke', 'ok', tickets[1]);
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
		/** Second 0: every request answered at once while the rate grows 3× a second; then none until told. */
		async function secondOneUnanswered(unprovenInFlight: number) {
			const { time, pacer } = setup();
			pacer.setPolicy({ startRate: 10, unknownGrowth: 2, unprovenInFlight });
			const sent: Array<{ sentAt: number }> = [];
			let answering = true;
			for (let index = 0; index < 100; index++) {
				void pacer.acquire('k').then((ticket) => {
					sent.push(ticket);
					if (answering) pacer.report('k', 'ok', ticket);
				});
			}
			await time.runUntil(999);
			const provenCount = sent.length;
			answering = false;
			await time.runUntil(1700);
			const inSecondOne = () => sent.filter((ticket) => ticket.sentAt >= 1000 && ticket.sentAt < 2000);
			return { time, pacer, provenCount, inSecondOne };
		}

		it('sends beyond the most that got through in one second only a few at a time, one more for each answer back', async () => {
			const { time, pacer, provenCount, inSecondOne } = await secondOneUnanswered(2);
			expect(inSecondOne()).toHaveLength(provenCount + 2);
			// Answers to the proven count let nothing more out; the answer to the first beyond it lets one.
			for (const ticket of inSecondOne().slice(0, provenCount)) pacer.report('k', 'ok', ticket);
			await time.runUntil(1750);
			expect(inSecondOne()).toHaveLength(provenCount + 2);
			pacer.report('k', 'ok', inSecondOne()[provenCount]);
			await time.runUntil(1800);
			expect(inSecondOne()).toHaveLength(provenCount + 3);
		});

		it('would otherwise send at its risen rate, unanswered', async () => {
			const { provenCount, inSecondOne } = await secondOneUnanswered(Number.POSITIVE_INFINITY);
			expect(inSecondOne().length).toBeGreaterThan(provenCount + 2);
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
		expect(sent.map((entry) => entry.at)).toEqual([0, 250, 500]);
		expect(pacer.rateOf('k', 4)).toBe(4);
	});

	it('with the fixed policy paces at the ceiling and ignores answers', async () => {
		const { time, pacer, sent, send } = setup();
		pacer.setPolicy({ adaptive: false });
		const ticket = await send('a', 'k', { ceiling: 10 });
		pacer.report('k', 'throttled', ticket);
		void send('b', 'k', { ceiling: 10 });
		await time.runUntil(1000);
		expect(sent.map((entry) => entry.at)).toEqual([0, 100]);
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
