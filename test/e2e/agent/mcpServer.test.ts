// The DingTalk Connect MCP Server in a real n8n: an active workflow holds it, and an AI Agent (OpenAI
// Chat Model on the local stub) reaches it through n8n's own MCP Client Tool (HTTP Streamable, Bearer).
// The stub records the tool definitions n8n builds from the server's tools/list, so these tests check
// what the model is told about each field, and that the model's calls run (or come back as errors it can act on).
import { importCredentials } from '../../../scripts/n8n/runtime.mjs';
import { allExecutions, type ExecutionPage } from '../../../scripts/n8n/executionPages.mjs';
import { SEED_ASSETS } from '../../../emulator';
import { CREDENTIAL_TYPE, CREDENTIALS, nodeItems, startE2e, type E2eEnvironment, type Workflow, type WorkflowNode } from '../lib/n8n';
import { ownerClient, waitUntil, type RestClient } from '../rest/client';
import { AGENT, agentWorkflow } from './agentWorkflow';
import { startOpenAiStub, type ChatRequest, type OpenAiStub } from './openAiStub';

const TOKEN = 'e2e-mcp-bearer-token-0123456789';
const OPENAI_CREDENTIAL = { id: 'e2eOpenAiStubMcp', name: 'OpenAI (local stub)' };
const SERVER_BEARER = { id: 'e2eMcpServerBear', name: 'MCP server token' };
const CLIENT_BEARER = { id: 'e2eMcpClientBear', name: 'MCP client token' };
const SERVER_WORKFLOW = 'e2eMcpServerWf001';
const WEBHOOK_ID = 'e2e-dingtalk-mcp-server';
const TOOL = 'to_do_center__create_to_do';

let e2e: E2eEnvironment;
let stub: OpenAiStub;
let client: RestClient;
let mcpUrl: string;

const serverWorkflow: Workflow = {
	id: SERVER_WORKFLOW,
	name: 'MCP server (e2e)',
	nodes: [
		{
			id: '00000000-0000-4000-8000-d00000000001',
			name: 'DingTalk Connect MCP Server',
			type: 'CUSTOM.dingTalkConnectMcpServer',
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: { authentication: 'bearerAuth', connectors: [SEED_ASSETS.createTodo.connectorId], actionSelection: 'all' },
			credentials: { [CREDENTIAL_TYPE]: { ...CREDENTIALS.corp }, dingTalkConnectMcpBearerApi: SERVER_BEARER },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1', timezone: 'Asia/Shanghai' },
};

/** n8n's MCP Client Tool pointed at the server, as the agent's one tool. */
function clientToolNode(): WorkflowNode {
	return {
		id: '00000000-0000-4000-8000-e00000000003',
		name: 'DingTalk',
		type: '@n8n/n8n-nodes-langchain.mcpClientTool',
		typeVersion: 1.4,
		position: [400, 200],
		parameters: { endpointUrl: mcpUrl, serverTransport: 'httpStreamable', authentication: 'bearerAuth', include: 'all', options: {} },
		credentials: { httpBearerAuth: CLIENT_BEARER },
	};
}

async function post(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
	const response = await fetch(mcpUrl, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } });
	return { status: response.status, text: await response.text() };
}

async function serverExecutions(): Promise<Array<{ id: string }>> {
	return await allExecutions((route: string) => client.call<ExecutionPage<{ id: string }>>('GET', route), { workflowId: SERVER_WORKFLOW });
}

async function runAgent(name: string, args: Record<string, unknown>) {
	stub.requests.length = 0;
	stub.setToolCall(args);
	const before = e2e.emulator.invocations().length;
	const run = await e2e.runWorkflow(agentWorkflow(name, [clientToolNode()], OPENAI_CREDENTIAL));
	return { run, invocations: e2e.emulator.invocations().slice(before), requests: [...stub.requests] as ChatRequest[] };
}

beforeAll(async () => {
	stub = await startOpenAiStub();
	e2e = await startE2e();
	await importCredentials(e2e.instance, [
		{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-local-stub', url: stub.baseUrl } },
		{ ...SERVER_BEARER, type: 'dingTalkConnectMcpBearerApi', data: { token: TOKEN } },
		{ ...CLIENT_BEARER, type: 'httpBearerAuth', data: { token: TOKEN } },
	]);
	await e2e.importWorkflows([serverWorkflow]);
	const server = await e2e.startServer();
	mcpUrl = `${server.url}/webhook/${WEBHOOK_ID}/mcp`;
	client = await ownerClient(server.url);
	const stored = await client.call<{ versionId: string }>('GET', `/workflows/${SERVER_WORKFLOW}`);
	await client.call('POST', `/workflows/${SERVER_WORKFLOW}/activate`, { versionId: stored.versionId });
	// n8n registers the webhook after answering the activation: until then its URL is a 404.
	const registered = await waitUntil(async () => (await post({ jsonrpc: '2.0', id: 0, method: 'ping' })).status === 200, 60_000, 250);
	if (!registered) throw new Error('the MCP server workflow did not become reachable');
});

afterAll(async () => {
	await e2e?.stop();
	await stub?.stop();
});

test('without the token: 401, and nothing runs', async () => {
	const before = e2e.emulator.log().length;
	const executions = (await serverExecutions()).length;
	const answer = await post({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: TOOL, arguments: { subject: 'x', creatorId: 'y' } } }, {});
	expect(answer.status).toBe(401);
	expect(answer.text).not.toContain(TOKEN);
	expect(e2e.emulator.log().length).toBe(before);
	expect((await serverExecutions()).length).toBe(executions);
});

test("tools/list through n8n's webhook gives the action's exact schema", async () => {
	const answer = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
	expect(answer.status).toBe(200);
	const { tools } = (JSON.parse(answer.text) as { result: { tools: Array<{ name: string; inputSchema: { properties: Record<string, unknown>; required: string[] } }> } }).result;
	expect(tools.map((tool) => tool.name)).toEqual([TOOL]);
	expect(tools[0].inputSchema.required).toEqual(['subject', 'creatorId']);
	expect(tools[0].inputSchema.properties.priority).toMatchObject({ type: 'integer', enum: [10, 20, 30, 40] });
});

test("the model gets each field with its type, enum, format, required mark and description; its call runs typed and the agent gets the output", async () => {
	const executions = (await serverExecutions()).length;
	const args = { subject: 'Quarterly review', creatorId: 'manager4321', priority: 30, dueTime: '2026-12-01T18:00:00+08:00', executorIds: ['user01'], detailUrl: { pcUrl: 'https://example.com/r' } };
	const { run, invocations, requests } = await runAgent('Agent via MCP', args);
	expect(run.data.resultData.error).toBeUndefined();
	const offered = requests[0].tools ?? [];
	expect(offered).toHaveLength(1);
	const definition = offered[0].function as { name: string; description: string; parameters: { properties: Record<string, Record<string, unknown>>; required?: string[] } };
	// n8n prefixes the server's tool name with the Client Tool node's name.
	expect(definition.name).toBe(`DingTalk_${TOOL}`);
	expect(definition.description).toContain('Creates a to-do and returns its id');
	const { properties, required } = definition.parameters;
	expect([...(required ?? [])].sort()).toEqual(['creatorId', 'subject']);
	// n8n's conversion keeps the enum and turns integer + enum into number + enum.
	expect(properties.priority).toMatchObject({ type: 'number', enum: [10, 20, 30, 40], description: '10 low, 20 normal, 30 urgent, 40 very urgent' });
	expect(properties.dueTime).toMatchObject({ type: 'string', format: 'date-time', description: 'ISO 8601, e.g. 2024-06-30T18:00:00+08:00' });
	expect(properties.executorIds).toMatchObject({ type: 'array', items: { type: 'string' } });
	expect(properties.detailUrl).toMatchObject({ type: 'object', properties: { pcUrl: { type: 'string' } } });
	expect(properties.subject).toMatchObject({ type: 'string', description: 'What has to be done' });
	process.stdout.write(`MCP tool definition the model stub received:\n${JSON.stringify(offered[0], null, 1)}\n`);

	expect(invocations).toHaveLength(1);
	expect(invocations[0].input).toEqual(args);
	const toolMessage = requests[1].messages.find((message) => message.role === 'tool');
	expect(String(JSON.stringify(toolMessage?.content))).toContain((invocations[0].output as { id: string }).id);
	expect(String(nodeItems(run, AGENT)[0].output)).toContain((invocations[0].output as { id: string }).id);
	expect(await waitUntil(async () => (await serverExecutions()).length === executions + 1, 30_000, 250)).toBe(true);
});

test('a bad call comes back as an error the model can act on, and the corrected call runs', async () => {
	const bad = await runAgent('Agent via MCP: bad call', { subject: 'Review', creatorId: 'manager4321', priority: 35, dueTime: 'tonight' });
	expect(bad.invocations).toEqual([]);
	// n8n hands the model the tool's error text as [{ "error": "…" }].
	const content = bad.requests[1].messages.find((message) => message.role === 'tool')?.content;
	const parts = JSON.parse(typeof content === 'string' ? content : JSON.stringify(content)) as Array<{ error?: string }>;
	const error = parts.map((part) => part.error ?? '').join('\n');
	expect(error).toContain('field "priority" must be one of: 10, 20, 30, 40 (sent: 35)');
	expect(error).toMatch(/field "dueTime" must be an ISO 8601 date-time.*\(sent: "tonight"\)/i);
	expect(String(nodeItems(bad.run, AGENT)[0].output)).toContain('must be one of: 10, 20, 30, 40');
	const good = await runAgent('Agent via MCP: corrected', { subject: 'Review', creatorId: 'manager4321', priority: 30, dueTime: '2026-12-01T18:00:00+08:00' });
	expect(good.invocations).toHaveLength(1);
	expect(good.invocations[0].input).toMatchObject({ priority: 30 });
});
