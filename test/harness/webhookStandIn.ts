// n8n's production webhook endpoint played over real HTTP on 127.0.0.1: the body read (at most n8n's
// default 16 MiB, else 413) and parsed as JSON before any node runs (malformed JSON: 422, as n8n answers),
// then the node's webhook() run in n8n-core's WebhookContext. Shared by the triggers' and the MCP
// server's tests and the MCP bench.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { N8nHarness } from './index';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

interface HarnessInternals {
	additionalData(workflowId: string | undefined): IWorkflowExecuteAdditionalData;
	buildNode(type: string, name: string, parameters: INodeParameters, credentials?: Record<string, string>): INode;
	nodeTypesRegistry: INodeTypes;
}

export interface OneNodeWorkflow {
	workflow: Workflow;
	node: INode;
	nodeType: INodeType;
	additionalData: () => IWorkflowExecuteAdditionalData;
}

/** A one-node active workflow holding `nodeTypeKey`, as n8n builds it on activation (defaults filled in). */
export function oneNodeWorkflow(
	harness: N8nHarness,
	options: {
		nodeTypeKey: string;
		nodeName: string;
		nodeId: string;
		workflowId: string;
		workflowName: string;
		parameters: INodeParameters;
		credentials: Record<string, string>;
		timezone?: string;
	},
): OneNodeWorkflow {
	const internals = harness as unknown as HarnessInternals;
	const built = internals.buildNode(options.nodeTypeKey, options.nodeName, options.parameters, options.credentials);
	built.id = options.nodeId;
	const workflow = new Workflow({
		id: options.workflowId,
		name: options.workflowName,
		active: true,
		nodes: [built],
		connections: {},
		nodeTypes: internals.nodeTypesRegistry,
		settings: { executionOrder: 'v1', ...(options.timezone === undefined ? {} : { timezone: options.timezone }) },
	});
	const node = workflow.getNode(options.nodeName) as INode;
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

export async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > limit) return null;
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** The express Response subset the webhooks use, over a plain node response. */
function responseAdapter(res: ServerResponse) {
	const adapter = {
		status(code: number) {
			res.statusCode = code;
			return adapter;
		},
		setHeader(name: string, value: string) {
			res.setHeader(name, value);
			return adapter;
		},
		json(body: unknown) {
			res.setHeader('Content-Type', 'application/json');
			res.end(JSON.stringify(body));
			return adapter;
		},
		end() {
			res.end();
			return adapter;
		},
	};
	return adapter;
}

export interface WebhookStandIn {
	url: string;
	/** The workflowData of every request that started the workflow. */
	runs: INodeExecutionData[][][];
	stop(): Promise<void>;
}

/** Serves the node of `load()` (called per request, as n8n loads the workflow per request) at `path`. */
export async function startWebhookStandIn(load: () => OneNodeWorkflow, path: string): Promise<WebhookStandIn> {
	const runs: INodeExecutionData[][][] = [];
	const server = createServer((req, res) => {
		void (async () => {
			const text = await readBody(req, MAX_BODY_BYTES);
			if (text === null) {
				res.statusCode = 413;
				res.end();
				return;
			}
			let body: unknown = {};
			try {
				body = text === '' ? {} : JSON.parse(text);
			} catch {
				res.statusCode = 422;
				res.end();
				return;
			}
			const query: IDataObject = {};
			for (const [name, value] of new URL(req.url ?? '/', 'http://127.0.0.1').searchParams) query[name] = value;
			const { workflow, node, nodeType, additionalData } = load();
			const data = additionalData();
			data.httpRequest = { method: req.method, body, query, headers: req.headers, params: {} } as never;
			data.httpResponse = responseAdapter(res) as never;
			const webhookData: IWebhookData = {
				httpMethod: (req.method ?? 'POST') as never,
				node: node.name,
				path,
				webhookDescription: nodeType.description.webhooks![0],
				workflowId: workflow.id as string,
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
