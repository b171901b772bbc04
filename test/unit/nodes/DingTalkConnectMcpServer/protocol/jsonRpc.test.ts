import { readEnvelope, rpcError, RPC_ERROR } from '../../../../../nodes/DingTalkConnectMcpServer/protocol/jsonRpc';

describe('readEnvelope', () => {
	it('reads a request, a notification and a client response', () => {
		expect(readEnvelope({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: { cursor: 'x' } })).toEqual({
			kind: 'request',
			id: 7,
			method: 'tools/list',
			params: { cursor: 'x' },
		});
		expect(readEnvelope({ jsonrpc: '2.0', id: 'a-1', method: 'ping' })).toEqual({ kind: 'request', id: 'a-1', method: 'ping', params: {} });
		expect(readEnvelope({ jsonrpc: '2.0', method: 'notifications/initialized' })).toEqual({
			kind: 'notification',
			method: 'notifications/initialized',
			params: {},
		});
		expect(readEnvelope({ jsonrpc: '2.0', id: 3, result: {} })).toEqual({ kind: 'response' });
	});

	it('refuses batches, non-objects and broken envelopes, keeping the id when it can', () => {
		expect(readEnvelope([{ jsonrpc: '2.0', id: 1, method: 'ping' }])).toEqual({
			kind: 'invalid',
			id: null,
			reason: expect.stringContaining('Batches are not supported'),
		});
		expect(readEnvelope('ping')).toMatchObject({ kind: 'invalid', id: null });
		expect(readEnvelope({ id: 1, method: 'ping' })).toEqual({ kind: 'invalid', id: 1, reason: 'The field "jsonrpc" must be "2.0"' });
		expect(readEnvelope({ jsonrpc: '2.0', id: 2, method: '' })).toMatchObject({ kind: 'invalid', id: 2 });
		expect(readEnvelope({ jsonrpc: '2.0', id: 2, method: 'ping', params: [1] })).toEqual({
			kind: 'invalid',
			id: 2,
			reason: 'The field "params" must be an object',
		});
		expect(readEnvelope({ jsonrpc: '2.0', id: 1.5, method: 'ping' })).toMatchObject({ kind: 'invalid', id: null });
		expect(readEnvelope({ jsonrpc: '2.0', id: null, method: 'ping' })).toMatchObject({ kind: 'invalid', id: null });
	});

	it('builds error answers with JSON-RPC codes', () => {
		expect(rpcError(4, RPC_ERROR.methodNotFound, 'nope')).toEqual({ jsonrpc: '2.0', id: 4, error: { code: -32601, message: 'nope' } });
		expect(RPC_ERROR).toEqual({ invalidRequest: -32600, methodNotFound: -32601, invalidParams: -32602, internalError: -32603 });
	});
});
