// What the events benchmark asks of a running n8n over its REST API, as the editor would: activate and
// deactivate a workflow, count its finished executions, and read each one's times and bench id.
import type { RestClient } from '../../test/e2e/rest/client';
import { allExecutions, type ExecutionPage } from '../../scripts/n8n/executionPages.mjs';
import { benchIdIn, type FinishedExecution } from './figures';

const FINISHED = ['success', 'error', 'crashed', 'canceled'];
const UNFINISHED = ['new', 'running', 'waiting'];

interface ListedExecution {
	id: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
}

/**
 * An overloaded n8n answers some REST calls 503 ("Database is not ready!") for a moment: try again,
 * a bounded number of times, before giving up.
 */
async function patiently<T>(call: () => Promise<T>, attempts = 30, pauseMs = 1000): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			if (attempt >= attempts) throw error;
			await new Promise((resolve) => setTimeout(resolve, pauseMs));
		}
	}
}

function filterQuery(workflowId: string, status = FINISHED): string {
	return encodeURIComponent(JSON.stringify({ workflowId, status }));
}

export async function activate(client: RestClient, workflowId: string): Promise<void> {
	const workflow = await client.call<{ versionId: string }>('GET', `/workflows/${workflowId}`);
	await client.call('POST', `/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
}

export async function deactivate(client: RestClient, workflowId: string): Promise<void> {
	await patiently(() => client.call('POST', `/workflows/${workflowId}/deactivate`, {}));
}

export async function executionCount(client: RestClient, workflowId: string, status = FINISHED): Promise<number> {
	const page = await patiently(() => client.call<{ count: number }>('GET', `/executions?filter=${filterQuery(workflowId, status)}&limit=1`));
	return page.count;
}

/**
 * Polls until `expected` executions finished, or none more finished for `quietMs` while none is
 * running (events that never arrived), or `timeoutMs` passed; resolves with the last count.
 */
export async function waitForFinished(
	client: RestClient,
	workflowId: string,
	expected: number,
	{ quietMs = 20_000, timeoutMs = 90_000, stepMs = 250 } = {},
): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let lastChange = Date.now();
	for (;;) {
		const count = await executionCount(client, workflowId);
		if (count >= expected || Date.now() > deadline) return count;
		if (count !== last) {
			last = count;
			lastChange = Date.now();
		}
		if (Date.now() - lastChange > quietMs && (await executionCount(client, workflowId, UNFINISHED)) === 0) return count;
		await new Promise((resolve) => setTimeout(resolve, stepMs));
	}
}

async function listAll(client: RestClient, workflowId: string): Promise<ListedExecution[]> {
	return await allExecutions(
		(route) => patiently(() => client.call<ExecutionPage<ListedExecution>>('GET', route)),
		{ workflowId, status: FINISHED },
	);
}

/** Every finished execution of the workflow, with the bench id its data carries (read `concurrency` at a time). */
export async function finishedExecutions(
	client: RestClient,
	workflowId: string,
	benchIdPattern: RegExp,
	concurrency = 4,
): Promise<FinishedExecution[]> {
	const listed = await listAll(client, workflowId);
	const result: FinishedExecution[] = [];
	let next = 0;
	const worker = async () => {
		while (next < listed.length) {
			const execution = listed[next++];
			const full = await patiently(() => client.call<{ data?: unknown }>('GET', `/executions/${execution.id}`));
			result.push({
				status: execution.status,
				startedAt: Date.parse(execution.startedAt),
				stoppedAt: execution.stoppedAt ? Date.parse(execution.stoppedAt) : Number.NaN,
				benchId: benchIdIn(full.data, benchIdPattern),
			});
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return result;
}
