// A phase run in rounds: each round runs every delivery once, one after the other, in an order that
// turns by one each round, so no delivery always meets a machine warmed (or loaded) by the others.
// A trigger is compared with the Webhook node of its own round, and the verdict takes the median of
// those ratios: load that comes and goes on a shared machine moves both sides of a round alike.
import { percentile } from './figures';
import { countedFailures, NO_BASELINE, TARGETS, throughputRatio, type PhaseResult, type Verdict } from './targets';

/** The deliveries in the order round `round` (0-based) runs them. */
export function roundOrder<T>(deliveries: readonly T[], round: number): T[] {
	const turn = round % Math.max(1, deliveries.length);
	return [...deliveries.slice(turn), ...deliveries.slice(0, turn)];
}

const median = (values: readonly number[]) => percentile(values, 0.5);
const sum = (values: ReadonlyArray<number | undefined>) => values.reduce<number>((total, value) => total + (value ?? 0), 0);

/** One row for the rounds of one delivery and phase: counts summed, rates and percentiles the median round's, the worst reply kept. */
export function combineRounds(rounds: readonly PhaseResult[]): PhaseResult {
	if (rounds.length === 0) throw new Error('combineRounds needs at least one round');
	if (rounds.length === 1) return rounds[0];
	const [first] = rounds;
	const cpu = rounds.map((round) => round.cpuMsPerEvent).filter((value): value is number => value !== undefined);
	const replies = rounds.map((round) => round.reply).filter((reply) => reply !== undefined);
	return {
		delivery: first.delivery,
		phase: first.phase,
		events: sum(rounds.map((round) => round.events)),
		executions: sum(rounds.map((round) => round.executions)),
		lost: sum(rounds.map((round) => round.lost)),
		duplicates: sum(rounds.map((round) => round.duplicates)),
		failed: sum(rounds.map((round) => round.failed)),
		eventsPerSecond: median(rounds.map((round) => round.eventsPerSecond)),
		latencyMs: {
			p50: median(rounds.map((round) => round.latencyMs.p50)),
			p99: median(rounds.map((round) => round.latencyMs.p99)),
			max: Math.max(...rounds.map((round) => round.latencyMs.max)),
		},
		startLatencyMs: {
			p50: median(rounds.map((round) => round.startLatencyMs.p50)),
			p99: median(rounds.map((round) => round.startLatencyMs.p99)),
		},
		durationMs: sum(rounds.map((round) => round.durationMs)),
		...(cpu.length > 0 ? { cpuMsPerEvent: median(cpu) } : {}),
		...(first.notAccepted === undefined ? {} : { notAccepted: sum(rounds.map((round) => round.notAccepted)) }),
		...(replies.length > 0
			? {
					reply: {
						replies: sum(replies.map((reply) => reply.replies)),
						p50: median(replies.map((reply) => reply.p50)),
						p99: median(replies.map((reply) => reply.p99)),
						max: Math.max(...replies.map((reply) => reply.max)),
						late: sum(replies.map((reply) => reply.late)),
					},
				}
			: {}),
		...(first.redeliveries === undefined ? {} : { redeliveries: sum(rounds.map((round) => round.redeliveries)) }),
	};
}

export interface RoundsVerdict extends Verdict {
	/** Each round's events/s ÷ the Webhook node's of the same round, in round order. */
	roundRatios?: number[];
}

/**
 * Judges one delivery's rounds against the Webhook node's rounds of the same phase (paired by round):
 * every count over all rounds, throughput as the median of the rounds' ratios.
 */
export function judgeRounds(rounds: readonly PhaseResult[], baselines: readonly PhaseResult[]): RoundsVerdict {
	const failures = countedFailures(combineRounds(rounds));
	if (rounds[0].delivery === 'webhook') return { failures };
	const paired = rounds.map((round, index) => throughputRatio(round, baselines[index]));
	if (paired.some((ratio) => ratio === undefined)) return { failures: [...failures, NO_BASELINE] };
	const roundRatios = paired as number[];
	const ratio = median(roundRatios);
	if (ratio < TARGETS.throughputRatio) {
		const rounded = roundRatios.length > 1 ? ` (median of ${roundRatios.length} rounds)` : '';
		failures.push(`${ratio.toFixed(2)}× the Webhook node's events/s${rounded}`);
	}
	return { ratio, roundRatios, failures };
}
