import { isPlainObject } from '../../DingTalkConnect/helpers/jsonSchema';

/** JSON-RPC 2.0's error codes as MCP uses them. -32700 never comes from the node: n8n parses the body first. */
export const RPC_ERROR = {
	invalidRequest: -32600,
	methodNotFound: -32601,
	invalidParams: -32602,
	internalError: -32603,
} as const;

export type RequestId = string | number;

/** What one POSTed body holds, once its envelope is checked. */
export type Envelope =
	| { kind: 'request'; id: RequestId; method: string; params: Record<string, unknown> }
	| { kind: 'notification'; method: string; params: Record<string, unknown> }
	// A client's answer to a server request: this server sends none, so it is acknowledged and dropped.
	| { kind: 'response' }
	| { kind: 'invalid'; id: RequestId | null; reason: string };

export interface RpcError {
	jsonrpc: '2.0';
	id: RequestId | null;
	error: { code: number; message: string };
}

export interface RpcResult {
	jsonrpc: '2.0';
	id: RequestId;
	result: Record<string, unknown>;
}

function isRequestId(value: unknown): value is RequestId {
	return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
}

/** Checks the envelope of a body n8n has already parsed as JSON. Batches are refused (MCP 2025-06-18 dropped them). */
export function readEnvelope(body: unknown): Envelope {
	if (Array.isArray(body)) return { kind: 'invalid', id: null, reason: 'Batches are not supported: send one JSON-RPC message per request' };
	if (!isPlainObject(body)) return { kind: 'invalid', id: null, reason: 'The body must be one JSON-RPC 2.0 message (a JSON object)' };
	const id = isRequestId(body.id) ? body.id : null;
	if (body.jsonrpc !== '2.0') return { kind: 'invalid', id, reason: 'The field "jsonrpc" must be "2.0"' };
	if (body.method === undefined && ('result' in body || 'error' in body)) return { kind: 'response' };
	if (typeof body.method !== 'string' || body.method === '') {
		return { kind: 'invalid', id, reason: 'The field "method" must be a non-empty string' };
	}
	if (body.params !== undefined && !isPlainObject(body.params)) {
		return { kind: 'invalid', id, reason: 'The field "params" must be an object' };
	}
	const params = (body.params as Record<string, unknown> | undefined) ?? {};
	if (!('id' in body)) return { kind: 'notification', method: body.method, params };
	if (id === null) return { kind: 'invalid', id: null, reason: 'The field "id" must be a string or an integer' };
	return { kind: 'request', id, method: body.method, params };
}

export function rpcError(id: RequestId | null, code: number, message: string): RpcError {
	return { jsonrpc: '2.0', id, error: { code, message } };
}

export function rpcResult(id: RequestId, result: Record<string, unknown>): RpcResult {
	return { jsonrpc: '2.0', id, result };
}
