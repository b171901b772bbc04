// The DingTalk Connect MCP Server in n8n's queue mode. The main answers every JSON-RPC request in the
// node's webhook() and runs tools/call there; each tools/call's execution is a job a worker runs later.
// So an MCP client is answered while every worker slot is taken by slow executions of another workflow.
//
// Two emulators stand in for DingTalk: the busy workflow's answers each invoke after BUSY_INVOKE_MS, the
// MCP server's without delay, so the busy executions stay running until the client is done.
// `npx jest -c test/queue/jest.config.js test/queue/mcpServer.spec.ts` (PostgreSQL and Redis, as queueMode.spec.ts).
import { DEMO_CREDENTIALS, SEED_ASSETS, SEED_USERS, startEmulator, type RunningEmulator } from '../../emulator';
import { unflattenExecutionData } from '../../scripts/n8n/executionPages.mjs';
import { CREDENTIAL_TYPE, importCredentials, importWorkflows } from '../../scripts/n8n/runtime.mjs';
import { waitUntil } from '../e2e/rest/client';
import { corpCredential, createTodoNode, executionsRunByMain, finishedBy, startQueueBed, type QueueBed } from './queueBed';

const WORKER_CONCURRENCY = 5;
const WORKERS = 2;
/** One busy execution per worker slot: while they run, no worker can take another job. */
const BUSY = WORKER_CONCURRENCY * WORKERS;
const BUSY_INVOKE_MS = 15_000;
const TOKEN = 'queue-mcp-bearer-token-0123456789';
const TOOL = 'to_do_center__create_to_do';
const TODO = SEED_ASSETS.createTodo;
const CREATOR = SEED_USERS[0].userId;

const SERVER_WORKFLOW = 'queueMcpServerWf1';
const BUSY_WORKFLOW = 'queueMcpBusyWf001';
const WEBHOOK_ID = 'queue-dingtalk-mcp-server';
const BUSY_PATH = 'queue-mcp-busy';
const SERVER_CREDENTIAL = { id: 'queueMcpCorpCred', name: 'DingTalk Connect (queue, MCP server)' };
const BUSY_CREDENTIAL = { id: 'queueMcpBusyCred', name: 'DingTalk Connect (queue, slow DingTalk)' };
const BEARER = { id: 'queueMcpBearer01', name: 'MCP server token (queue)' };

let bed: QueueBed | undefined;
let mcpDingTalk: RunningEmulator | undefined;
let busyDingTalk: RunningEmulator | undefined;
let mcpUrl: string;

const serverWorkflow = {
	id: SERVER_WORKFLOW,
	name: 'Queue test: MCP server',
	active: false,
	settings: { executionOrder: 'v1', timezone: 'Asia/Shanghai' },
	pinData: {},
	nodes: [
		{
			id: '00000000-0000-4000-8000-500000000001',
			name: 'DingTalk Connect MCP Server',
			type: 'CUSTOM.dingTalkConnectMcpServer',
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: { authentication: 'bearerAuth', connectors: [TODO.connectorId], actionSelection: 'all' },
			credentials: { [CREDENTIAL_TYPE]: { ...SERVER_CREDENTIAL }, dingTalkConnectMcpBearerApi: { ...BEARER } },
		},
	],
	connections: {},
};

/** Webhook (answers when the workflow ends) → Create To-do against the slow DingTalk. */
const busyWorkflow = {
	id: BUSY_WORKFLOW,
	name: 'Queue test: busy workers',
	active: false,
	settings: { executionOrder: 'v1' },
	pinData: {},
	nodes: [
		{
			id: '00000000-0000-4000-8000-500000000011',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '00000000-0000-4000-8000-500000000013',
			parameters: { httpMethod: 'POST', path: BUSY_PATH, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
		},
		createTodoNode({
			id: '00000000-0000-4000-8000-500000000012',
			position: [220, 0],
			credential: BUSY_CREDENTIAL,
			inputJson: '={{ JSON.stringify({ subject: $json.body.subject, creatorId: $json.body.creatorId }) }}',
		}),
	],
	connections: { Webhook: { main: [[{ node: 'Create To-do', type: 'main', index: 0 }]] } },
};

interface Answer {
	status: number;
	headers: Headers;
	text: string;
	json: { result?: Record<string, unknown>; error?: unknown } | undefined;
	ms: number;
	/** Busy webhook calls still waiting for their executions when this answer arrived. */
	busyPending: number;
}

let busyPending = 0;

async function post(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<Answer> {
	const started = Date.now();
	const response = await fetch(mcpUrl, {
		method: 'POST',
		body: JSON.stringify(body),
		headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
		signal: AbortSignal.timeout(60_000),
	});
	const text = await response.text();
	const arrived = { ms: Date.now() - started, busyPending };
	let json: Answer['json'];
	try {
		json = text === '' ? undefined : JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json, ...arrived };
}

let nextId = 1;
const rpc = (method: string, params?: Record<string, unknown>) => ({ jsonrpc: '2.0', id: nextId++, method, ...(params ? { params } : {}) });

function executionsOf(workflowId: string) {
	return bed!.postgres
		.query(`SELECT id, status FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`)
		.map(([id, status]) => ({ id, status }));
}

/** The item the MCP server node put out in one execution, read from PostgreSQL. */
function serverItem(executionId: string): Record<string, unknown> {
	const [[hex]] = bed!.postgres.query(`SELECT encode(convert_to(data, 'UTF8'), 'hex') FROM execution_data WHERE "executionId" = ${Number(executionId)}`);
	const data = unflattenExecutionData(Buffer.from(hex, 'hex').toString('utf8')) as {
		resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> };
	};
	return data.resultData.runData['DingTalk Connect MCP Server'][0].data.main[0][0].json;
}

beforeAll(async () => {
	bed = await startQueueBed('dingtalk-queue-mcp-');
	[mcpDingTalk, busyDingTalk] = await Promise.all([
		startEmulator({ port: 0, config: { qpsLimit: 0 } }),
		startEmulator({ port: 0, config: { qpsLimit: 0, latencyMs: { invokeInstance: BUSY_INVOKE_MS } } }),
	]);
	const { cluster } = bed;
	await importCredentials(cluster.cli, [
		corpCredential(SERVER_CREDENTIAL, mcpDingTalk.url),
		corpCredential(BUSY_CREDENTIAL, busyDingTalk.url),
		{ ...BEARER, type: 'dingTalkConnectMcpBearerApi', data: { token: TOKEN } },
	]);
	await importWorkflows(cluster.cli, [serverWorkflow, busyWorkflow]);
	await Promise.all([cluster.startMain(), ...Array.from({ length: WORKERS }, (_, n) => cluster.startWorker(`worker-${n + 1}`, { concurrency: WORKER_CONCURRENCY }))]);
	await cluster.activate([SERVER_WORKFLOW, BUSY_WORKFLOW]);
	mcpUrl = `${cluster.main!.url}/webhook/${WEBHOOK_ID}/mcp`;
	// n8n registers the webhook after answering the activation: until then its URL is a 404.
	if (!(await waitUntil(async () => (await post(rpc('ping'))).status === 200, 60_000, 250))) throw new Error('the MCP server workflow did not become reachable');
}, 300_000);

afterAll(async () => {
	await bed?.stop();
	await Promise.allSettled([mcpDingTalk?.stop(), busyDingTalk?.stop()]);
}, 120_000);

test('while every worker slot runs a slow execution, the main answers MCP clients and each tools/call is recorded by a worker later', async () => {
	const { cluster } = bed!;
	const workers = cluster.workers;
	const busyUrl = `${cluster.main!.url}/webhook/${BUSY_PATH}`;

	// The burst: one slow execution per worker slot, each holding its webhook call until it ends.
	busyPending = BUSY;
	const busyCalls = Array.from({ length: BUSY }, async (_, n) => {
		try {
			const response = await fetch(busyUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ subject: `busy ${n}`, creatorId: CREATOR }),
				signal: AbortSignal.timeout(120_000),
			});
			return { status: response.status, json: (await response.json().catch(() => undefined)) as { subject?: string } | undefined };
		} finally {
			busyPending--;
		}
	});
	// Running: every slot took one (the workers logged the start) and each invoke is at the slow DingTalk.
	const busyStartedOnWorkers = () => workers.flatMap((worker) => worker.startedExecutions()).filter((id) => executionsOf(BUSY_WORKFLOW).some((row) => row.id === id));
	const running = await waitUntil(() => busyStartedOnWorkers().length === BUSY && busyDingTalk!.counters().requests.invokeInstance === BUSY, 60_000, 200);
	expect({ running, started: busyStartedOnWorkers().length, invokesInFlight: busyDingTalk!.counters().requests.invokeInstance }).toEqual({ running: true, started: BUSY, invokesInFlight: BUSY });
	const busyRunningAtStart = executionsOf(BUSY_WORKFLOW).filter((row) => row.status === 'running').length;
	expect(busyRunningAtStart).toBe(BUSY);

	// The MCP client, all on the main's production URL.
	const answers: Record<string, Answer> = {};
	answers.initialize = await post(rpc('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'queue-test', version: '1' } }));
	answers.initialized = await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
	answers.toolsList = await post(rpc('tools/list'));

	const dingTalkRequestsBefore = mcpDingTalk!.log().length;
	const serverExecutionsBefore = executionsOf(SERVER_WORKFLOW).length;
	answers.withoutToken = await post(rpc('tools/call', { name: TOOL, arguments: { subject: 'no token', creatorId: CREATOR } }), {});
	const afterRefusal = { dingTalkRequests: mcpDingTalk!.log().length, serverExecutions: executionsOf(SERVER_WORKFLOW).length };

	const subjects = ['queue call 1', 'queue call 2', 'queue call 3'];
	const calls: Answer[] = [];
	for (const subject of subjects) calls.push(await post(rpc('tools/call', { name: TOOL, arguments: { subject, creatorId: CREATOR, priority: 30 } })));
	subjects.forEach((subject, n) => (answers[`toolsCall ${n + 1}`] = calls[n]));

	// Taken right after the last answer: the busy executions are all still running, none finished, so every
	// answer came while they ran; and no worker has started a tools/call's execution yet (no slot was free),
	// so the action ran on the main.
	const busyRows = executionsOf(BUSY_WORKFLOW);
	const serverRows = executionsOf(SERVER_WORKFLOW);
	const finished = finishedBy(workers);
	const startedOnWorkers = new Set(workers.flatMap((worker) => worker.startedExecutions()));
	const snapshot = {
		busyRunning: busyRows.filter((row) => row.status === 'running').length,
		busyFinished: busyRows.filter((row) => finished.has(row.id)).length,
		serverExecutions: serverRows.length,
		serverStartedOnWorkers: serverRows.filter((row) => startedOnWorkers.has(row.id)).length,
	};
	expect(snapshot).toEqual({ busyRunning: BUSY, busyFinished: 0, serverExecutions: subjects.length, serverStartedOnWorkers: 0 });
	expect(Object.entries(answers).map(([name, answer]) => [name, answer.busyPending])).toEqual(Object.keys(answers).map((name) => [name, BUSY]));

	// Answered correctly.
	expect(answers.initialize.status).toBe(200);
	expect(answers.initialize.json?.result).toMatchObject({ protocolVersion: '2025-06-18', capabilities: { tools: {} } });
	expect([answers.initialized.status, answers.initialized.text]).toEqual([202, '']);
	expect(answers.toolsList.status).toBe(200);
	const tools = (answers.toolsList.json?.result as { tools: Array<{ name: string; inputSchema: { required?: string[]; properties: Record<string, unknown> } }> }).tools;
	expect(tools.map((tool) => tool.name)).toEqual([TOOL]);
	expect(tools[0].inputSchema.required).toEqual(['subject', 'creatorId']);
	expect(tools[0].inputSchema.properties.priority).toMatchObject({ type: 'integer', enum: [10, 20, 30, 40] });

	expect(answers.withoutToken.status).toBe(401);
	expect(answers.withoutToken.headers.get('www-authenticate')).toMatch(/^Bearer/);
	expect(afterRefusal).toEqual({ dingTalkRequests: dingTalkRequestsBefore, serverExecutions: serverExecutionsBefore });

	const structured = calls.map((call) => {
		expect(call.status).toBe(200);
		const result = call.json?.result as { structuredContent: Record<string, unknown>; isError?: boolean };
		expect(result.isError).not.toBe(true);
		return result.structuredContent;
	});
	expect(structured).toEqual(subjects.map((subject) => expect.objectContaining({ id: expect.stringMatching(/^todo-/), subject, priority: 30 })));
	const invoked = mcpDingTalk!.invocations().map((invocation) => (invocation.input as { subject?: string }).subject);
	expect(invoked).toEqual(subjects);

	// The busy calls end (their workflow answers with the to-do), then the workers run the queued tools/call jobs.
	const busyResults = await Promise.all(busyCalls);
	expect(busyResults.filter((result) => result.status !== 200 || !result.json?.subject?.startsWith('busy '))).toEqual([]);
	const recorded = await waitUntil(() => executionsOf(SERVER_WORKFLOW).every((row) => row.status === 'success' && finishedBy(workers).has(row.id)), 60_000, 250);
	const serverExecutions = executionsOf(SERVER_WORKFLOW);
	expect({ recorded, statuses: serverExecutions.map((row) => row.status) }).toEqual({ recorded: true, statuses: subjects.map(() => 'success') });
	const finishedAtEnd = finishedBy(workers);
	for (const row of [...serverExecutions, ...busyRows]) expect({ id: row.id, workers: finishedAtEnd.get(row.id) ?? [] }).toEqual({ id: row.id, workers: [expect.any(String)] });
	expect(executionsRunByMain(cluster)).toEqual([]);

	// Each execution's item names the tool, the action and the outcome of the call it records.
	const items = serverExecutions.map((row) => serverItem(row.id));
	expect(items).toEqual(
		subjects.map((subject) =>
			expect.objectContaining({ tool: TOOL, outcome: 'success', arguments: expect.objectContaining({ subject }), action: expect.objectContaining({ connectAssetUri: TODO.connectAssetUri }) }),
		),
	);
	expect(mcpDingTalk!.invocations()).toHaveLength(subjects.length);

	const secrets = [TOKEN, DEMO_CREDENTIALS.corp.appSecret];
	const logged = [cluster.main!, ...workers].flatMap((instance) => instance.lines);
	expect(logged.filter((line) => secrets.some((secret) => line.includes(secret))).length).toBe(0);

	const latencies = Object.entries(answers).map(([name, answer]) => `${name} ${answer.ms} ms`);
	process.stdout.write(`queue MCP server: ${BUSY} busy executions running (${BUSY_INVOKE_MS} ms invokes) during every answer: ${latencies.join(', ')}\n`);
}, 180_000);
