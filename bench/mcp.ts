// The MCP server node at scale: tools/list paged to the end for a server exposing a thousand actions, cold
// (fresh process memory, emulator reset) and warm (right after), then tools/call through the server from
// concurrent clients at the app's limit, beside the node's own Action → Invoke in the same run.
import { performance } from 'node:perf_hooks';

import { BENCH_CONNECTOR, DEMO_CREDENTIALS, SEED, SEED_ASSETS } from '../emulator';
import { listStores } from '../nodes/processMemory/processMemory';
import { mcpServerHarness, rpc, startMcpServer, type McpServerBed } from '../test/harness/mcpServer';
import { resetProcessMemory } from '../test/harness/processMemory';
import { startEmulatorProcess, type EmulatorProcess } from './emulatorProcess';
import { countLost, emulatorConfig, measureNodeInvoke, requestsByEndpoint, sumCalls, todoInputs, type CallsPerEndpoint, type InvokeFigures } from './measure';
import { NodeRunner } from './nodeRunner';

export interface McpSetup {
	/** Actions of the bench connector (the server also offers the to-do connector's few). */
	benchActions: number;
	calls: number;
	clients: number;
	limit: number;
	latencyMs: number;
}

export interface ToolsListFigures {
	tools: number;
	pages: number;
	wallMs: number;
	msPerPage: number;
	firstPageMs: number;
	/** Mean of the pages after the first, which find the catalogue's answers cached (or not). */
	laterPageMs: number;
	calls: CallsPerEndpoint;
	totalCalls: number;
	throttled: number;
	/** actionDetails entries held after the pass. */
	detailsCached: number;
}

export interface McpCallFigures {
	calls: number;
	clients: number;
	wallMs: number;
	callsPerSecond: number;
	shareOfLimit: number;
	throttled: number;
	lost: number;
	callsByEndpoint: CallsPerEndpoint;
	invokesPerCall: number;
	cpuMsPerCall: number;
	firstError?: string;
}

export interface McpResults {
	setup: McpSetup & { tools: number; detailCacheBound: number };
	listCold: ToolsListFigures;
	listWarm: ToolsListFigures;
	node: InvokeFigures;
	calls: McpCallFigures;
	totalMs: number;
}

const TODO_CONNECTOR = SEED_ASSETS.createTodo.connectorId;
const TODO_NAME = SEED.actions.find((action) => action.connectAssetUri === SEED_ASSETS.createTodo.connectAssetUri)?.name ?? '';
const detailStore = () => listStores().find((store) => store.name === 'actionDetails');

interface ListedTool {
	name: string;
	title?: string;
}

/** One full tools/list: every page, following nextCursor to the end. */
async function listAll(server: McpServerBed, emulator: EmulatorProcess): Promise<{ tools: ListedTool[]; figures: ToolsListFigures }> {
	const tools: ListedTool[] = [];
	const pageMs: number[] = [];
	let cursor: string | undefined;
	const start = performance.now();
	do {
		const pageStart = performance.now();
		const answer = await server.post(rpc('tools/list', cursor === undefined ? {} : { cursor }));
		pageMs.push(performance.now() - pageStart);
		const result = (answer.json as { result?: { tools: ListedTool[]; nextCursor?: string } } | undefined)?.result;
		if (answer.status !== 200 || !result) throw new Error(`tools/list answered ${answer.status}: ${answer.text.slice(0, 200)}`);
		tools.push(...result.tools);
		cursor = result.nextCursor;
	} while (cursor !== undefined);
	const wallMs = performance.now() - start;
	const counters = await emulator.counters();
	const calls = requestsByEndpoint(counters);
	const later = pageMs.slice(1);
	return {
		tools,
		figures: {
			tools: tools.length,
			pages: pageMs.length,
			wallMs,
			msPerPage: wallMs / pageMs.length,
			firstPageMs: pageMs[0],
			laterPageMs: later.length ? later.reduce((total, ms) => total + ms, 0) / later.length : 0,
			calls,
			totalCalls: sumCalls(calls),
			throttled: counters.throttled,
			detailsCached: detailStore()?.size ?? 0,
		},
	};
}

/** `count` tools/call of `tool` from `clients` clients, each sending its next call when its last is answered. */
async function callMany(server: McpServerBed, emulator: EmulatorProcess, tool: string, setup: McpSetup): Promise<McpCallFigures> {
	await emulator.resetCounters();
	const inputs = todoInputs('mcp', setup.calls);
	const outputs: Array<{ item: number; json: Record<string, unknown> }> = [];
	let next = 0;
	const client = async () => {
		while (next < inputs.length) {
			const item = next++;
			const answer = await server.post(rpc('tools/call', { name: tool, arguments: inputs[item] }));
			const result = (answer.json as { result?: { isError?: boolean; structuredContent?: Record<string, unknown>; content?: Array<{ text: string }> } } | undefined)?.result;
			const json = result && !result.isError ? (result.structuredContent ?? {}) : { error: result?.content?.[0]?.text ?? `HTTP ${answer.status}: ${answer.text.slice(0, 200)}` };
			outputs.push({ item, json });
		}
	};
	const cpuStart = process.cpuUsage();
	const start = performance.now();
	await Promise.all(Array.from({ length: setup.clients }, client));
	const wallMs = performance.now() - start;
	const cpu = process.cpuUsage(cpuStart);
	const counters = await emulator.counters();
	const lost = countLost(inputs, outputs);
	const callsPerSecond = (setup.calls - lost.lost) / (wallMs / 1000);
	return {
		calls: setup.calls,
		clients: setup.clients,
		wallMs,
		callsPerSecond,
		shareOfLimit: callsPerSecond / setup.limit,
		throttled: counters.throttled,
		lost: lost.lost,
		callsByEndpoint: requestsByEndpoint(counters),
		invokesPerCall: counters.requests.invokeInstance / setup.calls,
		cpuMsPerCall: (cpu.user + cpu.system) / 1000 / setup.calls,
		...(lost.firstError === undefined ? {} : { firstError: lost.firstError }),
	};
}

/** The whole MCP measurement, on its own emulator process (org A with the bench connector). */
export async function measureMcp(setup: McpSetup, step: (text: string) => void): Promise<McpResults> {
	const started = performance.now();
	const emulator = await startEmulatorProcess({ qpsLimit: setup.limit, invokeLatencyMs: setup.latencyMs, benchActions: setup.benchActions });
	const harness = mcpServerHarness(emulator);
	let server: McpServerBed | undefined;
	try {
		step(`MCP: the node's own Invoke, ${setup.calls} items, cold`);
		const node = await measureNodeInvoke(new NodeRunner(emulator.url), emulator, {
			label: 'mcp-node',
			items: setup.calls,
			cold: true,
			limit: setup.limit,
			latencyMs: setup.latencyMs,
			workflowId: 'wf-bench-mcp-node',
		});
		step(`  ${node.invokesPerSecond.toFixed(2)} invokes/s, ${node.lostItems} lost`);

		server = await startMcpServer(harness, { authentication: 'bearerAuth', connectors: [BENCH_CONNECTOR.id, TODO_CONNECTOR], actionSelection: 'all' } as never);
		await emulator.reset(emulatorConfig(setup.limit, setup.latencyMs));
		resetProcessMemory();
		harness.setCredential('corp', 'dingTalkConnectApi', { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl: emulator.url, accessToken: '' });
		step(`MCP: tools/list, cold (${setup.benchActions} bench actions and the to-do connector's)`);
		const cold = await listAll(server, emulator);
		step(`  ${cold.figures.tools} tools in ${cold.figures.pages} pages, ${(cold.figures.wallMs / 1000).toFixed(1)} s, ${cold.figures.totalCalls} DingTalk calls`);
		await emulator.resetCounters();
		const warm = await listAll(server, emulator);
		step(`MCP: tools/list, warm: ${(warm.figures.wallMs / 1000).toFixed(2)} s, ${warm.figures.totalCalls} DingTalk calls`);

		const tool = warm.tools.find((candidate) => candidate.title === TODO_NAME)?.name;
		if (tool === undefined) throw new Error(`tools/list offers no tool titled ${TODO_NAME}`);
		step(`MCP: ${setup.calls} tools/call of ${tool} from ${setup.clients} clients`);
		const calls = await callMany(server, emulator, tool, setup);
		step(`  ${calls.callsPerSecond.toFixed(2)} calls/s, ${calls.throttled} throttled, ${calls.lost} lost`);
		return {
			setup: { ...setup, tools: warm.figures.tools, detailCacheBound: detailStore()?.maxEntries ?? 0 },
			listCold: cold.figures,
			listWarm: warm.figures,
			node,
			calls,
			totalMs: performance.now() - started,
		};
	} finally {
		await server?.stop();
		await emulator.stop();
	}
}
