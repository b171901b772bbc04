// The real MCP server node inside n8n-core's WebhookContext, reached over real HTTP on 127.0.0.1 (a
// stand-in for n8n's webhook endpoint: JSON parsed first, malformed JSON answered 422 as n8n does).
// Shared by the MCP server's integration tests and its benchmark.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

import { WebhookContext } from 'n8n-core';
import type { INode, INodeExecutionData, INodeParameters, INodeType, INodeTypes, IWebhookData, IWorkflowExecuteAdditionalData, WorkflowExecuteMode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DingTalkConnectApi } from '../../credentials/DingTalkConnectApi.credentials';
import { DingTalkConnectMcpBearerApi } from '../../credentials/DingTalkConnectMcpBearerApi.credentials';
import { DingTalkConnectMcpHeaderApi } from '../../credentials/DingTalkConnectMcpHeaderApi.credentials';
import { DEMO_CREDENTIALS } from '../../emulator';
import { DingTalkConnectMcpServer } from '../../nodes/DingTalkConnectMcpServer/DingTalkConnectMcpServer.node';
import { N8nHarness } from './index';

export const BEARER_TOKEN = 'mcp-bearer-0123456789abcdef';
export const HEADER_SECRET = 'mcp-header-fedcba9876543210';

interface HarnessInternals {
	additionalData(workflowId: string | undefined): IWorkflowExecuteAdditionalData;
	buildNode(type: string, name: string, parameters: INodeParameters, credentials?: Record<string, string>): INode;
	nodeTypesRegistry: INodeTypes;
}

export interface McpAnswer {
	status: number;
	headers: Headers;
	text: string;
	json: unknown;
}

export interface McpServerBed {
	url: string;
	/** The workflowData of every request that started an execution. */
	runs: INodeExecutionData[][][];
	post(body: unknown, headers?: Record<string, string>): Promise<McpAnswer>;
	send(method: string, body: string | undefined, headers?: Record<string, string>): Promise<McpAnswer>;
	stop(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

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

/** A harness with the MCP server node, its credentials, and the apps `corp` and `suite` pointed at `emulator`. */
export function mcpServerHarness(emulator: { url: string }): N8nHarness {
	const harness = new N8nHarness({
		nodeTypes: { dingTalkConnectMcpServer: new DingTalkConnectMcpServer() },
		credentialTypes: {
			dingTalkConnectApi: new DingTalkConnectApi(),
			dingTalkConnectMcpBearerApi: new DingTalkConnectMcpBearerApi(),
			dingTalkConnectMcpHeaderApi: new DingTalkConnectMcpHeaderApi(),
		},
	});
	harness.setCredential('corp', 'dingTalkConnectApi', { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl: emulator.url, accessToken: '' });
	harness.setCredential('suite', 'dingTalkConnectApi', { appType: 'thirdParty', ...DEMO_CREDENTIALS.suite, baseUrl: emulator.url, accessToken: '' });
	harness.setCredential('bearer', 'dingTalkConnectMcpBearerApi', { token: BEARER_TOKEN });
	harness.setCredential('header', 'dingTalkConnectMcpHeaderApi', { name: 'X-Api-Key', secret: HEADER_SECRET });
	return harness;
}

/** Serves one MCP server node (its parameters, as app `app`) at a local URL, as n8n serves its production webhook. */
export async function startMcpServer(harness: N8nHarness, parameters: INodeParameters, app: 'corp' | 'suite' = 'corp'): Promise<McpServerBed> {
	const internals = harness as unknown as HarnessInternals;
	const runs: INodeExecutionData[][][] = [];
	const built = internals.buildNode('dingTalkConnectMcpServer', 'MCP Server', parameters, {
		dingTalkConnectApi: app,
		dingTalkConnectMcpBearerApi: 'bearer',
		dingTalkConnectMcpHeaderApi: 'header',
	});
	built.id = 'mcp-node-1';
	const workflow = new Workflow({
		id: 'wf-mcp-1',
		name: 'MCP workflow',
		active: true,
		nodes: [built],
		connections: {},
		nodeTypes: internals.nodeTypesRegistry,
		settings: { executionOrder: 'v1', timezone: 'Asia/Shanghai' },
	});
	const node = workflow.getNode('MCP Server') as INode;
	const nodeType = internals.nodeTypesRegistry.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
	const server = createServer((req, res) => {
		void (async () => {
			const text = await readBody(req);
			let body: unknown = {};
			try {
				body = text === '' ? {} : JSON.parse(text);
			} catch {
				res.statusCode = 422;
				res.end();
				return;
			}
			const data = internals.additionalData(workflow.id);
			data.httpRequest = { method: req.method, body, query: {}, headers: req.headers, params: {} } as never;
			data.httpResponse = responseAdapter(res) as never;
			const webhookData: IWebhookData = {
				httpMethod: (req.method ?? 'POST') as never,
				node: node.name,
				path: 'mcp',
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
	const send = async (method: string, body: string | undefined, headers: Record<string, string> = {}): Promise<McpAnswer> => {
		const response = await fetch(url, { method, body, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } });
		const answerText = await response.text();
		let json: unknown;
		try {
			json = answerText === '' ? undefined : JSON.parse(answerText);
		} catch {
			json = undefined;
		}
		return { status: response.status, headers: response.headers, text: answerText, json };
	};
	return {
		url,
		runs,
		send,
		post: async (body, headers = { authorization: `Bearer ${BEARER_TOKEN}` }) => await send('POST', JSON.stringify(body), headers),
		stop: async () => await close(server),
	};
}

let nextId = 1;
/** A JSON-RPC request with the next id. */
export const rpc = (method: string, params?: Record<string, unknown>) => ({ jsonrpc: '2.0', id: nextId++, method, ...(params ? { params } : {}) });
