// The real node and credential run by the n8n-core harness (as test/integration/node/testbed.ts
// wires them), pointed at the emulator process.
import type { INodeExecutionData, INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import { DingTalkConnectApi } from '../credentials/DingTalkConnectApi.credentials';
import { DEMO_CREDENTIALS, SEED } from '../emulator';
import { DingTalkConnect } from '../nodes/DingTalkConnect/DingTalkConnect.node';
import { parseSchema } from '../nodes/DingTalkConnect/helpers/jsonSchema';
import { schemaToFields } from '../nodes/DingTalkConnect/helpers/schemaToFields';
import { N8nHarness, type MethodOptions, type RunNodeResult } from '../test/harness';
import { resetProcessMemory } from '../test/harness/processMemory';

export const CREDENTIAL_ID = 'bench-corp';
const credentials = { dingTalkConnectApi: CREDENTIAL_ID };

/** A resource locator's value as the editor saves it. */
const locator = (mode: 'id' | 'uri', value: string): INodeParameterResourceLocator => ({ __rl: true, mode, value });

/** The editor asking the node's `method` for what to show, with these parameters set. */
const lookUp = (method: string, parameters: INodeParameters = {}): MethodOptions => ({ nodeType: 'dingTalkConnect', method, parameters, credentials });

export class NodeRunner {
	readonly harness = new N8nHarness({
		nodeTypes: { dingTalkConnect: new DingTalkConnect() },
		credentialTypes: { dingTalkConnectApi: new DingTalkConnectApi() },
	});

	constructor(private readonly baseUrl: string) {}

	/**
	 * What a freshly started n8n has: nothing in process memory (no cached list, schema or instance, no
	 * token refresh, no pacing state, the default policies) and no stored token.
	 */
	makeCold(): void {
		resetProcessMemory();
		this.harness.setCredential(CREDENTIAL_ID, 'dingTalkConnectApi', {
			appType: 'internal',
			...DEMO_CREDENTIALS.corp,
			baseUrl: this.baseUrl,
			accessToken: '',
		});
	}

	async run(parameters: INodeParameters, items: INodeExecutionData[], workflowId: string): Promise<RunNodeResult> {
		const result = await this.harness.runNode({
			nodeType: 'dingTalkConnect',
			parameters,
			credentials,
			items,
			// Failed items become error items, so lost items can be counted instead of failing the run.
			continueOnFail: true,
			workflow: { id: workflowId, name: 'Bench workflow' },
		});
		// The node writes debug lines per retry; a 1,000-item run must not keep them all.
		this.harness.clearLogs();
		return result;
	}

	async searchConnectors(): Promise<number> {
		const { results } = await this.harness.listSearch(lookUp('searchConnectors'));
		return results.length;
	}

	async searchActions(connectorId: string): Promise<number> {
		const { results } = await this.harness.listSearch(lookUp('searchActions', { connector: locator('id', connectorId) }));
		return results.length;
	}

	async actionInputFields(connectAssetUri: string): Promise<number> {
		const { fields } = await this.harness.resourceMapping(lookUp('getActionInputFields', { action: locator('uri', connectAssetUri) }));
		return fields.length;
	}
}

/** Action → Invoke in Fields mode, each field an expression over the item, as a user would map it. */
export function invokeParameters(connectAssetUri: string, value: Record<string, unknown>, requestsPerSecond?: number): INodeParameters {
	const action = SEED.actions.find((candidate) => candidate.connectAssetUri === connectAssetUri);
	if (!action) throw new Error(`no seeded action ${connectAssetUri}`);
	return {
		resource: 'action',
		operation: 'invoke',
		action: locator('uri', connectAssetUri),
		inputMode: 'fields',
		parameters: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: schemaToFields(parseSchema(action.inputSchema)) },
		options: requestsPerSecond === undefined ? {} : { requestsPerSecond },
	} as unknown as INodeParameters;
}
