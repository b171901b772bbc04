// The MCP server's targets and table: each target a ratio or a count from the same run, none a time.
import type { McpResults } from './mcp';
import type { Target } from './target';

/** DingTalk's page size for connector and action lists, as the node asks for it. */
const LIST_PAGE = 50;
/** The node lists connectors of three types, one page each here (under 50 of each). */
const CONNECTOR_PAGES = 3;

/** Pages of action lists for the server's two connectors: the bench one and the to-do one. */
export function actionListPages(results: McpResults): number {
	const { benchActions, tools } = results.setup;
	return Math.ceil(benchActions / LIST_PAGE) + Math.ceil((tools - benchActions) / LIST_PAGE);
}

/** What a cold tools/list may ask DingTalk, throttled answers aside: a token, the lists, one detail per tool. */
export function coldListBound(results: McpResults): number {
	return 1 + CONNECTOR_PAGES + actionListPages(results) + results.setup.tools;
}

const ratio = (value: number) => `${value.toFixed(2)}×`;

export function evaluateMcpTargets(results: McpResults): Target[] {
	const { listCold: cold, listWarm: warm, calls, node, setup } = results;
	const targets: Target[] = [];
	const add = (name: string, measured: string, pass: boolean) => targets.push({ name, measured, pass });

	add(`MCP tools/list: all ${setup.tools} tools, cold and warm`, `${cold.tools} / ${warm.tools}`, cold.tools === setup.tools && warm.tools === setup.tools && setup.tools > setup.benchActions);
	const coldCalls = cold.totalCalls - cold.throttled;
	const bound = coldListBound(results);
	add(`MCP tools/list cold: DingTalk calls (throttled aside) ≤ ${bound} (token, lists, one detail per tool)`, String(coldCalls), coldCalls <= bound);
	const detailReads = (cold.calls.getActionDetail ?? 0) - cold.throttled;
	const readShare = detailReads / (cold.wallMs / 1000) / setup.limit;
	add(`MCP tools/list cold: detail reads/s ≥ 80 % of ${setup.limit}/s`, `${(readShare * 100).toFixed(1)} %`, readShare >= 0.8);
	const warmDetails = warm.calls.getActionDetail ?? 0;
	add('MCP tools/list warm: detail reads = 0', String(warmDetails), warmDetails === 0);
	const listCeiling = CONNECTOR_PAGES + actionListPages(results);
	add(`MCP tools/list warm: DingTalk calls ≤ ${listCeiling} (the 60 s lists only)`, String(warm.totalCalls), warm.totalCalls <= listCeiling);
	const speedUp = cold.wallMs / warm.wallMs;
	add('MCP tools/list: warm ≥ 10× faster than cold', ratio(speedUp), speedUp >= 10);

	const share = calls.callsPerSecond / node.invokesPerSecond;
	add(`MCP tools/call: calls/s ≥ 0.95 × the node's invokes/s (${setup.calls} each, ${setup.limit}/s)`, ratio(share), share >= 0.95);
	add('MCP tools/call: calls lost = 0', String(calls.lost), calls.lost === 0);
	add('MCP: the node\'s own items lost = 0 (a fair baseline)', String(node.lostItems), node.lostItems === 0);
	return targets;
}

type Table = (headers: string[], rows: string[][]) => string;

/** The tools/list and tools/call tables. */
export function mcpTables(results: McpResults, table: Table): string {
	const { listCold: cold, listWarm: warm, calls, node, setup } = results;
	const both = (pick: (run: typeof cold) => string) => [pick(cold), pick(warm)];
	const endpoints = (run: typeof cold) =>
		Object.entries(run.calls)
			.map(([api, count]) => `${api} ${count}`)
			.join(', ') || 'none';
	const list = table(
		['tools/list, every page', 'cold', 'warm'],
		[
			['tools / pages', ...both((run) => `${run.tools} / ${run.pages}`)],
			['wall time', ...both((run) => `${(run.wallMs / 1000).toFixed(2)} s`)],
			['ms per page (first page; later pages, mean)', ...both((run) => `${run.msPerPage.toFixed(0)} (${run.firstPageMs.toFixed(0)}; ${run.laterPageMs.toFixed(0)})`)],
			['DingTalk calls', ...both((run) => `${run.totalCalls} (${endpoints(run)})`)],
			['throttled answers', ...both((run) => String(run.throttled))],
			[`action details cached (bound ${setup.detailCacheBound})`, ...both((run) => String(run.detailsCached))],
		],
	);
	const rate = table(
		[`${setup.calls} calls at ${setup.limit}/s, invoke latency ${setup.latencyMs} ms`, `MCP tools/call (${setup.clients} clients)`, 'node Action → Invoke'],
		[
			['wall time', `${(calls.wallMs / 1000).toFixed(2)} s`, `${(node.wallMs / 1000).toFixed(2)} s`],
			['calls/s over wall time', calls.callsPerSecond.toFixed(2), node.invokesPerSecond.toFixed(2)],
			[`  as a share of the ${setup.limit}/s limit`, `${(calls.shareOfLimit * 100).toFixed(1)} %`, `${(node.shareOfLimit * 100).toFixed(1)} %`],
			['throttled answers', String(calls.throttled), String(node.throttled)],
			['invoke requests per call', calls.invokesPerCall.toFixed(3), (node.callsPerItem.invokeInstance ?? 0).toFixed(3)],
			['calls lost', String(calls.lost), String(node.lostItems)],
			['CPU per call (node process)', `${calls.cpuMsPerCall.toFixed(1)} ms`, `${node.cpuMsPerItem.toFixed(1)} ms`],
		],
	);
	return `${list}\n\n${rate}`;
}
