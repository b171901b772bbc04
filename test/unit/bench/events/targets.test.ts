import { judge, type PhaseResult } from '../../../../bench/events/targets';
import { figures } from './phaseFixtures';

const reply = (late: number) => ({ replies: 100, p50: 5, p99: 40, max: late > 0 ? 1600 : 90, late });
const baseline = (eventsPerSecond: number, phase: PhaseResult['phase'] = 'burst'): PhaseResult => ({
	delivery: 'webhook',
	phase,
	...figures(eventsPerSecond),
	notAccepted: 0,
	reply: reply(3),
});

describe('events benchmark targets', () => {
	it('passes a trigger as fast as the Webhook node, with every reply in time and nothing lost', () => {
		const http: PhaseResult = { delivery: 'http', phase: 'burst', ...figures(80), notAccepted: 0, reply: reply(0) };
		expect(judge(http, baseline(80))).toEqual({ ratio: 1, failures: [] });
		const stream: PhaseResult = { delivery: 'stream', phase: 'paced', ...figures(99.6), redeliveries: 0 };
		expect(judge(stream, baseline(90, 'paced'))).toEqual({ ratio: 1.11, failures: [] });
	});

	it('fails a trigger slower than the Webhook node of the same run, saying by how much', () => {
		const stream: PhaseResult = { delivery: 'stream', phase: 'burst', ...figures(50.5) };
		expect(judge(stream, baseline(68.1))).toEqual({ ratio: 0.74, failures: ['0.74× the Webhook node\'s events/s'] });
	});

	it('judges the morning, offered below capacity, by keeping up: within 2 % of the Webhook node, not one event later', () => {
		const keptUp: PhaseResult = { delivery: 'http', phase: 'morning', ...figures(49.5), notAccepted: 0, reply: reply(0) };
		expect(judge(keptUp, baseline(50, 'morning'))).toEqual({ ratio: 0.99, failures: [] });
		const behind: PhaseResult = { delivery: 'http', phase: 'morning', ...figures(47.1), notAccepted: 0, reply: reply(0) };
		expect(judge(behind, baseline(50, 'morning'))).toEqual({ ratio: 0.94, failures: ["0.94× the Webhook node's events/s"] });
		// A phase pushed beyond capacity keeps the full 1.0×.
		expect(judge({ ...keptUp, phase: 'paced' }, baseline(50, 'paced')).failures).toEqual(["0.99× the Webhook node's events/s"]);
	});

	it('fails an HTTP phase with a reply past DingTalk\'s 1,500 ms, in any phase, but only reports the Webhook node\'s', () => {
		const http: PhaseResult = { delivery: 'http', phase: 'morning', ...figures(50), notAccepted: 0, reply: reply(2) };
		expect(judge(http, baseline(50, 'morning')).failures).toEqual(['2 replies over 1500 ms']);
		expect(judge(baseline(50), undefined)).toEqual({ failures: [] });
	});

	it('fails lost, repeated, failed and never-accepted events, and a trigger with no baseline to compare with', () => {
		const http: PhaseResult = {
			delivery: 'http',
			phase: 'burst',
			...figures(100, { lost: 1, duplicates: 2, failed: 3 }),
			notAccepted: 4,
			reply: reply(0),
		};
		expect(judge(http, undefined).failures).toEqual([
			'1 lost',
			'2 run twice',
			'3 failed executions',
			'4 never accepted',
			'no Webhook node baseline in this run',
		]);
		expect(judge(baseline(0), undefined).failures).toEqual([]);
		expect(judge({ ...http, ...figures(10) }, baseline(0)).failures).toContain('no Webhook node baseline in this run');
	});
});
