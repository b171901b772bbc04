import { answerMessage } from '../../../../../nodes/DingTalkConnectMcpServer/protocol/dispatch';
import type { McpTool, ToolCallResult, ToolServer } from '../../../../../nodes/DingTalkConnectMcpServer/protocol/types';

function fakeServer(count = 3) {
	const tools: McpTool[] = Array.from({ length: count }, (_, index) => ({
		name: `todo__tool_${index}`,
		description: `Tool ${index}`,
		inputSchema: { type: 'object', properties: { n: { type: 'integer' } } },
	}));
	const calls: Array<{ tool: string; args: unknown }> = [];
	const server: ToolServer = {
		serverInfo: { name: 'test', version: '1' },
		listTools: async () => tools,
		callTool: async (tool, args): Promise<ToolCallResult> => {
			calls.push({ tool: tool.name, args });
			return args.n === 0
				? { content: [{ type: 'text', text: 'Field "n" must be at least 1 (sent: 0)' }], isError: true }
				: { content: [{ type: 'text', text: '{"ok":true}' }], structuredContent: { ok: true } };
		},
	};
	return { server, calls };
}

const request = (method: string, params?: unknown, id: number | string = 1) => ({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });

describe('answerMessage', () => {
	it('initialize negotiates the revision and declares tools only', async () => {
		const { server } = fakeServer();
		const answer = await answerMessage(server, request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } }));
		expect(answer).toEqual({
			status: 200,
			body: {
				jsonrpc: '2.0',
				id: 1,
				result: { protocolVersion: '2025-06-18', capabilities: { tools: { listChanged: false } }, serverInfo: { name: 'test', version: '1' } },
			},
		});
		const bad = await answerMessage(server, request('initialize', {}));
		expect(bad.body).toMatchObject({ error: { code: -32602 } });
	});

	it('answers notifications and client responses with 202 and no body', async () => {
		const { server } = fakeServer();
		expect(await answerMessage(server, { jsonrpc: '2.0', method: 'notifications/initialized' })).toEqual({ status: 202 });
		expect(await answerMessage(server, { jsonrpc: '2.0', id: 9, result: {} })).toEqual({ status: 202 });
	});

	it('ping answers an empty result', async () => {
		expect((await answerMessage(fakeServer().server, request('ping', undefined, 'p'))).body).toEqual({ jsonrpc: '2.0', id: 'p', result: {} });
	});

	it('tools/list pages with cursors and refuses a foreign cursor', async () => {
		const { server } = fakeServer(60);
		const first = await answerMessage(server, request('tools/list'));
		const result = (first.body as unknown as { result: { tools: McpTool[]; nextCursor?: string } }).result;
		expect(result.tools).toHaveLength(50);
		const second = await answerMessage(server, request('tools/list', { cursor: result.nextCursor }));
		const rest = (second.body as unknown as { result: { tools: McpTool[]; nextCursor?: string } }).result;
		expect(rest.tools.map((tool) => tool.name)).toEqual(Array.from({ length: 10 }, (_, index) => `todo__tool_${50 + index}`));
		expect(rest.nextCursor).toBeUndefined();
		expect((await answerMessage(server, request('tools/list', { cursor: 'nope' }))).body).toMatchObject({ error: { code: -32602 } });
	});

	it('tools/call runs the named tool and records the call', async () => {
		const { server, calls } = fakeServer();
		const answer = await answerMessage(server, request('tools/call', { name: 'todo__tool_1', arguments: { n: 2 } }));
		expect(answer.body).toEqual({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: '{"ok":true}' }], structuredContent: { ok: true } } });
		expect(calls).toEqual([{ tool: 'todo__tool_1', args: { n: 2 } }]);
		expect(answer.call).toEqual({ tool: 'todo__tool_1', arguments: { n: 2 }, outcome: 'success', message: undefined, durationMs: expect.any(Number) });
	});

	it('a tool error stays a result (isError) and is recorded with its text', async () => {
		const { server } = fakeServer();
		const answer = await answerMessage(server, request('tools/call', { name: 'todo__tool_0', arguments: { n: 0 } }));
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ result: { isError: true } });
		expect(answer.call).toMatchObject({ outcome: 'toolError', message: 'Field "n" must be at least 1 (sent: 0)' });
	});

	it('refuses an unknown tool or bad arguments with -32602, running nothing', async () => {
		const { server, calls } = fakeServer();
		const unknown = await answerMessage(server, request('tools/call', { name: 'nope', arguments: {} }));
		expect(unknown.body).toMatchObject({ error: { code: -32602, message: expect.stringContaining('Unknown tool: nope') } });
		expect(unknown.call).toMatchObject({ tool: 'nope', outcome: 'refused' });
		const noName = await answerMessage(server, request('tools/call', { arguments: {} }));
		expect(noName.body).toMatchObject({ error: { code: -32602 } });
		const badArgs = await answerMessage(server, request('tools/call', { name: 'todo__tool_1', arguments: [1] }));
		expect(badArgs.body).toMatchObject({ error: { code: -32602, message: 'The field "params.arguments" must be an object' } });
		expect(calls).toEqual([]);
	});

	it('answers an unknown method with -32601 and a broken envelope or batch with 400 / -32600', async () => {
		const { server } = fakeServer();
		expect(await answerMessage(server, request('resources/list', undefined, 5))).toEqual({
			status: 200,
			body: { jsonrpc: '2.0', id: 5, error: { code: -32601, message: expect.stringContaining('Method not found: resources/list') } },
		});
		expect(await answerMessage(server, [request('ping')])).toMatchObject({ status: 400, body: { id: null, error: { code: -32600 } } });
		expect(await answerMessage(server, { jsonrpc: '1.0', id: 3, method: 'ping' })).toMatchObject({ status: 400, body: { id: 3, error: { code: -32600 } } });
	});
});
