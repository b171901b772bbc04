// One "n8n process" of the pacing benchmark: the real node through the harness, with its own
// process-wide pacer, started by bench/pacing.ts with fork() and kept for several runs. For each
// task it starts cold and runs one warm-up item (token, action detail and instance, as a worker that
// has run the workflow before), waits for "go" so that every process starts sending together, runs
// its items, and sends back what each item got.
import { usePacingPolicy } from '../test/harness/processMemory';
import { TODO_URI, todoInputs } from './measure';
import { NodeRunner, invokeParameters } from './nodeRunner';

export interface WorkerTask {
	baseUrl: string;
	label: string;
	items: number;
	workflowId: string;
	/** Today's pacing: a fixed rate (the option Requests per Second), not adapted. */
	fixedRate?: number;
}

export interface WorkerOutcome {
	inputs: Array<{ subject: string }>;
	outputs: Array<{ item: number; json: Record<string, unknown> }>;
	error?: string;
}

type Message = { kind: 'task'; task: WorkerTask } | { kind: 'go' } | { kind: 'exit' };

let task: WorkerTask | undefined;
let runner: NodeRunner | undefined;

async function run(current: WorkerTask, nodeRunner: NodeRunner, label = current.label, count = current.items): Promise<WorkerOutcome> {
	const inputs = todoInputs(label, count);
	const parameters = invokeParameters(TODO_URI, { subject: '={{ $json.subject }}', creatorId: '={{ $json.creatorId }}' }, current.fixedRate);
	const result = await nodeRunner.run(parameters, inputs.map((json) => ({ json })), current.workflowId);
	const outputs = (result.output?.[0] ?? []).map((entry) => ({
		item: typeof entry.pairedItem === 'object' && !Array.isArray(entry.pairedItem) ? entry.pairedItem.item : -1,
		json: { id: entry.json.id, subject: entry.json.subject, error: entry.json.error } as Record<string, unknown>,
	}));
	return { inputs, outputs, ...(result.error ? { error: result.error.message } : {}) };
}

process.on('message', (message: Message) => {
	if (message.kind === 'exit') process.exit(0);
	if (message.kind === 'task') {
		task = message.task;
		runner = new NodeRunner(task.baseUrl);
		runner.makeCold();
		if (task.fixedRate !== undefined) usePacingPolicy({ adaptive: false });
		const ready = () => process.send?.({ kind: 'ready' });
		run(task, runner, `${task.label}-warm-up`, 1).then(ready, ready);
		return;
	}
	if (!task || !runner) return;
	run(task, runner).then(
		(outcome) => process.send?.({ kind: 'done', outcome }),
		(error: Error) => process.send?.({ kind: 'done', outcome: { inputs: [], outputs: [], error: error.message } }),
	);
});
