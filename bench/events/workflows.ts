// The events benchmark's workflows: one per delivery, phase and round, each a trigger and a No Operation
// node, so that a run's executions are its own; and the URL each HTTP delivery pushes to.
import { CREDENTIAL_TYPE } from '../../scripts/n8n/runtime.mjs';
import type { Workflow } from '../../test/e2e/lib/n8n';
import type { Delivery, Phase } from './figures';

/** One measured run: a delivery in a phase, in a round of that phase (0 for a phase run once). */
export interface BenchRun {
	delivery: Delivery;
	phase: Phase;
	round: number;
}

const suffix = ({ phase, round }: BenchRun) => (round === 0 ? phase : `${phase}-${round}`);

export function workflowIdOf(run: BenchRun): string {
	return `benchEv${run.delivery}${suffix(run).replace('-', '')}`;
}

/** Where an HTTP delivery's run pushes, on n8n's production webhook URL. */
export function webhookUrlOf(n8nUrl: string, run: BenchRun): string {
	return run.delivery === 'http' ? `${n8nUrl}/webhook/bench-events-${suffix(run)}/webhook` : `${n8nUrl}/webhook/bench-baseline-${suffix(run)}`;
}

/** The HTTP trigger's Repeat Check (Options), when not its default. */
export type RepeatCheck = 'process' | 'workflow';

export function workflowFor(run: BenchRun, credential: { id: string; name: string }, repeatCheck?: RepeatCheck): Workflow {
	const path = suffix(run);
	const triggers: Record<Delivery, { type: string; parameters: Record<string, unknown>; typeVersion?: number; webhookId?: string }> = {
		stream: { type: 'CUSTOM.dingTalkConnectStreamTrigger', parameters: { eventTypes: '', robotMessages: false } },
		http: {
			type: 'CUSTOM.dingTalkConnectTrigger',
			typeVersion: 1.1,
			parameters: { eventTypes: '', ...(repeatCheck === undefined ? {} : { options: { repeatCheck } }) },
			webhookId: `bench-events-${path}`,
		},
		webhook: {
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			parameters: { httpMethod: 'POST', path: `bench-baseline-${path}`, responseMode: 'onReceived', options: {} },
			webhookId: `bench-baseline-${path}`,
		},
	};
	const trigger = triggers[run.delivery];
	return {
		id: workflowIdOf(run),
		name: `Bench events: ${run.delivery} ${path}`,
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-000000000001',
				name: 'Trigger',
				typeVersion: 1,
				position: [0, 0],
				...(run.delivery === 'webhook' ? {} : { credentials: { [CREDENTIAL_TYPE]: credential } }),
				...trigger,
			},
			{ id: 'b0000000-0000-4000-8000-000000000009', name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { Trigger: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
	};
}
