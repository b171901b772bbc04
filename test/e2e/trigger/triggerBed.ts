// A real n8n (`n8n start`) with an active trigger workflow, and the emulator in this process, for the
// trigger end-to-end tests. Built from runtime.mjs's parts rather than startE2e, because these tests
// need what startE2e does not offer: the Stream gateway's timings and n8n's every log line.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS, startEmulator, type EmulatorConfig, type RunningEmulator, type StreamOptions } from '../../../emulator';
import {
	CREDENTIAL_TYPE,
	importCredentials,
	importWorkflows,
	linkPackage,
	makeTempDir,
	prepareUserFolder,
	startN8n,
	type N8nHandle,
	type N8nInstance,
} from '../../../scripts/n8n/runtime.mjs';
import type { Workflow, WorkflowNode } from '../lib/n8n';
import { allExecutions, unflattenExecutionData, type ExecutionPage } from '../../../scripts/n8n/executionPages.mjs';
import { ownerClient, waitUntil, type RestClient } from '../rest/client';

export const TRIGGER_CREDENTIAL = { id: 'e2eTriggerCred01', name: 'DingTalk Connect (e2e, trigger)' };

export interface TriggerBed {
	emulator: RunningEmulator;
	instance: N8nInstance;
	n8n: N8nHandle;
	client: RestClient;
	/** Every line n8n printed (stdout and stderr), at log level debug. */
	lines: string[];
	stop(): Promise<void>;
}

export interface TriggerBedOptions {
	/** Whose credential the trigger uses: the enterprise app (default) or the third-party app. */
	app?: 'corp' | 'suite';
	emulatorConfig?: Partial<EmulatorConfig>;
	/** More workflows to import beside the trigger's (not activated). */
	more?: Array<Workflow & { id: string }>;
}

/** The app's credential with its event settings (token, AES key), as a user fills it in. */
function triggerCredential(emulator: RunningEmulator, app: 'corp' | 'suite') {
	const events = DEMO_EVENT_SETTINGS[app];
	return {
		...TRIGGER_CREDENTIAL,
		type: CREDENTIAL_TYPE,
		data: {
			...(app === 'corp' ? { appType: 'internal', ...DEMO_CREDENTIALS.corp } : { appType: 'thirdParty', ...DEMO_CREDENTIALS.suite }),
			baseUrl: emulator.url,
			eventToken: events.token,
			eventAesSecretKey: events.aesKey,
			eventOwnerKey: 'appKey',
		},
	};
}

/** Imports the workflow, starts n8n, sets up the owner and activates the workflow. */
export async function startTriggerBed(
	workflow: Workflow & { id: string },
	stream: StreamOptions = {},
	options: TriggerBedOptions = {},
): Promise<TriggerBed> {
	const dir = makeTempDir('dingtalk-trigger-e2e-');
	const emulator = await startEmulator({ port: 0, config: { qpsLimit: 0, ...options.emulatorConfig }, stream });
	let n8n: N8nHandle | undefined;
	const stop = async () => {
		await n8n?.stop();
		await emulator.stop();
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		const instance: N8nInstance = { userFolder: prepareUserFolder(path.join(dir, 'user')), extensionsDir: linkPackage(dir) };
		await importCredentials(instance, [triggerCredential(emulator, options.app ?? 'corp')]);
		const imported = [workflow, ...(options.more ?? [])].map((one) => ({ active: false, settings: { executionOrder: 'v1' }, pinData: {}, ...one }));
		await importWorkflows(instance, imported);
		const lines: string[] = [];
		n8n = await startN8n(instance, { env: { N8N_LOG_LEVEL: 'debug' }, log: (line: string) => lines.push(line) });
		const client = await ownerClient(n8n.url);
		const stored = await client.call<{ versionId: string }>('GET', `/workflows/${workflow.id}`);
		await client.call('POST', `/workflows/${workflow.id}/activate`, { versionId: stored.versionId });
		// The pinned n8n 2.x adds the triggers after answering, from its publication outbox.
		const published = (line: string) => line.includes('Finished processing workflow publication outbox record') && line.includes(workflow.id);
		if (!(await waitUntil(() => lines.some(published), 30_000, 100))) throw new Error('n8n did not finish activating the workflow');
		const failed = lines.filter((line) => line.includes(workflow.id) && /\| error \|/.test(line));
		if (failed.length > 0) throw new Error(`n8n could not activate the workflow:\n${failed.join('\n')}`);
		return { emulator, instance, n8n, client, lines, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** The trigger node; version 1 by default, the form workflows saved before Event Types became a list. */
export function triggerNode(
	type: 'dingTalkConnectTrigger' | 'dingTalkConnectStreamTrigger',
	parameters: Record<string, unknown>,
	webhookId?: string,
	typeVersion = 1,
): WorkflowNode {
	return {
		id: '00000000-0000-4000-8000-300000000001',
		name: 'DingTalk Trigger',
		type: `CUSTOM.${type}`,
		typeVersion,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { ...TRIGGER_CREDENTIAL } },
		...(webhookId === undefined ? {} : { webhookId }),
	};
}

/** A workflow: the trigger, then each node in turn. */
export function chain(name: string, id: string, nodes: WorkflowNode[]): Workflow & { id: string } {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, nodes, connections };
}

interface ExecutionRow {
	id: string;
	status: string;
}

const DONE = ['success', 'error', 'crashed', 'canceled'];

/** Every finished execution of the workflow, newest first. */
export async function finishedExecutions(client: RestClient, workflowId: string): Promise<ExecutionRow[]> {
	return await allExecutions((route) => client.call<ExecutionPage<ExecutionRow>>('GET', route), { workflowId, status: DONE });
}

/** Waits until `count` executions have finished, then a little longer to see that no more come. */
export async function settledExecutions(client: RestClient, workflowId: string, count: number, timeoutMs: number): Promise<ExecutionRow[]> {
	await waitUntil(async () => (await finishedExecutions(client, workflowId)).length >= count, timeoutMs, 500);
	await new Promise((resolve) => setTimeout(resolve, 2000));
	return await finishedExecutions(client, workflowId);
}

/** The ids matching `pattern` in each execution's stored data, fetched `parallel` at a time. */
export async function idsPerExecution(client: RestClient, executions: ExecutionRow[], pattern: RegExp, parallel = 8): Promise<string[][]> {
	const found: string[][] = new Array(executions.length);
	let next = 0;
	const worker = async () => {
		while (next < executions.length) {
			const index = next++;
			const execution = await client.call<{ data: string }>('GET', `/executions/${executions[index].id}`);
			found[index] = [...new Set(String(execution.data).match(new RegExp(pattern.source, 'g')) ?? [])];
		}
	};
	await Promise.all(Array.from({ length: parallel }, worker));
	return found;
}

/** The item the trigger put out in one execution, as n8n stored it. */
export async function triggerItem(client: RestClient, executionId: string): Promise<Record<string, unknown>> {
	const execution = await client.call<{ data: string }>('GET', `/executions/${executionId}`);
	const data = unflattenExecutionData(String(execution.data)) as {
		resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> };
	};
	return data.resultData.runData['DingTalk Trigger'][0].data.main[0][0].json;
}

/** Every secret the run knows: app and suite secrets, tickets, the event tokens and AES keys, and issued access tokens. */
export function secretsOf(emulator: RunningEmulator): string[] {
	const tokens = emulator
		.log()
		.map((entry) => (entry as { token?: unknown }).token)
		.filter((token): token is string => typeof token === 'string' && token.length > 8);
	return [
		DEMO_CREDENTIALS.corp.appSecret,
		DEMO_CREDENTIALS.suite.suiteSecret,
		DEMO_CREDENTIALS.suite.suiteTicket,
		...Object.values(DEMO_EVENT_SETTINGS).flatMap((settings) => [settings.token, settings.aesKey]),
		...new Set(tokens),
	];
}

/** The lines holding any of `needles`, with the needle replaced, so a failure does not print it. */
export function linesWith(lines: string[], needles: string[]): string[] {
	return lines.flatMap((line) => needles.filter((needle) => line.includes(needle)).map((needle) => line.split(needle).join('<redacted>').slice(0, 200)));
}

/** With TRIGGER_E2E_LOG=<file>, n8n's lines are kept there for a look after the run. */
export function keepLog(bed: TriggerBed | undefined): void {
	const file = process.env.TRIGGER_E2E_LOG;
	if (file && bed) writeFileSync(file, bed.lines.join('\n'));
}
