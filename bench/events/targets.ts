// The events benchmark's targets, judged on plain data. Throughput is judged against n8n's own Webhook
// node in the same run and phase (the natural ceiling for a trigger in n8n on this machine), so the
// verdict says something about the package whatever the machine; DingTalk's reply deadline is absolute.
import type { Delivery, Phase, PhaseFigures, ReplyFigures } from './figures';

export const TARGETS = {
	/** events/s of a trigger ÷ events/s of n8n's Webhook node, same phase, same run. */
	throughputRatio: 1.0,
	/**
	 * The morning is offered at 50/s, below what either node takes here (burst: 65 to 90/s), so both run at
	 * the offered rate and events/s (3,000 ÷ (60 s + the last event's push → end)) compares only how far
	 * behind each is when the pushes stop. Keeping up there is ending within 2 % of the Webhook node's time
	 * (1.2 s of 60): a trigger that falls behind for good ends seconds later (0.94× once, 4 to 10 s behind).
	 */
	keepUpRatio: 0.98,
	/** DingTalk counts an HTTP callback answered later than this as failed and pushes it again. */
	replyDeadlineMs: 1500,
} as const;

export interface PhaseResult extends PhaseFigures {
	delivery: Delivery;
	phase: Phase;
	/** HTTP and the Webhook node: events no attempt delivered (not 200, not the encrypted success, or late). */
	notAccepted?: number;
	/** HTTP and the Webhook node: every attempt's reply time. */
	reply?: ReplyFigures;
	/** CPU the n8n process spent per event, from the first push to the last execution's end (polling included). */
	cpuMsPerEvent?: number;
	/** Stream: events the gateway sent again for want of an ACK. */
	redeliveries?: number;
}

export interface Verdict {
	/** events/s ÷ the Webhook node's in the same phase; undefined for the baseline itself or without one. */
	ratio?: number;
	/** Why the row fails; empty when it passes. */
	failures: string[];
}

/** What fails a row whatever its speed: lost, repeated, failed or never-accepted events, and late HTTP replies. */
export function countedFailures(result: PhaseResult): string[] {
	const failures: string[] = [];
	if (result.lost > 0) failures.push(`${result.lost} lost`);
	if (result.duplicates > 0) failures.push(`${result.duplicates} run twice`);
	if (result.failed > 0) failures.push(`${result.failed} failed executions`);
	if ((result.notAccepted ?? 0) > 0) failures.push(`${result.notAccepted} never accepted`);
	// DingTalk's deadline binds every push; the Webhook node's replies are reported beside them, not judged.
	if (result.delivery === 'http' && (result.reply?.late ?? 0) > 0) {
		failures.push(`${result.reply?.late} replies over ${TARGETS.replyDeadlineMs} ms`);
	}
	return failures;
}

/** events/s ÷ the baseline's, to two decimals; undefined without a baseline that ran anything. */
export function throughputRatio(result: PhaseResult, baseline: PhaseResult | undefined): number | undefined {
	if (baseline === undefined || baseline.eventsPerSecond === 0) return undefined;
	return Math.round((result.eventsPerSecond / baseline.eventsPerSecond) * 100) / 100;
}

/** The ratio a trigger must reach in a phase: the morning is offered below capacity (TARGETS.keepUpRatio). */
export function targetRatio(phase: Phase): number {
	return phase === 'morning' ? TARGETS.keepUpRatio : TARGETS.throughputRatio;
}

export const NO_BASELINE = 'no Webhook node baseline in this run';

/** Judges one trigger's phase against the Webhook node's phase of the same run. */
export function judge(result: PhaseResult, baseline: PhaseResult | undefined): Verdict {
	const failures = countedFailures(result);
	if (result.delivery === 'webhook') return { failures };
	const ratio = throughputRatio(result, baseline);
	if (ratio === undefined) return { failures: [...failures, NO_BASELINE] };
	if (ratio < targetRatio(result.phase)) failures.push(`${ratio.toFixed(2)}× the Webhook node's events/s`);
	return { ratio, failures };
}
