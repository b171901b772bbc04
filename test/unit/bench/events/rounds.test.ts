import { combineRounds, judgeRounds, roundOrder } from '../../../../bench/events/rounds';
import type { PhaseResult } from '../../../../bench/events/targets';
import { figures } from './phaseFixtures';

const webhook = (eventsPerSecond: number): PhaseResult => ({ delivery: 'webhook', phase: 'paced', ...figures(eventsPerSecond), notAccepted: 0 });
const stream = (eventsPerSecond: number, extra: Partial<PhaseResult> = {}): PhaseResult => ({
	delivery: 'stream',
	phase: 'paced',
	...figures(eventsPerSecond),
	redeliveries: 0,
	...extra,
});

describe('events benchmark rounds', () => {
	it('turns the order by one each round, so each delivery goes first once in as many rounds', () => {
		const deliveries = ['webhook', 'http', 'stream'];
		expect([0, 1, 2, 3].map((round) => roundOrder(deliveries, round))).toEqual([
			['webhook', 'http', 'stream'],
			['http', 'stream', 'webhook'],
			['stream', 'webhook', 'http'],
			['webhook', 'http', 'stream'],
		]);
	});

	it('sums the counts of all rounds, keeps the worst reply and takes the median round for rates and percentiles', () => {
		const http = (eventsPerSecond: number, p99: number, late: number, lost: number): PhaseResult => ({
			delivery: 'http',
			phase: 'burst',
			...figures(eventsPerSecond, { lost, latencyMs: { p50: p99 / 2, p99, max: p99 + 5 } }),
			notAccepted: lost,
			reply: { replies: 100, p50: 10, p99, max: p99 + 1, late },
			cpuMsPerEvent: eventsPerSecond / 10,
		});
		const combined = combineRounds([http(80, 300, 0, 0), http(60, 900, 2, 1), http(70, 500, 0, 0)]);
		expect(combined).toMatchObject({
			events: 300,
			lost: 1,
			notAccepted: 1,
			eventsPerSecond: 70,
			latencyMs: { p50: 250, p99: 500, max: 905 },
			reply: { replies: 300, p50: 10, p99: 500, max: 901, late: 2 },
			cpuMsPerEvent: 7,
		});
		expect(combineRounds([stream(50)])).toEqual(stream(50));
	});

	it('judges a trigger by the median of its ratios to the Webhook node of the same round', () => {
		// Round 2 ran while something else loaded the machine: both sides of that round are slow alike.
		const verdict = judgeRounds([stream(83), stream(41), stream(79)], [webhook(80), webhook(40), webhook(80)]);
		expect(verdict).toEqual({ ratio: 1.02, roundRatios: [1.04, 1.02, 0.99], failures: [] });
	});

	it('fails a median below 1.0, saying over how many rounds, and any lost event in any round', () => {
		const slow = judgeRounds([stream(70), stream(77), stream(90)], [webhook(80), webhook(80), webhook(80)]);
		expect(slow.failures).toEqual(["0.96× the Webhook node's events/s (median of 3 rounds)"]);
		const lossy = judgeRounds([stream(90), stream(90, { lost: 2 })], [webhook(80), webhook(80)]);
		expect(lossy.failures).toEqual(['2 lost']);
	});

	it('reports the baseline without a ratio, and fails a trigger whose round has no baseline', () => {
		expect(judgeRounds([webhook(80), webhook(70)], [])).toEqual({ failures: [] });
		expect(judgeRounds([stream(80), stream(80)], [webhook(80)]).failures).toEqual(['no Webhook node baseline in this run']);
	});
});
