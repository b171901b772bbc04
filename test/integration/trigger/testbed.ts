// The real trigger nodes inside n8n-core's own WebhookContext and TriggerContext, reached over real
// HTTP on 127.0.0.1: a stand-in for n8n's webhook endpoint, and a stand-in for DingTalk's Stream gateway.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { TriggerContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IRun,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	ITriggerFunctions,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DingTalkConnectApi } from '../../../credentials/DingTalkConnectApi.credentials';
import { DingTalkConnectStreamTrigger } from '../../../nodes/DingTalkConnectStreamTrigger/DingTalkConnectStreamTrigger.node';
import { DingTalkConnectTrigger } from '../../../nodes/DingTalkConnectTrigger/DingTalkConnectTrigger.node';
import { N8nHarness } from '../../harness';

/** What a trigger's emit asks n8n to settle when the execution ends. */
export type DonePromise = NonNullable<Parameters<ITriggerFunctions['emit']>[2]>;

export const CREDENTIAL_ID = 'cred-1';

interface HarnessInternals {
	additionalData(workflowId: string | undefined): IWorkflowExecuteAdditionalData;
	buildNode(type: string, name: string, parameters: INodeParameters, credentials?: Record<string, string>): INode;
	nodeTypesRegistry: INodeTypes;
}

export function makeHarness(credentials: ICredentialDataDecryptedObject): N8nHarness {
	const harness = new N8nHarness({
		nodeTypes: {
			dingTalkConnectTrigger: new DingTalkConnectTrigger(),
			dingTalkConnectStreamTrigger: new DingTalkConnectStreamTrigger(),
		},
		credentialTypes: { dingTalkConnectApi: new DingTalkConnectApi() },
	});
	harness.setCredential(CREDENTIAL_ID, 'dingTalkConnectApi', credentials);
	return harness;
}

/** A one-node workflow holding the trigger, as n8n builds it on activation (defaults filled in), in `timezone` when given. */
export function triggerWorkflow(harness: N8nHarness, nodeTypeKey: string, parameters: INodeParameters, timezone?: string) {
	const internals = harness as unknown as HarnessInternals;
	const built = internals.buildNode(nodeTypeKey, 'DingTalk Trigger', parameters, { dingTalkConnectApi: CREDENTIAL_ID });
	built.id = 'trigger-node-1';
	const workflow = new Workflow({
		id: 'wf-trigger-1',
		name: 'Trigger workflow',
		active: true,
		nodes: [built],
		connections: {},
		nodeTypes: internals.nodeTypesRegistry,
		settings: { executionOrder: 'v1', ...(timezone === undefined ? {} : { timezone }) },
	});
	const node = workflow.getNode('DingTalk Trigger') as INode;
	const nodeType = internals.nodeTypesRegistry.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
	return { workflow, node, nodeType, additionalData: () => internals.additionalData(workflow.id) };
}

export async function listen(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function close(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > limit) return null;
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** The express Response subset the webhook uses, over a plain node response. */
function responseAdapter(res: ServerResponse) {
	const adapter = {
		status(code: number) {
			res.statusCode = code;
			return adapter;
		},
		json(body: unknown) {
			res.setHeader('Content-Type', 'application/json');
			res.end(JSON.stringify(body));
			return adapter;
		},
	};
	return adapter;
}

export interface WebhookServer {
	url: string;
	/** The workflowData of every request that started the workflow. */
	runs: INodeExecutionData[][][];
	stop(): Promise<void>;
}

/** Plays n8n's production webhook: JSON body parsed, the node's webhook() run in a WebhookContext. */
export async function startWebhookServer(harness: N8nHarness, parameters: INodeParameters, timezone?: string): Promise<WebhookServer> {
	const runs: INodeExecutionData[][][] = [];
	const server = createServer((req, res) => {
		void (async () => {
			const text = await readBody(req, 16 * 1024 * 1024);
			if (text === null) {
				res.statusCode = 413;
				res.end();
				return;
			}
			let body: unknown = {};
			try {
				body = text === '' ? {} : JSON.parse(text);
			} catch {
				res.statusCode = 400;
				res.end();
				return;
			}
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const query: IDataObject = {};
			for (const [name, value] of url.searchParams) query[name] = value;
			const { workflow, node, nodeType, additionalData } = triggerWorkflow(harness, 'dingTalkConnectTrigger', parameters, timezone);
			const data = additionalData();
			data.httpRequest = { body, query, headers: req.headers, params: {} } as never;
			data.httpResponse = responseAdapter(res) as never;
			const webhookData: IWebhookData = {
				httpMethod: 'POST',
				node: node.name,
				path: 'webhook',
				webhookDescription: nodeType.description.webhooks![0],
				workflowId: workflow.id,
				workflowExecuteAdditionalData: data,
			};
			const context = new WebhookContext(workflow, node, data, 'webhook' as WorkflowExecuteMode, webhookData, [], null);
			const result = await nodeType.webhook!.call(context);
			if (result.workflowData) runs.push(result.workflowData);
			if (!res.writableEnded) {
				res.statusCode = 500;
				res.end('the node sent no response');
			}
		})().catch((error: Error) => {
			res.statusCode = 500;
			res.end(`webhook threw: ${error.message}`);
		});
	});
	const url = await listen(server);
	return { url, runs, stop: async () => await close(server) };
}

export interface GatewayServer {
	url: string;
	requests: Array<{ headers: IncomingMessage['headers']; body: IDataObject }>;
	/** Status to answer the next requests with instead of a ticket. */
	failWith: { status: number; count: number };
	stop(): Promise<void>;
}

/** Plays POST /v1.0/gateway/connections/open: a new ticket for every request. */
export async function startGateway(endpoint: string): Promise<GatewayServer> {
	const requests: GatewayServer['requests'] = [];
	const failWith = { status: 0, count: 0 };
	const server = createServer((req, res) => {
		void (async () => {
			const body = JSON.parse((await readBody(req, 1024 * 1024)) ?? '{}') as IDataObject;
			requests.push({ headers: req.headers, body });
			res.setHeader('Content-Type', 'application/json');
			if (req.method !== 'POST' || req.url !== '/v1.0/gateway/connections/open') {
				res.statusCode = 404;
				res.end('{}');
			} else if (failWith.count > 0) {
				failWith.count--;
				res.statusCode = failWith.status;
				res.end(JSON.stringify({ code: 'InvalidAuthentication', message: 'bad client' }));
			} else {
				res.end(JSON.stringify({ endpoint, ticket: `ticket-${requests.length}` }));
			}
		})();
	});
	const url = await listen(server);
	return { url, requests, failWith, stop: async () => await close(server) };
}

export function triggerContext(
	harness: N8nHarness,
	parameters: INodeParameters,
	mode: WorkflowExecuteMode,
	emitted: INodeExecutionData[][][],
	activation: WorkflowActivateMode = 'activate',
	timezone?: string,
	/** The deduplication key of each emit, in order. */
	keys: Array<string | undefined> = [],
	/**
	 * The promise each emit asks n8n to settle when its execution ends, in order, for the test to settle;
	 * without it each execution ends at once, as a quick one in n8n does.
	 */
	done?: Array<DonePromise | undefined>,
) {
	const { workflow, node, nodeType, additionalData } = triggerWorkflow(harness, 'dingTalkConnectStreamTrigger', parameters, timezone);
	const context = new TriggerContext(workflow, node, additionalData(), mode, activation, (data, _response, donePromise, key) => {
		emitted.push(data);
		keys.push(key);
		if (done) done.push(donePromise);
		else void Promise.resolve().then(() => donePromise?.resolve({} as IRun));
	});
	return { context, nodeType };
}
