import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { ExecuteContext, InstanceSettings, LoadOptionsContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteData,
	INode,
	INodeCredentials,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRunExecutionData,
	ITaskDataConnections,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	ResourceMapperFields,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	Expression,
	LoggerProxy,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials-helper';
import { CapturingLogger, type CapturedLog } from './logger';

export { HarnessCredentialsHelper } from './credentials-helper';
export type { GetDecryptedCall, StoredCredential } from './credentials-helper';
export { CapturingLogger } from './logger';
export type { CapturedLog } from './logger';

export interface HarnessOptions {
	nodeTypes: Record<string, INodeType>;
	credentialTypes: Record<string, ICredentialType>;
}

export interface RunNodeOptions {
	nodeType: string;
	parameters: INodeParameters;
	credentials?: Record<string, string>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	workflow?: { id?: string; name?: string; active?: boolean };
	nodeName?: string;
	nodeId?: string;
	mode?: 'manual' | 'trigger' | 'webhook' | 'internal';
	/** n8n's execution cancel signal: aborting it is pressing Stop. */
	signal?: AbortSignal;
}

export interface RunNodeResult {
	output: INodeExecutionData[][] | null;
	error?: Error;
}

export interface MethodOptions {
	nodeType: string;
	method: string;
	parameters: INodeParameters;
	credentials?: Record<string, string>;
}

/** Community nodes run under their package name, e.g. `n8n-nodes-dingtalk-connect.dingTalkConnect`. */
export const PACKAGE_NAME = 'n8n-nodes-dingtalk-connect';
export const TRIGGER_NODE_NAME = 'When clicking ‘Execute workflow’';
const TRIGGER_NODE_TYPE = 'n8n-nodes-base.manualTrigger';

const manualTrigger: INodeType = {
	description: {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Feeds the harness items into the node under test',
		defaults: {},
		inputs: [],
		outputs: ['main'],
		properties: [],
	},
};

let processSetUp = false;

// n8n-core reads these from the DI container; swapped for inert stand-ins so nothing touches
// ~/.n8n, a database or the internet.
function setUpProcess(): void {
	if (processSetUp) return;
	processSetUp = true;
	// n8n 2.x defaults to the isolated-vm engine, which is not built here (ignore-scripts);
	// 'legacy' evaluates the same expression language in-process.
	Expression.setExpressionEngine('legacy');
	Container.set(InstanceSettings, {
		instanceId: 'harness-instance',
		hmacSignatureSecret: 'harness-hmac',
		instanceType: 'main',
		isDocker: false,
		n8nFolder: '/nonexistent-n8n-folder',
	} as unknown as InstanceSettings);
}

export class N8nHarness {
	readonly logs: CapturedLog[] = [];

	readonly credentialsHelper: HarnessCredentialsHelper;

	readonly logger: CapturingLogger;

	private readonly nodeTypesRegistry: INodeTypes;

	private executionCounter = 0;

	constructor(private readonly options: HarnessOptions) {
		setUpProcess();
		this.logger = new CapturingLogger(this.logs);
		Container.set(Logger, this.logger as unknown as Logger);
		LoggerProxy.init(this.logger);
		this.credentialsHelper = new HarnessCredentialsHelper(options.credentialTypes);

		const byFullName = new Map<string, INodeType>([[TRIGGER_NODE_TYPE, manualTrigger]]);
		for (const [key, type] of Object.entries(options.nodeTypes)) {
			byFullName.set(N8nHarness.fullNodeType(key), type);
		}
		this.nodeTypesRegistry = {
			getByName: (name: string): INodeType | IVersionedNodeType => {
				const type = byFullName.get(name);
				if (type === undefined) throw new UnexpectedError(`Unknown node type "${name}"`);
				return type;
			},
			getByNameAndVersion: (name: string, version?: number): INodeType => {
				const type = byFullName.get(name);
				if (type === undefined) throw new UnexpectedError(`Unknown node type "${name}"`);
				return NodeHelpers.getVersionedNodeType(type, version);
			},
			getKnownTypes: (): IDataObject => ({}),
		};
	}

	static fullNodeType(key: string): string {
		return `${PACKAGE_NAME}.${key}`;
	}

	setCredential(
		id: string,
		type: string,
		data: ICredentialDataDecryptedObject,
		name = `${type} ${id}`,
	): void {
		this.credentialsHelper.getCredentialType(type);
		this.credentialsHelper.store.set(id, { id, name, type, data: structuredClone(data) });
	}

	getStoredCredential(id: string): ICredentialDataDecryptedObject {
		const entity = this.credentialsHelper.store.get(id);
		if (entity === undefined) throw new UnexpectedError(`No credential with id "${id}"`);
		return structuredClone(entity.data);
	}

	clearLogs(): void {
		this.logs.length = 0;
	}

	async runNode(options: RunNodeOptions): Promise<RunNodeResult> {
		const mode: WorkflowExecuteMode = options.mode ?? 'manual';
		const items = options.items ?? [{ json: {} }];
		const nodeName = options.nodeName ?? 'DingTalk Connect';
		const node = this.buildNode(options.nodeType, nodeName, options.parameters, options.credentials);
		node.id = options.nodeId ?? node.id;
		if (options.continueOnFail) node.onError = 'continueRegularOutput';
		const trigger: INode = {
			id: 'trigger',
			name: TRIGGER_NODE_NAME,
			type: TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const workflow = new Workflow({
			id: options.workflow?.id,
			name: options.workflow?.name ?? 'Harness workflow',
			active: options.workflow?.active ?? false,
			nodes: [trigger, node],
			connections: {
				[TRIGGER_NODE_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] },
			},
			nodeTypes: this.nodeTypesRegistry,
			settings: { executionOrder: 'v1' },
		});
		// The Workflow constructor fills in parameter defaults, as n8n does on load.
		const workflowNode = workflow.getNode(nodeName) as INode;
		const nodeType = this.nodeTypesRegistry.getByNameAndVersion(
			workflowNode.type,
			workflowNode.typeVersion,
		);
		if (nodeType.execute === undefined) {
			throw new UnexpectedError(`Node type "${options.nodeType}" has no execute()`);
		}

		const runExecutionData: IRunExecutionData = createRunExecutionData({
			resultData: {
				runData: {
					[TRIGGER_NODE_NAME]: [
						{
							startTime: Date.now(),
							executionTime: 0,
							executionIndex: 0,
							source: [],
							data: { main: [items] },
						},
					],
				},
			},
		});
		const inputData: ITaskDataConnections = { main: [items] };
		const executeData: IExecuteData = {
			node: workflowNode,
			data: inputData,
			source: { main: [{ previousNode: TRIGGER_NODE_NAME }] },
		};
		const additionalData = this.additionalData(workflow.id);
		const context = new ExecuteContext(
			workflow,
			workflowNode,
			additionalData,
			mode,
			runExecutionData,
			0,
			items,
			inputData,
			executeData,
			[],
			options.signal,
		);
		try {
			const output = await nodeType.execute.call(context);
			return { output: (output as INodeExecutionData[][] | null) ?? null };
		} catch (error) {
			return { output: null, error: error as Error };
		}
	}

	async listSearch(
		options: MethodOptions & { filter?: string; paginationToken?: string },
	): Promise<INodeListSearchResult> {
		const { context, nodeType } = this.loadOptionsContext(options, `parameters.${options.method}`);
		const method = nodeType.methods?.listSearch?.[options.method];
		if (method === undefined) {
			throw new UnexpectedError(`Node type has no listSearch method "${options.method}"`);
		}
		return await method.call(context, options.filter, options.paginationToken);
	}

	async loadOptions(options: MethodOptions): Promise<INodePropertyOptions[]> {
		const { context, nodeType } = this.loadOptionsContext(options, `parameters.${options.method}`);
		const method = nodeType.methods?.loadOptions?.[options.method];
		if (method === undefined) {
			throw new UnexpectedError(`Node type has no loadOptions method "${options.method}"`);
		}
		return await method.call(context);
	}

	async resourceMapping(options: MethodOptions): Promise<ResourceMapperFields> {
		const { context, nodeType } = this.loadOptionsContext(options, `parameters.${options.method}`);
		const method = nodeType.methods?.resourceMapping?.[options.method];
		if (method === undefined) {
			throw new UnexpectedError(`Node type has no resourceMapping method "${options.method}"`);
		}
		return await method.call(context);
	}

	/**
	 * What n8n's CredentialsTester does for a credential with a declarative `test`: defaults applied,
	 * the request sent through RoutingNode (preAuthentication + authenticate inside
	 * httpRequestWithAuthentication), then `rules` applied to the outcome.
	 */
	async testCredential(options: {
		type: string;
		data: ICredentialDataDecryptedObject;
	}): Promise<INodeCredentialTestResult> {
		const credentialType = this.credentialsHelper.getCredentialType(options.type);
		const test: ICredentialTestRequest | undefined = credentialType.test;
		if (test === undefined) {
			return { status: 'Error', message: 'No testing function found for this credential.' };
		}
		// The editor tests a saved credential, so preAuthentication's write-back has a row to update.
		const id = `credential-test-${++this.executionCounter}`;
		this.setCredential(id, options.type, options.data, 'Credential test');
		try {
			const additionalData = this.additionalData(undefined);
			let credentialsDecrypted: ICredentialsDecrypted;
			try {
				credentialsDecrypted = {
					id,
					name: 'Credential test',
					type: options.type,
					data: await this.credentialsHelper.applyDefaultsAndOverwrites(
						additionalData,
						structuredClone(options.data),
						options.type,
						'internal',
					),
				};
			} catch (error) {
				return { status: 'Error', message: (error as Error).message.toString() };
			}

			const testNodeType: INodeType = {
				description: {
					...manualTrigger.description,
					displayName: 'No Operation, do nothing',
					name: 'n8n-nodes-base.noOp',
					group: ['transform'],
					inputs: ['main'],
					outputs: ['main'],
					credentials: [{ name: options.type, required: true }],
					properties: [
						{
							displayName: 'Temp',
							name: 'temp',
							type: 'string',
							routing: { request: test.request },
							default: '',
						},
					],
				},
			};
			const node: INode = {
				id: 'temp',
				parameters: { temp: '' },
				name: 'Temp-Node',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [0, 0],
				credentials: { [options.type]: { id, name: 'Credential test' } },
			};
			const workflow = new Workflow({
				nodes: [node],
				connections: {},
				active: false,
				nodeTypes: {
					getByName: () => testNodeType,
					getByNameAndVersion: () => testNodeType,
					getKnownTypes: () => ({}),
				},
			});
			const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
			const context = new ExecuteContext(
				workflow,
				node,
				additionalData,
				'internal',
				createRunExecutionData({ resultData: { runData: {} } }),
				0,
				[],
				inputData,
				{ node, data: {}, source: null },
				[],
			);
			const routingNode = new RoutingNode(context, testNodeType, credentialsDecrypted);

			let response: INodeExecutionData[][] | null | undefined;
			try {
				response = await routingNode.runNode();
			} catch (error) {
				const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } })
					.cause;
				if (cause?.response) {
					const statusCode = cause.response.status;
					for (const rule of test.rules ?? []) {
						if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
							return { status: 'Error', message: rule.properties.message };
						}
					}
					if (statusCode < 199 || statusCode > 299) {
						return {
							status: 'Error',
							message: cause.response.statusText || `Received HTTP status code: ${statusCode}`,
						};
					}
				} else if (cause?.code) {
					return { status: 'Error', message: cause.code };
				}
				this.logger.debug('Credential test failed', error);
				return { status: 'Error', message: (error as Error).message.toString() };
			}

			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseSuccessBody') {
					const responseData = response?.[0]?.[0]?.json ?? {};
					if (getPath(responseData, rule.properties.key) === rule.properties.value) {
						return { status: 'Error', message: rule.properties.message };
					}
				}
			}
			return { status: 'OK', message: 'Connection successful!' };
		} finally {
			this.credentialsHelper.store.delete(id);
		}
	}

	private buildNode(
		nodeTypeKey: string,
		name: string,
		parameters: INodeParameters,
		credentials?: Record<string, string>,
	): INode {
		const type = this.options.nodeTypes[nodeTypeKey];
		if (type === undefined) throw new UnexpectedError(`Unknown node type "${nodeTypeKey}"`);
		const version = type.description.version;
		const nodeCredentials: INodeCredentials = {};
		for (const [credentialType, id] of Object.entries(credentials ?? {})) {
			nodeCredentials[credentialType] = {
				id,
				name: this.credentialsHelper.store.get(id)?.name ?? credentialType,
			};
		}
		return {
			id: 'harness-node',
			name,
			type: N8nHarness.fullNodeType(nodeTypeKey),
			typeVersion: Array.isArray(version) ? version[version.length - 1] : version,
			position: [200, 0],
			parameters: structuredClone(parameters),
			...(credentials ? { credentials: nodeCredentials } : {}),
		};
	}

	// As n8n's DynamicNodeParametersService: a temporary one-node workflow built from the editor's
	// current parameters, which are also exposed as `additionalData.currentNodeParameters`.
	private loadOptionsContext(
		options: MethodOptions,
		path: string,
	): { context: LoadOptionsContext; nodeType: INodeType } {
		const node = this.buildNode(options.nodeType, 'Temp-Node', options.parameters, options.credentials);
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypesRegistry,
		});
		const nodeType = this.nodeTypesRegistry.getByNameAndVersion(node.type, node.typeVersion);
		const additionalData = this.additionalData(undefined);
		additionalData.currentNodeParameters = options.parameters;
		const context = new LoadOptionsContext(workflow, workflow.getNode(node.name) as INode, additionalData, path);
		return { context, nodeType };
	}

	private additionalData(workflowId: string | undefined): IWorkflowExecuteAdditionalData {
		const notAvailable = async (): Promise<never> => {
			throw new UnexpectedError('Not available in the test harness');
		};
		return {
			credentialsHelper: this.credentialsHelper,
			executeWorkflow: notAvailable,
			getRunExecutionData: async () => undefined,
			executionId: `harness-${++this.executionCounter}`,
			getRuntimeCredential: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678/',
			formBaseUrl: 'http://127.0.0.1:5678/form',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
			mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
			workflowId,
			variables: {},
			logAiEvent: () => undefined,
			startRunnerTask: notAvailable,
		} as unknown as IWorkflowExecuteAdditionalData;
	}
}

function getPath(data: IDataObject, path: string): unknown {
	let current: unknown = data;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
