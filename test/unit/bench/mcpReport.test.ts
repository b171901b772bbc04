import type { McpResults, ToolsListFigures } from '../../../bench/mcp';
import { actionListPages, coldListBound, evaluateMcpTargets, mcpTables } from '../../../bench/mcpReport';
import type { InvokeFigures } from '../../../bench/measure';

const list = (figures: Partial<ToolsListFigures>): ToolsListFigures => ({
	tools: 1003,
	pages: 21,
	wallMs: 52_000,
	msPerPage: 2476,
	firstPageMs: 50_600,
	laterPageMs: 70,
	calls: { accessToken: 1, searchConnectors: 3, searchActions: 21, getActionDetail: 1203 },
	totalCalls: 1228,
	throttled: 200,
	detailsCached: 1003,
	...figures,
});

function results(change: { cold?: Partial<ToolsListFigures>; warm?: Partial<ToolsListFigures>; callsPerSecond?: number; lost?: number } = {}): McpResults {
	return {
		setup: { benchActions: 1000, calls: 300, clients: 16, limit: 20, latencyMs: 150, tools: 1003, detailCacheBound: 2000 },
		listCold: list(change.cold ?? {}),
		listWarm: list({ wallMs: 1500, firstPageMs: 70, calls: {}, totalCalls: 0, throttled: 0, ...change.warm }),
		node: { invokesPerSecond: 18.5, shareOfLimit: 0.925, lostItems: 0, wallMs: 16_200, throttled: 3, callsPerItem: { invokeInstance: 1.01 }, cpuMsPerItem: 6 } as InvokeFigures,
		calls: {
			calls: 300,
			clients: 16,
			wallMs: 16_500,
			callsPerSecond: change.callsPerSecond ?? 18,
			shareOfLimit: 0.9,
			throttled: 4,
			lost: change.lost ?? 0,
			callsByEndpoint: { invokeInstance: 304 },
			invokesPerCall: 304 / 300,
			cpuMsPerCall: 20,
		},
		totalMs: 90_000,
	};
}

const failed = (run: McpResults) => evaluateMcpTargets(run).filter((target) => !target.pass).map((target) => target.name);

describe('MCP benchmark targets', () => {
	it('counts the action-list pages of both connectors and bounds a cold list by token, lists and one detail per tool', () => {
		expect(actionListPages(results())).toBe(20 + 1);
		expect(coldListBound(results())).toBe(1 + 3 + 21 + 1003);
	});

	it('passes a run that meets every target', () => {
		expect(failed(results())).toEqual([]);
	});

	it('fails a cold list that asked DingTalk more than the bound, throttled answers aside', () => {
		expect(failed(results({ cold: { totalCalls: 1228 + 1 } }))).toEqual([expect.stringContaining('cold: DingTalk calls')]);
	});

	it('fails a warm list that read a detail again, or was not ten times faster than the cold one', () => {
		expect(failed(results({ warm: { calls: { getActionDetail: 1 }, totalCalls: 1 } }))).toEqual(['MCP tools/list warm: detail reads = 0']);
		expect(failed(results({ warm: { wallMs: 5300 } }))).toEqual(['MCP tools/list: warm ≥ 10× faster than cold']);
	});

	it("fails calls slower than 0.95 × the node's own rate, and lost calls", () => {
		expect(failed(results({ callsPerSecond: 17.5 }))).toEqual([expect.stringContaining('0.95 ×')]);
		expect(failed(results({ lost: 1 }))).toEqual(['MCP tools/call: calls lost = 0']);
	});

	it('fails a list that did not offer every tool', () => {
		expect(failed(results({ warm: { tools: 1002 } }))).toEqual([expect.stringContaining('all 1003 tools')]);
	});

	it('prints both tables with the figures side by side', () => {
		const text = mcpTables(results(), (headers, rows) => [headers, ...rows].map((row) => row.join(' | ')).join('\n'));
		expect(text).toContain('tools / pages | 1003 / 21 | 1003 / 21');
		expect(text).toContain('calls/s over wall time | 18.00 | 18.50');
	});
});
