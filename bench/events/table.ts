// The events benchmark's table: one row per delivery and phase, the Webhook node's rows as the baseline.
import type { Delivery, Phase } from './figures';
import type { RoundsVerdict } from './rounds';
import { TARGETS, type PhaseResult } from './targets';

const DELIVERY_NAMES: Record<Delivery, string> = { stream: 'Stream', http: 'HTTP Callback', webhook: "n8n's Webhook node" };

interface TableSettings {
	events: number;
	pacedRate: number;
	httpConcurrency: number;
	morningEvents: number;
	morningSeconds: number;
	rounds: number;
}

function phaseName(phase: Phase, settings: TableSettings): string {
	if (phase === 'burst') return `burst of ${settings.events}`;
	if (phase === 'paced') return `paced ${settings.pacedRate}/s`;
	if (phase === 'warmup') return 'warm-up';
	return `morning ${settings.morningEvents} in ${settings.morningSeconds} s`;
}

/** The ratio, and each round's when there were several: `1.03× (0.98, 1.03, 1.10)`. */
export function ratioCell(verdict: RoundsVerdict): string {
	if (verdict.ratio === undefined) return '';
	const rounds = verdict.roundRatios !== undefined && verdict.roundRatios.length > 1 ? ` (${verdict.roundRatios.map((ratio) => ratio.toFixed(2)).join(', ')})` : '';
	return `${verdict.ratio.toFixed(2)}×${rounds}`;
}

export function printTable(results: PhaseResult[], verdicts: RoundsVerdict[], settings: TableSettings): void {
	const header = ['delivery', 'phase', 'events', 'lost', 'events/s', '× Webhook', 'end p50/p99 ms', 'reply p50/p99/max ms', `over ${TARGETS.replyDeadlineMs} ms`, 'n8n CPU ms/event', 'result'];
	const rows = results.map((result, i) => {
		const verdict = verdicts[i];
		const reply = result.reply;
		return [
			DELIVERY_NAMES[result.delivery],
			phaseName(result.phase, settings),
			String(result.events),
			String(result.lost),
			result.eventsPerSecond.toFixed(1),
			ratioCell(verdict),
			`${result.latencyMs.p50} / ${result.latencyMs.p99}`,
			reply ? `${reply.p50} / ${reply.p99} / ${reply.max}` : '',
			reply ? String(reply.late) : '',
			result.cpuMsPerEvent === undefined ? '' : result.cpuMsPerEvent.toFixed(2),
			verdict.failures.length > 0 ? `FAIL: ${verdict.failures.join(', ')}` : result.delivery === 'webhook' ? 'baseline' : 'PASS',
		];
	});
	const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
	console.log('');
	console.log(line(header));
	console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
	for (const row of rows) console.log(line(row));
	console.log('');
	console.log(
		`Targets: each trigger ≥ ${TARGETS.throughputRatio.toFixed(1)}× the events/s of n8n's Webhook node in the same phase of this run ` +
			`(burst and paced: the median of ${settings.rounds} rounds' ratios, each against the Webhook node of its round; counts and latencies over all rounds); ` +
			`in the morning, offered below capacity, keeping up: ≥ ${TARGETS.keepUpRatio.toFixed(2)}× (ending within 2 % of the Webhook node's time); ` +
			`no HTTP Callback reply over ${TARGETS.replyDeadlineMs} ms (HTTP pushes ${settings.httpConcurrency} at a time in a burst); ` +
			'every phase 0 lost, 0 run twice, 0 failed executions, every HTTP push accepted.',
	);
}
