// The editor's REST calls against a running `n8n start`, as a logged-in owner: enough to run, stop,
// and edit what a user would through the editor.
import { restClient, type RestClient } from '../../../scripts/n8n/restClient.mjs';
import { generatePassword, login, setupOwner } from '../../../scripts/n8n/runtime.mjs';

export type { RestClient };

/** Sets up the owner of a fresh n8n and logs in. */
export async function ownerClient(url: string): Promise<RestClient> {
	const owner = { email: 'owner@example.com', password: generatePassword() };
	await setupOwner(url, owner);
	const { cookie } = await login(url, owner);
	if (!cookie) throw new Error('n8n gave no session cookie');
	return restClient(url, cookie);
}

export interface ExecutionSummary {
	id: string;
	status: string;
	finished?: boolean;
	stoppedAt?: string | null;
}

/** Starts a saved workflow from its Manual Trigger, as the editor's "Execute workflow" does. */
export async function runManually(client: RestClient, workflowId: string, trigger = 'Manual Trigger'): Promise<string> {
	const started = await client.call<{ executionId?: string }>('POST', `/workflows/${workflowId}/run`, {
		triggerToStartFrom: { name: trigger },
	});
	if (!started?.executionId) throw new Error(`n8n started no execution: ${JSON.stringify(started)}`);
	return started.executionId;
}

export async function getExecution(client: RestClient, id: string): Promise<ExecutionSummary> {
	return await client.call<ExecutionSummary>('GET', `/executions/${id}`);
}

/** Polls until `check` holds or `timeoutMs` passes; returns whether it held. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return true;
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, stepMs));
	}
}

/** Runs a saved workflow from its Manual Trigger and waits (up to a minute) for the execution's final status. */
export async function runToEnd(client: RestClient, workflowId: string): Promise<string> {
	const executionId = await runManually(client, workflowId);
	let status = 'new';
	const ended = await waitUntil(
		async () => {
			status = (await getExecution(client, executionId)).status;
			return status !== 'running' && status !== 'new';
		},
		60_000,
		200,
	);
	if (!ended) throw new Error(`execution ${executionId} still ${status} after a minute`);
	return status;
}
