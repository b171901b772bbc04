// The real MCP server node inside n8n-core's WebhookContext, reached over real HTTP on 127.0.0.1
// (webhookStandIn.ts plays n8n's webhook endpoint).
// Shared by the MCP server's integration tests and its benchmark.
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DingTalkConnectApi } from '../../credentials/DingTalkConnectApi.credentials';
import { DingTalkConnectMcpBearerApi } from '../../credentials/DingTalkConnectMcpBearerApi.credentials';
import { DingTalkConnectMcpHeaderApi } from '../../credentials/DingTalkConnectMcpHeaderApi.credentials';
import { DEMO_CREDENTIALS } from '../../emulator';
import { DingTalkConnectMcpServer } from '../../nodes/DingTalkConnectMcpServer/DingTalkConnectMcpServer.node';
import { N8nHarness } from './index';
import { oneNodeWorkflow, startWebhookStandIn } from './webhookStandIn';

export const BEARER_TOKEN = 'mcp-bearer-0123456789abcdef';
export const HEADER_SECRET = 'mcp-header-fedcba9876543210';

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
	const served = oneNodeWorkflow(harness, {
		nodeTypeKey: 'dingTalkConnectMcpServer',
		nodeName: 'MCP Server',
		nodeId: 'mcp-node-1',
		workflowId: 'wf-mcp-1',
		workflowName: 'MCP workflow',
		parameters,
		credentials: { dingTalkConnectApi: app, dingTalkConnectMcpBearerApi: 'bearer', dingTalkConnectMcpHeaderApi: 'header' },
		timezone: 'Asia/Shanghai',
	});
	const { url, runs, stop } = await startWebhookStandIn(() => served, 'mcp');
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
		stop,
	};
}

let nextId = 1;
/** A JSON-RPC request with the next id. */
export const rpc = (method: string, params?: Record<string, unknown>) => ({ jsonrpc: '2.0', id: nextId++, method, ...(params ? { params } : {}) });
