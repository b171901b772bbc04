import { DEMO_CREDENTIALS, SEED, SEED_ASSETS, type RunningEmulator } from '../../../emulator';
import type { N8nHarness } from '../../harness';
import { BEARER_TOKEN, HEADER_SECRET, rpc, startBed, startMcpServer, type McpAnswer, type McpServerBed } from './testbed';

interface Tool {
	name: string;
	title?: string;
	description: string;
	inputSchema: { type: string; required?: string[]; properties?: Record<string, Record<string, unknown>> };
	outputSchema?: Record<string, unknown>;
}

const TODO = SEED_ASSETS.createTodo;
const TOOL = 'to_do_center__create_to_do';
const SECRETS = [DEMO_CREDENTIALS.corp.appSecret, DEMO_CREDENTIALS.suite.suiteSecret, DEMO_CREDENTIALS.suite.suiteTicket, BEARER_TOKEN, HEADER_SECRET];

let emulator: RunningEmulator;
let harness: N8nHarness;
const servers: McpServerBed[] = [];
const answers: McpAnswer[] = [];

async function serve(parameters: Record<string, unknown>, app: 'corp' | 'suite' = 'corp') {
	const server = await startMcpServer(harness, { authentication: 'bearerAuth', actionSelection: 'all', ...parameters } as never, app);
	servers.push(server);
	const post = server.post;
	server.post = async (...args) => {
		const answer = await post(...args);
		answers.push(answer);
		return answer;
	};
	return server;
}

const result = (answer: McpAnswer) => (answer.json as { result: Record<string, unknown> }).result;
const listTools = async (server: McpServerBed, cursor?: string) =>
	result(await server.post(rpc('tools/list', cursor ? { cursor } : undefined))) as { tools: Tool[]; nextCursor?: string };

beforeAll(async () => {
	({ emulator, harness } = await startBed());
});
afterAll(async () => {
	for (const server of servers) await server.stop();
	await emulator.stop();
});
beforeEach(() => {
	emulator.resetCounters();
	harness.clearLogs();
});

describe('MCP server: the protocol', () => {
	it('initialize negotiates the revision; notifications get 202; ping answers', async () => {
		const server = await serve({ connectors: [TODO.connectorId] });
		for (const version of ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']) {
			const answer = await server.post(rpc('initialize', { protocolVersion: version, capabilities: {}, clientInfo: { name: 'test', version: '1' } }));
			expect(answer.status).toBe(200);
			expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
			expect(result(answer)).toEqual({
				protocolVersion: version,
				capabilities: { tools: { listChanged: false } },
				serverInfo: { name: 'dingtalk-connect', version: '1.0.0' },
			});
		}
		const initialized = await server.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
		expect([initialized.status, initialized.text]).toEqual([202, '']);
		expect(result(await server.post(rpc('ping')))).toEqual({});
		expect(server.runs).toEqual([]);
	});

	it('tools/list gives the action with its exact schema', async () => {
		const server = await serve({ connectors: [TODO.connectorId] });
		const { tools, nextCursor } = await listTools(server);
		expect(nextCursor).toBeUndefined();
		expect(tools.map((tool) => tool.name)).toEqual([TOOL]);
		const [tool] = tools;
		expect(tool.title).toBe('创建待办 Create To-do');
		expect(tool.description).toContain('Creates a to-do and returns its id');
		expect(tool.description).toContain('待办中心 To-do Center');
		expect(tool.inputSchema.type).toBe('object');
		expect(tool.inputSchema.required).toEqual(['subject', 'creatorId']);
		expect(tool.inputSchema.properties).toMatchObject({
			priority: { type: 'integer', enum: [10, 20, 30, 40], default: 20, description: '10 low, 20 normal, 30 urgent, 40 very urgent' },
			dueTime: { type: 'string', format: 'date-time', description: 'ISO 8601, e.g. 2024-06-30T18:00:00+08:00' },
			executorIds: { type: 'array', items: { type: 'string' } },
			detailUrl: { type: 'object', properties: { appUrl: { type: 'string' }, pcUrl: { type: 'string' } } },
			subject: { type: 'string', minLength: 1, maxLength: 1024, description: 'What has to be done' },
		});
		expect(tool.outputSchema).toMatchObject({ type: 'object', properties: { id: { type: ['string', 'null'] } } });
	});

	it('tools/list pages with cursors through a connector of 56 actions', async () => {
		const server = await serve({ connectors: [SEED.bulkConnectorId] });
		const first = await listTools(server);
		expect(first.tools).toHaveLength(50);
		expect(typeof first.nextCursor).toBe('string');
		const second = await listTools(server, first.nextCursor);
		expect(second.tools).toHaveLength(6);
		expect(second.nextCursor).toBeUndefined();
		const names = [...first.tools, ...second.tools].map((tool) => tool.name);
		expect(new Set(names).size).toBe(56);
		for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
		expect(names).toContain('bulk_toolkit__bulk_operation_02');
		const foreign = await server.post(rpc('tools/list', { cursor: 'not-mine' }));
		expect(foreign.json).toMatchObject({ error: { code: -32602 } });
	});

	it('offers only the selected actions, and leaves out actions the organisation has not authorised', async () => {
		const selected = await serve({ connectors: [SEED.bulkConnectorId, TODO.connectorId], actionSelection: 'selected', actions: [TODO.connectAssetUri] });
		expect((await listTools(selected)).tools.map((tool) => tool.name)).toEqual([TOOL]);
		const unauthorised = SEED_ASSETS.unauthorisedForSuite;
		const suite = await serve({ connectors: [unauthorised.connectorId] }, 'suite');
		const { tools } = await listTools(suite);
		expect(tools.length).toBeGreaterThan(0);
		expect(tools.some((tool) => tool.name.endsWith('create_record'))).toBe(false);
		const corp = await serve({ connectors: [unauthorised.connectorId] });
		expect((await listTools(corp)).tools.some((tool) => tool.name.endsWith('create_record'))).toBe(true);
	});

	it('answers every fault with its JSON-RPC error, running nothing', async () => {
		const server = await serve({ connectors: [TODO.connectorId] });
		const bearer = { authorization: `Bearer ${BEARER_TOKEN}` };
		const unknownMethod = await server.post(rpc('resources/list'));
		expect([unknownMethod.status, (unknownMethod.json as { error: { code: number } }).error.code]).toEqual([200, -32601]);
		const unknownTool = await server.post(rpc('tools/call', { name: 'nope', arguments: {} }));
		expect(unknownTool.json).toMatchObject({ error: { code: -32602, message: expect.stringContaining('Unknown tool: nope') } });
		const badArguments = await server.post(rpc('tools/call', { name: TOOL, arguments: 'subject=x' }));
		expect(badArguments.json).toMatchObject({ error: { code: -32602 } });
		const batch = await server.post([rpc('ping'), rpc('ping')]);
		expect([batch.status, batch.json]).toEqual([400, { jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringContaining('Batches') } }]);
		const envelope = await server.post({ id: 1, method: 'ping' });
		expect([envelope.status, envelope.json]).toMatchObject([400, { id: 1, error: { code: -32600 } }]);
		// n8n parses the body before any node runs: malformed JSON never reaches the server.
		expect((await server.send('POST', '{"jsonrpc":', bearer)).status).toBe(422);
		const large = await server.post(rpc('tools/call', { name: TOOL, arguments: { subject: 'x'.repeat(1_100_000), creatorId: 'u' } }));
		expect([large.status, large.json]).toMatchObject([413, { error: { code: -32600 } }]);
		for (const method of ['GET', 'DELETE']) {
			const answer = await server.send(method, undefined, bearer);
			expect([answer.status, answer.headers.get('allow')]).toEqual([405, 'POST']);
		}
		expect(emulator.invocations()).toEqual([]);
		// Refused calls are executions too (an administrator sees the attempt); the others are not.
		expect(server.runs.map((run) => run[0][0].json)).toEqual([
			expect.objectContaining({ tool: 'nope', outcome: 'refused' }),
			expect.objectContaining({ tool: TOOL, outcome: 'refused' }),
		]);
	});
});

describe('MCP server: tools/call', () => {
	it('runs the action with typed arguments and answers structured content and text; the execution records it', async () => {
		const server = await serve({ connectors: [TODO.connectorId] });
		const args = { subject: 'Review contract', creatorId: 'user01', priority: 30, dueTime: '2026-12-01T18:00:00+08:00', executorIds: ['user02'], detailUrl: { pcUrl: 'https://example.com/c/1' } };
		const answer = await server.post(rpc('tools/call', { name: TOOL, arguments: args }));
		const called = result(answer) as { structuredContent: Record<string, unknown>; content: Array<{ type: string; text: string }>; isError?: boolean };
		expect(called.isError).toBeUndefined();
		expect(called.structuredContent).toMatchObject({ id: expect.stringMatching(/^todo-/), subject: 'Review contract', priority: 30, executorIds: ['user02'] });
		expect(JSON.parse(called.content[0].text)).toEqual(called.structuredContent);
		const invocations = emulator.invocations();
		expect(invocations.at(-1)).toMatchObject({ connectAssetUri: TODO.connectAssetUri, input: args });
		const record = server.runs.at(-1)?.[0][0].json;
		expect(record).toEqual({
			tool: TOOL,
			arguments: args,
			outcome: 'success',
			durationMs: expect.any(Number),
			action: { name: '创建待办 Create To-do', connector: '待办中心 To-do Center', connectAssetUri: TODO.connectAssetUri },
			requestId: expect.any(Number),
		});
	});

	it("reads a model's natural strings as the schema means them", async () => {
		const server = await serve({ connectors: [TODO.connectorId] });
		const answer = await server.post(rpc('tools/call', { name: TOOL, arguments: { subject: 'S', creatorId: 'user01', priority: '20', dueTime: '2026-12-01T09:30', isOnlyShowExecutor: 'true' } }));
		expect(result(answer).isError).toBeUndefined();
		expect(emulator.invocations().at(-1)?.input).toEqual({ subject: 'S', creatorId: 'user01', priority: 20, dueTime: '2026-12-01T09:30:00+08:00', isOnlyShowExecutor: true });
	});

	it('a bad call returns an error naming field, value and what is allowed, sends nothing; the corrected call runs', async () => {
		const server = await serve({ connectors: [TODO.connectorId] });
		const before = emulator.invocations().length;
		const bad = result(await server.post(rpc('tools/call', { name: TOOL, arguments: { subject: 'S', creatorId: 'user01', priority: 35, dueTime: 'tomorrow', executorIds: 'user02' } })));
		expect(bad.isError).toBe(true);
		const text = (bad.content as Array<{ text: string }>)[0].text;
		expect(text).toContain('field "priority" must be one of: 10, 20, 30, 40 (sent: 35)');
		expect(text).toMatch(/field "dueTime" must be an ISO 8601 date-time/i);
		expect(text).toContain('(sent: "tomorrow")');
		expect(text).toContain('field "executorIds" must be a list (JSON array) (sent: "user02")');
		expect(emulator.invocations()).toHaveLength(before);
		expect(server.runs.at(-1)?.[0][0].json).toMatchObject({ outcome: 'toolError', message: text });
		const good = result(await server.post(rpc('tools/call', { name: TOOL, arguments: { subject: 'S', creatorId: 'user01', priority: 30, dueTime: '2026-12-01T18:00:00+08:00', executorIds: ['user02'] } })));
		expect(good.isError).toBeUndefined();
		expect(emulator.invocations()).toHaveLength(before + 1);
	});

	it("DingTalk's refusal is a tool error with the node's words", async () => {
		const server = await serve({ connectors: [SEED_ASSETS.alwaysFails.connectorId], actionSelection: 'selected', actions: [SEED_ASSETS.alwaysFails.connectAssetUri] });
		const [tool] = (await listTools(server)).tools;
		const failed = result(await server.post(rpc('tools/call', { name: tool.name, arguments: {} })));
		expect(failed.isError).toBe(true);
		expect((failed.content as Array<{ text: string }>)[0].text.length).toBeGreaterThan(10);
		expect(server.runs.at(-1)?.[0][0].json).toMatchObject({ outcome: 'toolError' });
	});
});

describe('MCP server: authentication', () => {
	it('refuses a missing or wrong bearer token with 401 and a challenge, running and asking nothing', async () => {
		const server = await serve({ connectors: [TODO.connectorId] });
		const call = rpc('tools/call', { name: TOOL, arguments: { subject: 'S', creatorId: 'user01' } });
		const requestsBefore = emulator.log().length;
		const refused: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: `Basic ${BEARER_TOKEN}` }, { 'x-api-key': HEADER_SECRET }];
		for (const headers of refused) {
			const answer = await server.post(call, headers);
			expect(answer.status).toBe(401);
			expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="DingTalk Connect MCP Server"');
			expect(answer.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Unauthorized' } });
		}
		expect(emulator.log().length).toBe(requestsBefore);
		expect(server.runs).toEqual([]);
		expect(harness.logs.filter((log) => log.message.includes('refused a request'))).toHaveLength(4);
	});

	it('header auth lets the right header through and refuses others', async () => {
		const server = await serve({ connectors: [TODO.connectorId], authentication: 'headerAuth' });
		expect((await server.post(rpc('ping'), { 'x-api-key': HEADER_SECRET })).status).toBe(200);
		const wrong = await server.post(rpc('ping'), { 'x-api-key': 'nope' });
		expect([wrong.status, wrong.headers.get('www-authenticate')]).toEqual([401, 'ApiKey realm="DingTalk Connect MCP Server"']);
		expect((await server.post(rpc('ping'), { authorization: `Bearer ${BEARER_TOKEN}` })).status).toBe(401);
	});

	it('with None chosen, any request is answered', async () => {
		const server = await serve({ connectors: [TODO.connectorId], authentication: 'none' });
		expect(result(await server.post(rpc('ping'), {}))).toEqual({});
	});

	it('no secret appears in any answer or log line', () => {
		expect(answers.length).toBeGreaterThan(20);
		const everything = [...answers.map((answer) => answer.text), ...harness.logs.map((log) => JSON.stringify(log))].join('\n');
		for (const secret of SECRETS) expect(everything.includes(secret)).toBe(false);
	});
});
