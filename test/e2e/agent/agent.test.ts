// The node as an AI Agent tool in a real n8n: AI Agent + OpenAI Chat Model whose credential's Base URL
// is a local stub (openAiStub.ts) that answers with a tool call. The tool nodes' fields come from the
// running n8n as the editor loads them. The stub records the tool definitions n8n sends, so these
// tests check what the model is told about the action, that the action runs with the model's
// arguments typed as the schema says, and that the agent gets the action's output.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { ResourceMapperField } from 'n8n-workflow';

import { DEMO_CREDENTIALS, SEED, SEED_ASSETS } from '../../../emulator';
import { ROOT, importCredentials } from '../../../scripts/n8n/runtime.mjs';
import { CREDENTIAL_TYPE, CREDENTIALS, nodeItems, startE2e, type E2eEnvironment, type Workflow, type WorkflowNode } from '../lib/n8n';
import { TOOL_DESCRIPTION } from '../../../nodes/DingTalkConnect/helpers/toolAction';
import { mapperValue, openEditor } from './editor';
import { AGENT, agentWorkflow } from './agentWorkflow';
import { FINAL_PREFIX, startOpenAiStub, type ChatRequest, type OpenAiStub } from './openAiStub';

const OPENAI_CREDENTIAL = { id: 'e2eOpenAiStub001', name: 'OpenAI (local stub)' };
const TOOL_TYPE = 'CUSTOM.dingTalkConnectTool';
const DINGTALK_CREDENTIALS = { [CREDENTIAL_TYPE]: { ...CREDENTIALS.corp } };

type Asset = (typeof SEED_ASSETS)[keyof typeof SEED_ASSETS];
type InputMode = 'fields' | 'json';

let e2e: E2eEnvironment;
let stub: OpenAiStub;
const loaded = new Map<string, ResourceMapperField[]>();

function actionOf(asset: Asset) {
	const action = SEED.actions.find((candidate) => candidate.connectAssetUri === asset.connectAssetUri)!;
	const connector = SEED.connectors.find((candidate) => candidate.id === asset.connectorId)!;
	return { action, connector };
}

/** The tool node's parameters as the editor has them once connector and action are picked from the lists. */
function pickedParameters(asset: Asset, inputMode: InputMode): Record<string, unknown> {
	const { action, connector } = actionOf(asset);
	return {
		resource: 'action',
		operation: 'invoke',
		connector: { __rl: true, mode: 'list', value: connector.id, cachedResultName: connector.name },
		action: { __rl: true, mode: 'list', value: action.connectAssetUri, cachedResultName: action.name },
		inputMode,
		options: {},
	};
}

const mapperOf = (inputMode: InputMode) =>
	inputMode === 'fields'
		? { path: 'parameters', methodName: 'getActionInputFields' }
		: { path: 'toolInput', methodName: 'getActionInputAsJson' };

beforeAll(async () => {
	stub = await startOpenAiStub();
	e2e = await startE2e();
	await importCredentials(e2e.instance, [{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-local-stub', url: stub.baseUrl } }]);
	const editor = await openEditor(e2e);
	try {
		const wanted: Array<[Asset, InputMode]> = [
			[SEED_ASSETS.createTodo, 'fields'],
			[SEED_ASSETS.sendWorkNotice, 'fields'],
			[SEED_ASSETS.createTodo, 'json'],
		];
		for (const [asset, inputMode] of wanted) {
			const fields = await editor.loadFields({
				nodeType: TOOL_TYPE,
				...mapperOf(inputMode),
				parameters: pickedParameters(asset, inputMode),
				credentials: DINGTALK_CREDENTIALS,
			});
			loaded.set(`${asset.connectAssetUri}|${inputMode}`, fields);
		}
	} finally {
		await editor.stop();
	}
});

afterAll(async () => {
	await e2e?.stop();
	await stub?.stop();
});

let nodeCounter = 0;

function toolNode(name: string, asset: Asset, inputMode: InputMode): WorkflowNode {
	nodeCounter += 1;
	const fields = loaded.get(`${asset.connectAssetUri}|${inputMode}`)!;
	return {
		id: `00000000-0000-4000-8000-b${String(nodeCounter).padStart(11, '0')}`,
		name,
		type: TOOL_TYPE,
		typeVersion: 1,
		position: [400 + 200 * nodeCounter, 200],
		parameters: { ...pickedParameters(asset, inputMode), [mapperOf(inputMode).path]: mapperValue(fields) },
		credentials: DINGTALK_CREDENTIALS,
	};
}

/** Connector → Get Many as the editor adds it: n8n fills the search and the limit with their model-defined defaults. */
function listConnectorsNode(connectorType: string): WorkflowNode {
	nodeCounter += 1;
	return {
		id: `00000000-0000-4000-8000-c${String(nodeCounter).padStart(11, '0')}`,
		name: 'List Connectors',
		type: TOOL_TYPE,
		typeVersion: 1,
		position: [800, 200],
		parameters: { resource: 'connector', operation: 'getMany', connectorType },
		credentials: DINGTALK_CREDENTIALS,
	};
}

interface ToolDefinition {
	name: string;
	description: string;
	parameters: { properties: Record<string, Record<string, unknown> & { description?: string }>; required?: string[] };
}

function toolDefinitions(requests: ChatRequest[]): Record<string, ToolDefinition> {
	return Object.fromEntries((requests[0]?.tools ?? []).map((tool) => [tool.function.name, tool.function as ToolDefinition]));
}

async function runAgent(name: string, tools: WorkflowNode[], call: { tool: string; args: Record<string, unknown> }) {
	stub.requests.length = 0;
	stub.setToolCall(call.args, call.tool);
	const before = e2e.emulator.invocations().length;
	const run = await e2e.runWorkflow(agentWorkflow(name, tools, OPENAI_CREDENTIAL));
	return { run, invocations: e2e.emulator.invocations().slice(before), requests: [...stub.requests] };
}

/** The action's output went back to the model, and the agent's answer carries it. */
function expectOutputReachedTheAgent(run: Awaited<ReturnType<typeof runAgent>>['run'], requests: ChatRequest[], outputId: string) {
	expect(requests).toHaveLength(2);
	const toolMessage = requests[1].messages.find((message) => message.role === 'tool');
	expect(String(toolMessage?.content)).toContain(outputId);
	const [answer] = nodeItems(run, AGENT);
	expect(String(answer.output)).toBe(`${FINAL_PREFIX}${String(toolMessage?.content)}`);
}

const todo = actionOf(SEED_ASSETS.createTodo);
const notice = actionOf(SEED_ASSETS.sendWorkNotice);

test('Fields mode: the model sees each field by name, typed, described, with its choices and required mark; the action runs with its answer', async () => {
	const { run, invocations, requests } = await runAgent(
		'Agent: Fields',
		[toolNode('Create Todo', SEED_ASSETS.createTodo, 'fields'), toolNode('Send Work Notice', SEED_ASSETS.sendWorkNotice, 'fields')],
		{
			tool: 'Create_Todo',
			args: {
				subject: 'Quarterly review',
				creatorId: 'manager4321',
				priority: 30,
				dueTime: '2026-12-01T18:00:00',
				executorIds: '["user01","user02"]',
				isOnlyShowExecutor: false,
				detailUrl: '{"pcUrl":"https://example.com/review"}',
			},
		},
	);
	expect(run.data.resultData.error).toBeUndefined();
	const tools = toolDefinitions(requests);
	expect(Object.keys(tools).sort()).toEqual(['Create_Todo', 'Send_Work_Notice']);

	const createTodo = tools.Create_Todo;
	expect(createTodo.description).toBe(
		`Runs the DingTalk Connect action “${todo.action.name}” of the connector “${todo.connector.name}”: ${todo.action.description}. Its parameters are the action’s input; it returns the action’s output as JSON.`,
	);
	const { properties, required } = createTodo.parameters;
	expect(Object.keys(properties)).toEqual(['subject', 'creatorId', 'description', 'dueTime', 'priority', 'executorIds', 'isOnlyShowExecutor', 'detailUrl']);
	expect([...(required ?? [])].sort()).toEqual(['creatorId', 'subject']);
	expect(properties.subject).toEqual({ type: 'string', description: '标题 Subject. What has to be done. Type: string' });
	// Each field as the editor stores it carries n8n's own marker: the editor shows "Defined automatically by the model".
	for (const field of loaded.get(`${SEED_ASSETS.createTodo.connectAssetUri}|fields`)!.filter((field) => field.display)) {
		expect(String(field.defaultValue).startsWith('={{ /*n8n-auto-generated-fromAI-override*/ $fromAI(')).toBe(true);
	}
	expect(properties.priority).toMatchObject({ type: 'number', default: 20 });
	expect(properties.priority.description).toBe(
		'优先级 Priority. 10 low, 20 normal, 30 urgent, 40 very urgent. Type: integer. Allowed values: 10, 20, 30, 40. Default: 20',
	);
	expect(properties.dueTime).toMatchObject({ type: 'string', default: '' });
	expect(properties.dueTime.description).toContain('Type: string, format date-time');
	expect(properties.isOnlyShowExecutor).toMatchObject({ type: 'boolean', default: false });
	// Optional arrays and objects without a default travel as JSON text (n8n's json type cannot be optional).
	expect(properties.executorIds).toMatchObject({ type: 'string', default: '' });
	// (A "}}" in the schema is written "} }", which stays JSON, so that it cannot close n8n's {{ }}.)
	expect(properties.executorIds.description).toBe('Executors. Type: array. JSON Schema: {"type":"array","title":"Executors","items":{"type":"string"} }. Give it as JSON text');
	expect(properties.detailUrl.description).toContain('"appUrl":{"type":"string","title":"Mobile URL"}');

	// Required arrays and objects are n8n's json type: any JSON value, their type and shape in the description.
	const sendNotice = tools.Send_Work_Notice;
	expect(sendNotice.description).toContain(`“${notice.action.name}”`);
	expect([...(sendNotice.parameters.required ?? [])].sort()).toEqual(['msg', 'userIds']);
	// n8n sends its json type without a JSON type (LangChain drops its anyOf), so the type is in the description.
	expect(sendNotice.parameters.properties.userIds).toEqual({
		description:
			'Recipients. userIds of the recipients. Type: array. JSON Schema: {"type":"array","title":"Recipients","description":"userIds of the recipients","items":{"type":"string"},"minItems":1}',
	});
	expect(sendNotice.parameters.properties.msg.description).toContain('"msgtype":{"type":"string","title":"Message Type","enum":["text","markdown","link"]');

	expect(invocations).toHaveLength(1);
	expect(invocations[0].input).toEqual({
		subject: 'Quarterly review',
		creatorId: 'manager4321',
		priority: 30,
		dueTime: '2026-12-01T18:00:00+08:00',
		executorIds: ['user01', 'user02'],
		isOnlyShowExecutor: false,
		detailUrl: { pcUrl: 'https://example.com/review' },
	});
	expectOutputReachedTheAgent(run, requests, (invocations[0].output as { id: string }).id);
});

test('JSON mode: the model sees one input described by the whole schema; its natural text answers are read as the schema says', async () => {
	const listConnectors = listConnectorsNode('self_built');
	// A user rewrites the default Tool Description's words and keeps its insert: the action's facts still follow.
	const createTodo = toolNode('Create Todo', SEED_ASSETS.createTodo, 'json');
	createTodo.parameters.toolDescription = TOOL_DESCRIPTION.replace('Runs the DingTalk Connect action', 'Makes one to-do for the team with');
	const { run, invocations, requests } = await runAgent('Agent: JSON', [createTodo, listConnectors], {
		tool: 'Create_Todo',
		args: {
			input: {
				subject: 'Quarterly review',
				creatorId: 'manager4321',
				priority: '30',
				isOnlyShowExecutor: 'false',
				dueTime: '2026-12-01 18:00',
				executorIds: ['user01'],
			},
		},
	});
	expect(run.data.resultData.error).toBeUndefined();
	// The other operations keep n8n's description from the operation (and a Tool Description of their own).
	expect(toolDefinitions(requests).List_Connectors.description).toBe('Get many connectors in DingTalk Connect');
	const tool = toolDefinitions(requests).Create_Todo;
	expect(tool.description).toBe(
		`Makes one to-do for the team with “${todo.action.name}” of the connector “${todo.connector.name}”: ${todo.action.description}. Its parameters are the action’s input; it returns the action’s output as JSON.`,
	);
	expect(Object.keys(tool.parameters.properties)).toEqual(['input']);
	expect(tool.parameters.required).toEqual(['input']);
	const description = tool.parameters.properties.input.description ?? '';
	const shape = JSON.parse(description.slice(description.indexOf('JSON Schema: ') + 13)) as {
		required: string[];
		properties: Record<string, Record<string, unknown>>;
	};
	expect(shape.required).toEqual(['subject', 'creatorId']);
	expect(Object.keys(shape.properties)).toEqual(Object.keys(todo.action.inputSchema.properties ?? {}));
	expect(shape.properties.priority).toMatchObject({ type: 'integer', enum: [10, 20, 30, 40], description: '10 low, 20 normal, 30 urgent, 40 very urgent' });
	expect(shape.properties.dueTime).toMatchObject({ type: 'string', format: 'date-time' });
	expect(shape.properties.executorIds).toMatchObject({ type: 'array', items: { type: 'string' } });

	expect(invocations).toHaveLength(1);
	expect(invocations[0].input).toEqual({
		subject: 'Quarterly review',
		creatorId: 'manager4321',
		priority: 30,
		isOnlyShowExecutor: false,
		dueTime: '2026-12-01T18:00:00+08:00',
		executorIds: ['user01'],
	});
	expectOutputReachedTheAgent(run, requests, (invocations[0].output as { id: string }).id);
});

test('the example workflow runs as it is, once its model credential points at a model', async () => {
	const example = JSON.parse(readFileSync(path.join(ROOT, 'examples/workflows/agent-creates-todos.json'), 'utf8')) as Workflow & {
		nodes: Array<WorkflowNode & { credentials?: Record<string, { id: string; name: string }> }>;
	};
	// The credentials the example names: the one `npm start` creates on the emulator, and "yours" (here the stub).
	const model = example.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi')!;
	const dingTalk = example.nodes.find((node) => node.type === TOOL_TYPE)!;
	await importCredentials(e2e.instance, [
		{ ...model.credentials!.openAiApi, type: 'openAiApi', data: { apiKey: 'sk-local-stub', url: stub.baseUrl } },
		{
			...dingTalk.credentials![CREDENTIAL_TYPE],
			type: CREDENTIAL_TYPE,
			data: { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl: e2e.emulator.url },
		},
	]);
	stub.requests.length = 0;
	// A model's natural text answers, even where the tool says number or boolean: n8n passes them on, the node reads them.
	stub.setToolCall({
		subject: 'Prepare the quarterly review',
		creatorId: 'manager4321',
		priority: '30',
		isOnlyShowExecutor: 'false',
		dueTime: '2026-12-01T18:00',
		executorIds: '["user01","user02"]',
	});
	const before = e2e.emulator.invocations().length;
	const run = await e2e.runWorkflow(example);
	expect(run.data.resultData.error).toBeUndefined();
	const invocations = e2e.emulator.invocations().slice(before);
	expect(invocations.map((invocation) => invocation.input)).toEqual([
		{
			subject: 'Prepare the quarterly review',
			creatorId: 'manager4321',
			priority: 30,
			isOnlyShowExecutor: false,
			dueTime: '2026-12-01T18:00:00+08:00',
			executorIds: ['user01', 'user02'],
		},
	]);
	expect(toolDefinitions(stub.requests)['Create_To-do'].description).toContain(todo.action.description);
	expectOutputReachedTheAgent(run, [...stub.requests], (invocations[0].output as { id: string }).id);
});

test('an answer outside the schema goes back to the model as an error it can act on; nothing is sent to DingTalk', async () => {
	const { run, invocations, requests } = await runAgent('Agent: wrong answer', [toolNode('Create Todo', SEED_ASSETS.createTodo, 'fields')], {
		tool: 'Create_Todo',
		args: { subject: 'Quarterly review', creatorId: 'manager4321', priority: 35 },
	});
	expect(invocations).toEqual([]);
	const toolMessage = requests[1]?.messages.find((message) => message.role === 'tool');
	// The field, the value the model sent and what is allowed; no item number (its one item is its own call).
	expect(JSON.parse(String(toolMessage?.content))).toEqual([{ error: 'Field "priority" must be one of: 10, 20, 30, 40 (sent: 35)' }]);
	expect(run.data.resultData.error).toBeUndefined();
});

test('Get Many as a tool: the model may pass a search and a limit, and gets what matches, up to its limit', async () => {
	const listConnectors = listConnectorsNode('all');
	const word = todo.connector.name.split(/\s+/).pop()!;
	const { run, requests } = await runAgent('Agent: Get Many', [listConnectors], { tool: 'List_Connectors', args: { search: word, limit: 2 } });
	expect(run.data.resultData.error).toBeUndefined();
	const { properties, required } = toolDefinitions(requests).List_Connectors.parameters;
	expect(Object.keys(properties).sort()).toEqual(['limit', 'search']);
	expect(properties.limit).toMatchObject({ type: 'number', default: 50 });
	expect(properties.search).toMatchObject({ type: 'string', default: '' });
	expect(properties.search.description).toContain('Only connectors whose name, ID or description contains this text');
	expect(required ?? []).toEqual([]);
	const toolMessage = requests[1]?.messages.find((message) => message.role === 'tool');
	const found = JSON.parse(String(toolMessage?.content)) as Array<{ id: string; name: string; description?: string }>;
	expect(found.length).toBeGreaterThan(0);
	expect(found.length).toBeLessThanOrEqual(2);
	for (const connector of found) {
		expect(`${connector.name} ${connector.id} ${connector.description ?? ''}`.toLowerCase()).toContain(word.toLowerCase());
	}
});
