import { isPlainObject } from '../../DingTalkConnect/helpers/jsonSchema';
import { readEnvelope, rpcError, rpcResult, RPC_ERROR, type RequestId, type RpcError, type RpcResult } from './jsonRpc';
import { readCursor, toolsPage } from './paging';
import type { ToolCallResult, ToolServer } from './types';
import { negotiateProtocolVersion } from './versions';

/** A tools/call as the execution records it. */
export interface ToolCallRecord {
	tool: string;
	arguments: unknown;
	outcome: 'success' | 'toolError' | 'refused';
	/** The tool result's text, or the JSON-RPC error's message when the call was refused. */
	message?: string;
	durationMs: number;
}

/** The HTTP answer to one POST: 202 without a body for notifications and responses. */
export interface McpAnswer {
	status: number;
	body?: RpcResult | RpcError;
	call?: ToolCallRecord;
}

const ok = (id: RequestId, result: Record<string, unknown>): McpAnswer => ({ status: 200, body: rpcResult(id, result) });
// A method's own failure is a JSON-RPC error in a 200, as MCP's SDKs answer it.
const failed = (id: RequestId, code: number, message: string): McpAnswer => ({ status: 200, body: rpcError(id, code, message) });

async function callTool(server: ToolServer, id: RequestId, params: Record<string, unknown>): Promise<McpAnswer> {
	const started = Date.now();
	const name = params.name;
	const args = params.arguments ?? {};
	const refuse = (message: string): McpAnswer => ({
		...failed(id, RPC_ERROR.invalidParams, message),
		call: { tool: typeof name === 'string' ? name : '', arguments: args, outcome: 'refused', message, durationMs: Date.now() - started },
	});
	if (typeof name !== 'string' || name === '') return refuse('The field "params.name" must name a tool from tools/list');
	if (!isPlainObject(args)) return refuse('The field "params.arguments" must be an object');
	const tool = (await server.listTools()).find((candidate) => candidate.name === name);
	if (!tool) return refuse(`Unknown tool: ${name}. Call tools/list for the tools this server offers`);
	const result: ToolCallResult = await server.callTool(tool, args);
	const outcome = result.isError ? 'toolError' : 'success';
	const message = result.isError ? result.content.map((part) => part.text).join('\n') : undefined;
	return { ...ok(id, result), call: { tool: name, arguments: args, outcome, message, durationMs: Date.now() - started } };
}

async function answerRequest(server: ToolServer, id: RequestId, method: string, params: Record<string, unknown>): Promise<McpAnswer> {
	switch (method) {
		case 'initialize':
			if (typeof params.protocolVersion !== 'string') {
				return failed(id, RPC_ERROR.invalidParams, 'The field "params.protocolVersion" must be a string');
			}
			return ok(id, {
				protocolVersion: negotiateProtocolVersion(params.protocolVersion),
				capabilities: { tools: { listChanged: false } },
				serverInfo: server.serverInfo,
			});
		case 'ping':
			return ok(id, {});
		case 'tools/list': {
			const cursor = readCursor(params.cursor);
			if (cursor === undefined) return failed(id, RPC_ERROR.invalidParams, 'The field "params.cursor" is not a cursor this server gave');
			return ok(id, toolsPage(await server.listTools(), cursor));
		}
		case 'tools/call':
			return await callTool(server, id, params);
		default:
			return failed(id, RPC_ERROR.methodNotFound, `Method not found: ${method}. This server offers initialize, ping, tools/list and tools/call`);
	}
}

/** Answers one JSON-RPC message POSTed to the server (already parsed as JSON by n8n). */
export async function answerMessage(server: ToolServer, body: unknown): Promise<McpAnswer> {
	const envelope = readEnvelope(body);
	if (envelope.kind === 'invalid') return { status: 400, body: rpcError(envelope.id, RPC_ERROR.invalidRequest, envelope.reason) };
	// notifications/initialized, notifications/cancelled, ...: nothing to do for a stateless server.
	if (envelope.kind !== 'request') return { status: 202 };
	return await answerRequest(server, envelope.id, envelope.method, envelope.params);
}
