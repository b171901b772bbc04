// An end-to-end environment: a real n8n (the pinned runtime, one CLI process per command) with the
// built package linked into a throwaway user folder, and the emulator running in this process on a
// free 127.0.0.1 port. Both credential modes are imported, so a workflow only has to name one.
//
//   const e2e = await startE2e();            // in beforeAll
//   const run = await e2e.runWorkflow(manualWorkflow('List', [dingTalkNode({ resource: 'connector', ... })]));
//   expect(nodeItems(run, 'DingTalk Connect')).toHaveLength(...);
//   await e2e.stop();                        // in afterAll
//
// Each n8n CLI command costs seconds (n8n boots every time): import many workflows at once with
// `importWorkflows` and run them with `execute`, rather than one `runWorkflow` per case.
//
// `startE2e({ runtime: '1.x' })` runs the newest n8n 1.x instead of the pinned 2.x, and
// `startE2e({ tarball: { file, way } })` installs a packed tarball as users do (./install.ts) instead
// of linking dist/; the node's type then is `e2e.nodeType` (pass it to dingTalkNode as `type`).
import { rmSync } from 'node:fs';
import path from 'node:path';

import { DEMO_CREDENTIALS, startEmulator, type EmulatorConfig, type RunningEmulator } from '../../../emulator';
import { installTarball, type InstallWay } from './install';
import {
	CREDENTIAL_TYPE,
	INSTALLED_NODE_TYPE,
	NODE_TYPE,
	executeWorkflow,
	importCredentials,
	importWorkflows,
	linkPackage,
	makeTempDir,
	parseExecuteOutput,
	prepareUserFolder,
	runN8n,
	startN8n,
	type N8nHandle,
	type N8nInstance,
	type N8nRun,
	type RuntimeKey,
} from '../../../scripts/n8n/runtime.mjs';

export { NODE_TYPE, INSTALLED_NODE_TYPE, CREDENTIAL_TYPE, type N8nRun };

/** The imported credentials (their secrets are the emulator's demo values). */
export const CREDENTIALS = {
	corp: { id: 'e2eCorpCredent01', name: 'DingTalk Connect (e2e, enterprise app)' },
	suite: { id: 'e2eSuiteCredent1', name: 'DingTalk Connect (e2e, third-party app)' },
} as const;
export type CredentialMode = keyof typeof CREDENTIALS;

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

export interface Workflow {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface E2eEnvironment {
	emulator: RunningEmulator;
	/** The throwaway folder (user folder, linked package); removed by stop(). */
	dir: string;
	instance: N8nInstance;
	/** The node's type in this n8n: `CUSTOM.dingTalkConnect` when linked, `<package>.dingTalkConnect` when installed. */
	nodeType: string;
	/** Where the tarball was installed (with `tarball`), e.g. `<userFolder>/.n8n/nodes/node_modules/<package>`. */
	installedDir?: string;
	/** Imports workflows (ids are assigned to those without one) and returns their ids. */
	importWorkflows(workflows: Workflow[]): Promise<string[]>;
	/** Runs an imported workflow with `n8n execute` and returns the run n8n printed. */
	execute(id: string): Promise<N8nRun>;
	/** Imports and runs one workflow. */
	runWorkflow(workflow: Workflow): Promise<N8nRun>;
	/** Starts `n8n start` on a free port over the same folder (for REST or browser tests); stopped by stop(). */
	startServer(): Promise<N8nHandle>;
	stop(): Promise<void>;
}

let workflowCounter = 0;

/** A workflow id n8n accepts (at most 21 characters), unique within the process. */
export function newWorkflowId(): string {
	workflowCounter += 1;
	return `e2e${process.pid.toString(36)}w${workflowCounter.toString().padStart(4, '0')}`.slice(0, 21);
}

export interface E2eOptions {
	emulatorConfig?: Partial<EmulatorConfig>;
	/** Which n8n runs it (default: the pinned 2.x). */
	runtime?: RuntimeKey;
	/** Install this packed tarball the given way instead of linking dist/. */
	tarball?: { file: string; way: InstallWay };
}

export async function startE2e(options: E2eOptions = {}): Promise<E2eEnvironment> {
	const dir = makeTempDir('dingtalk-e2e-');
	const emulator = await startEmulator({ port: 0, config: options.emulatorConfig });
	const servers: N8nHandle[] = [];
	try {
		const runtime = options.runtime ?? 'pinned';
		const userFolder = prepareUserFolder(path.join(dir, 'user'));
		const installedDir = options.tarball ? installTarball(userFolder, options.tarball.file, options.tarball.way) : undefined;
		const instance: N8nInstance = {
			userFolder,
			...(installedDir ? {} : { extensionsDir: linkPackage(dir, { runtime }) }),
			runtime,
		};
		await importCredentials(instance, [
			{
				...CREDENTIALS.corp,
				type: CREDENTIAL_TYPE,
				data: { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl: emulator.url },
			},
			{
				...CREDENTIALS.suite,
				type: CREDENTIAL_TYPE,
				data: { appType: 'thirdParty', ...DEMO_CREDENTIALS.suite, baseUrl: emulator.url },
			},
		]);

		const environment: E2eEnvironment = {
			emulator,
			dir,
			instance,
			nodeType: installedDir ? INSTALLED_NODE_TYPE : NODE_TYPE,
			installedDir,
			async importWorkflows(workflows) {
				const withIds = workflows.map((workflow) => ({
					active: false,
					settings: { executionOrder: 'v1' },
					pinData: {},
					...workflow,
					id: workflow.id ?? newWorkflowId(),
				}));
				await importWorkflows(instance, withIds);
				return withIds.map((workflow) => workflow.id);
			},
			async execute(id) {
				return await executeWorkflow(instance, id);
			},
			async runWorkflow(workflow) {
				const [id] = await environment.importWorkflows([workflow]);
				return await executeWorkflow(instance, id);
			},
			async startServer() {
				const server = await startN8n(instance);
				servers.push(server);
				return server;
			},
			async stop() {
				await Promise.allSettled(servers.map((server) => server.stop()));
				await emulator.stop();
				rmSync(dir, { recursive: true, force: true });
			},
		};
		return environment;
	} catch (error) {
		await emulator.stop();
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

let nodeCounter = 0;

/** A DingTalk Connect node with the given parameters, using the credential of `credential` mode. */
export function dingTalkNode(
	parameters: Record<string, unknown>,
	{ name = 'DingTalk Connect', credential = 'corp', type = NODE_TYPE }: { name?: string; credential?: CredentialMode; type?: string } = {},
): WorkflowNode {
	nodeCounter += 1;
	return {
		id: `00000000-0000-4000-8000-${nodeCounter.toString().padStart(12, '0')}`,
		name,
		type,
		typeVersion: 1,
		position: [200 * nodeCounter, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { ...CREDENTIALS[credential] } },
	};
}

export const MANUAL_TRIGGER = 'Manual Trigger';

/**
 * Manual Trigger → nodes[0] → nodes[1] → ... (n8n execute starts at the Manual Trigger), or with
 * `parallel`, the trigger feeding every node directly (each node then runs once, on one item).
 */
export function manualWorkflow(name: string, nodes: WorkflowNode[], { parallel = false }: { parallel?: boolean } = {}): Workflow {
	const trigger: WorkflowNode = {
		id: '00000000-0000-4000-8000-100000000000',
		name: MANUAL_TRIGGER,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const link = (to: WorkflowNode) => ({ node: to.name, type: 'main', index: 0 });
	const connections: Record<string, unknown> = {};
	if (parallel) {
		connections[trigger.name] = { main: [nodes.map(link)] };
	} else {
		const chain = [trigger, ...nodes];
		for (let i = 0; i < chain.length - 1; i++) connections[chain[i].name] = { main: [[link(chain[i + 1])]] };
	}
	return { name, nodes: [trigger, ...nodes], connections };
}

/** The JSON of the items a node put out on its first output, in its first (or given) run. */
export function nodeItems(run: N8nRun, nodeName: string, runIndex = 0): Array<Record<string, unknown>> {
	const task = run.data.resultData.runData[nodeName]?.[runIndex];
	if (!task) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`);
	return (task.data?.main?.[0] ?? []).map((item) => item.json);
}

/** The error a node stopped the workflow with, if any. */
export function nodeError(run: N8nRun, nodeName: string, runIndex = 0): { message: string; description?: string } | undefined {
	return run.data.resultData.runData[nodeName]?.[runIndex]?.error;
}

/** A run together with everything n8n printed while producing it. */
export interface N8nExecution {
	run: N8nRun;
	/** stdout and stderr of `n8n execute`, whole (for checks that nothing secret was printed). */
	output: string;
	code: number | null;
}

/** Like `E2eEnvironment.execute`, but also hands back n8n's whole output. */
export async function executeWithOutput(instance: N8nInstance, id: string): Promise<N8nExecution> {
	const result = await runN8n(instance, ['execute', `--id=${id}`, '--rawOutput']);
	const run = parseExecuteOutput(result.stdout) ?? parseExecuteOutput(result.stderr);
	if (!run) {
		const tail = (result.stdout + result.stderr).split('\n').slice(-40).join('\n');
		throw new Error(`n8n execute --id=${id} printed no run (exit ${result.code})\n${tail}`);
	}
	return { run, output: `${result.stdout}\n${result.stderr}`, code: result.code };
}
