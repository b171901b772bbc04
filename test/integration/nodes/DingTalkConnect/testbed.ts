// The real node and credential, run by the n8n-core harness against the emulator over real HTTP.
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DingTalkConnectApi } from '../../../../credentials/DingTalkConnectApi.credentials';
import { DEMO_CREDENTIALS, SEED, startEmulator, type DialectName, type EmulatorConfig, type RunningEmulator } from '../../../../emulator';
import { DingTalkConnect } from '../../../../nodes/DingTalkConnect/DingTalkConnect.node';
import { parseSchema } from '../../../../nodes/DingTalkConnect/helpers/jsonSchema';
import { schemaToFields } from '../../../../nodes/DingTalkConnect/helpers/schemaToFields';
import { N8nHarness, type RunNodeResult } from '../../../harness';
import { resetProcessMemory } from '../../../harness/processMemory';

export type Mode = 'corp' | 'suite';
export const MODES: Mode[] = ['corp', 'suite'];

export interface Testbed {
	emulator: RunningEmulator;
	harness: N8nHarness;
	run(mode: Mode, parameters: INodeParameters, more?: RunOptions): Promise<RunNodeResult>;
	stop(): Promise<void>;
}

export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	workflowId?: string;
	/** Run the tool variant n8n generates for an AI Agent (its type ends in "Tool"), as the agent calls it. */
	asTool?: boolean;
}

export function credentialData(mode: Mode, baseUrl: string) {
	return mode === 'corp'
		? { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl, accessToken: '' }
		: { appType: 'thirdParty', ...DEMO_CREDENTIALS.suite, baseUrl, accessToken: '' };
}

/** The node's AI Agent tool variant as n8n generates it for `usableAsTool` (what "@tool" display options test). */
function toolVariant(): DingTalkConnect {
	const node = new DingTalkConnect();
	node.description = { ...node.description, name: `${node.description.name}Tool`, displayName: `${node.description.displayName} Tool` };
	return node;
}

/** A testbed against the emulator playing `dialect` (default: the environment's, else DingTalk's SDK answers). */
export async function startTestbed(options: { dialect?: DialectName } = {}): Promise<Testbed> {
	resetProcessMemory();
	const emulator = await startEmulator({ dialect: options.dialect, config: { qpsLimit: 0 } });
	const harness = new N8nHarness({
		nodeTypes: { dingTalkConnect: new DingTalkConnect(), dingTalkConnectTool: toolVariant() },
		credentialTypes: { dingTalkConnectApi: new DingTalkConnectApi() },
	});
	for (const mode of MODES) harness.setCredential(mode, 'dingTalkConnectApi', credentialData(mode, emulator.url));

	return {
		emulator,
		harness,
		run: async (mode, parameters, more = {}) =>
			await harness.runNode({
				nodeType: more.asTool ? 'dingTalkConnectTool' : 'dingTalkConnect',
				parameters,
				credentials: { dingTalkConnectApi: mode },
				items: more.items,
				continueOnFail: more.continueOnFail,
				workflow: { id: more.workflowId ?? 'wf-default', name: 'Test workflow' },
			}),
		stop: async () => await emulator.stop(),
	};
}

export interface TestbedHooks {
	dialect?: DialectName;
	/** Before each case: reset the emulator and configure it with `{ qpsLimit: 0, ...reset }`. */
	reset?: Partial<EmulatorConfig>;
	/** Before each case: zero the emulator's counters and log (without a reset). */
	resetCounters?: boolean;
}

/**
 * Registers one testbed for the enclosing file or describe block (started before all, stopped after all)
 * and returns it; its fields are there inside hooks and cases, after the start.
 */
export function useTestbed(hooks: TestbedHooks = {}): Testbed {
	let started: Testbed | undefined;
	const bed = (): Testbed => {
		if (!started) throw new Error('the testbed is there inside hooks and cases only');
		return started;
	};
	beforeAll(async () => {
		started = await startTestbed({ dialect: hooks.dialect });
	});
	afterAll(async () => await started?.stop());
	if (hooks.reset) {
		beforeEach(() => {
			bed().emulator.reset();
			bed().emulator.configure({ qpsLimit: 0, ...hooks.reset });
		});
	}
	if (hooks.resetCounters) beforeEach(() => bed().emulator.resetCounters());
	return {
		get emulator() {
			return bed().emulator;
		},
		get harness() {
			return bed().harness;
		},
		run: (...args) => bed().run(...args),
		stop: () => bed().stop(),
	};
}

export const byUri = (connectAssetUri: string) => ({ __rl: true, mode: 'uri', value: connectAssetUri });
export const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

/** The Fields the editor shows for an action, from the node's resource-mapping method, as `mode`'s credential. */
export async function actionInputFields(bed: Testbed, mode: Mode, connectAssetUri: string) {
	const { fields } = await bed.harness.resourceMapping({
		nodeType: 'dingTalkConnect',
		method: 'getActionInputFields',
		parameters: { action: byUri(connectAssetUri) },
		credentials: { dingTalkConnectApi: mode },
	});
	return fields;
}

/** The JSON of every output item, in order. */
export function outputJson(result: RunNodeResult) {
	if (result.error) throw result.error;
	return (result.output?.[0] ?? []).map((item) => item.json);
}

/** Parameters of Action → Invoke in Fields mode. */
export function invokeFields(
	connectAssetUri: string,
	value: Record<string, unknown>,
	options: INodeParameters = {},
	mappingMode: 'defineBelow' | 'autoMapInputData' = 'defineBelow',
) {
	// The editor stores the fields it showed next to the values; n8n converts the values against them.
	const action = SEED.actions.find((candidate) => candidate.connectAssetUri === connectAssetUri);
	const schema = action ? schemaToFields(parseSchema(action.inputSchema)) : [];
	return {
		resource: 'action',
		operation: 'invoke',
		action: byUri(connectAssetUri),
		inputMode: 'fields',
		parameters: { mappingMode, value, matchingColumns: [], schema },
		options,
	} as unknown as INodeParameters;
}

/** Parameters of Action → Invoke in JSON mode. */
export function invokeJson(connectAssetUri: string, inputJson: string, options: INodeParameters = {}) {
	return {
		resource: 'action',
		operation: 'invoke',
		action: byUri(connectAssetUri),
		inputMode: 'json',
		inputJson,
		options,
	} as INodeParameters;
}
