// One measured run of each kind: the node's Action → Invoke, the naive client, and a dropdown call.
import { performance } from 'node:perf_hooks';

import { API_NAMES, SEED_ASSETS, type ApiName, type EmulatorConfig, type EmulatorCounters } from '../emulator';
import type { EmulatorProcess } from './emulatorProcess';
import { runNaiveClient } from './naiveClient';
import { invokeParameters, type NodeRunner } from './nodeRunner';

export const TODO_URI = SEED_ASSETS.createTodo.connectAssetUri;

export type CallsPerEndpoint = Partial<Record<ApiName, number>>;

export interface InvokeFigures {
	items: number;
	wallMs: number;
	/** Executed invokes per second of wall time. */
	invokesPerSecond: number;
	/** invokesPerSecond ÷ the emulator's limit. */
	shareOfLimit: number;
	/** Executed invokes per second between the first and the last invoke the emulator received. */
	sendingRate: number;
	/** The most invoke requests the emulator received in one calendar second (its limit's window). */
	peakPerSecond: number;
	throttled: number;
	/** Requests the emulator refused before running them, each sent again by the client. */
	retries: number;
	lostItems: number;
	distinctResults: number;
	executedInvokes: number;
	/** Requests received per endpoint, per input item (retries included). */
	callsPerItem: CallsPerEndpoint;
	totalCalls: number;
	totalCallsPerItem: number;
	cpuMsPerItem: number;
	firstError?: string;
}

export const emulatorConfig = (qpsLimit: number, invokeLatencyMs: number): Partial<EmulatorConfig> => ({
	qpsLimit,
	latencyMs: { invokeInstance: invokeLatencyMs },
});

export function requestsByEndpoint(counters: EmulatorCounters): CallsPerEndpoint {
	const calls: CallsPerEndpoint = {};
	for (const api of API_NAMES) if (counters.requests[api] > 0) calls[api] = counters.requests[api];
	return calls;
}

function perItem(calls: CallsPerEndpoint, items: number): CallsPerEndpoint {
	const result: CallsPerEndpoint = {};
	for (const [api, count] of Object.entries(calls) as Array<[ApiName, number]>) result[api] = count / items;
	return result;
}

export const sumCalls = (calls: CallsPerEndpoint) => Object.values(calls).reduce((total, count) => total + (count ?? 0), 0);

/** From the emulator's log: the invoke rate while sending, and the most invokes (throttled ones too) in one calendar second. */
async function arrivals(emulator: EmulatorProcess): Promise<{ rate: number; peak: number }> {
	const invokes = (await emulator.log()).filter((entry) => entry.api === 'invokeInstance');
	const perSecond = new Map<number, number>();
	for (const entry of invokes) perSecond.set(Math.floor(entry.at / 1000), (perSecond.get(Math.floor(entry.at / 1000)) ?? 0) + 1);
	const peak = Math.max(0, ...perSecond.values());
	const executed = invokes.filter((entry) => entry.executed).map((entry) => entry.at).sort((a, b) => a - b);
	if (executed.length < 2) return { rate: 0, peak };
	const spanMs = executed[executed.length - 1] - executed[0];
	return { rate: spanMs > 0 ? ((executed.length - 1) * 1000) / spanMs : 0, peak };
}

export function todoInputs(label: string, count: number): Array<{ subject: string; creatorId: string }> {
	return Array.from({ length: count }, (_, index) => ({ subject: `${label} #${index}`, creatorId: 'manager4321' }));
}

/** A result counts only when it is this item's own to-do: its subject, no error, and an id no other item got. */
export function countLost(inputs: Array<{ subject: string }>, outputs: Array<{ item: number; json: Record<string, unknown> }>) {
	const ids = new Set<string>();
	const served = new Set<number>();
	let firstError: string | undefined;
	for (const { item, json } of outputs) {
		if (json.error !== undefined) {
			firstError ??= String(json.error);
			continue;
		}
		if (typeof json.id !== 'string' || ids.has(json.id) || json.subject !== inputs[item]?.subject) continue;
		ids.add(json.id);
		served.add(item);
	}
	return { lost: inputs.length - served.size, distinct: ids.size, firstError };
}

function figures(
	items: number,
	wallMs: number,
	cpu: NodeJS.CpuUsage,
	counters: EmulatorCounters,
	sent: { rate: number; peak: number },
	limit: number,
	lost: { lost: number; distinct: number; firstError?: string },
): InvokeFigures {
	const calls = requestsByEndpoint(counters);
	const totalCalls = sumCalls(calls);
	const executedInvokes = counters.executed.invokeInstance;
	const invokesPerSecond = executedInvokes / (wallMs / 1000);
	const executedTotal = API_NAMES.reduce((total, api) => total + counters.executed[api], 0);
	return {
		items,
		wallMs,
		invokesPerSecond,
		shareOfLimit: invokesPerSecond / limit,
		sendingRate: sent.rate,
		peakPerSecond: sent.peak,
		throttled: counters.throttled,
		retries: totalCalls - executedTotal,
		lostItems: lost.lost,
		distinctResults: lost.distinct,
		executedInvokes,
		callsPerItem: perItem(calls, items),
		totalCalls,
		totalCallsPerItem: totalCalls / items,
		cpuMsPerItem: (cpu.user + cpu.system) / 1000 / items,
		...(lost.firstError === undefined ? {} : { firstError: lost.firstError }),
	};
}

/**
 * Action → Invoke over `items` items. Cold: the emulator forgets tokens and instances and the node
 * starts as a fresh n8n would; warm: the same workflow again right after.
 */
export async function measureNodeInvoke(
	runner: NodeRunner,
	emulator: EmulatorProcess,
	options: { label: string; items: number; cold: boolean; limit: number; latencyMs: number; requestsPerSecond?: number; workflowId: string },
): Promise<InvokeFigures> {
	if (options.cold) {
		await emulator.reset(emulatorConfig(options.limit, options.latencyMs));
		runner.makeCold();
	} else {
		await emulator.resetCounters();
	}
	const inputs = todoInputs(options.label, options.items);
	const parameters = invokeParameters(
		TODO_URI,
		{ subject: '={{ $json.subject }}', creatorId: '={{ $json.creatorId }}' },
		options.requestsPerSecond,
	);

	const cpuStart = process.cpuUsage();
	const start = performance.now();
	const result = await runner.run(parameters, inputs.map((json) => ({ json })), options.workflowId);
	const wallMs = performance.now() - start;
	const cpu = process.cpuUsage(cpuStart);

	const outputs = (result.output?.[0] ?? []).map((entry) => ({
		item: Array.isArray(entry.pairedItem) ? -1 : typeof entry.pairedItem === 'object' ? entry.pairedItem.item : -1,
		json: entry.json as Record<string, unknown>,
	}));
	const lost = countLost(inputs, outputs);
	if (result.error) lost.firstError = result.error.message;
	return figures(options.items, wallMs, cpu, await emulator.counters(), await arrivals(emulator), options.limit, lost);
}

/** The naive client over `items` items, against a reset emulator (it fetches its own token anyway). */
export async function measureNaive(
	emulator: EmulatorProcess,
	options: { items: number; limit: number; latencyMs: number },
): Promise<InvokeFigures> {
	await emulator.reset(emulatorConfig(options.limit, options.latencyMs));
	const inputs = todoInputs('naive', options.items);
	const cpuStart = process.cpuUsage();
	const start = performance.now();
	const results = await runNaiveClient(emulator.url, TODO_URI, 'bench-naive', inputs);
	const wallMs = performance.now() - start;
	const cpu = process.cpuUsage(cpuStart);
	const outputs = results.map((result, item) => ({
		item,
		json: result.ok ? (result.output ?? {}) : { error: result.error },
	}));
	return figures(options.items, wallMs, cpu, await emulator.counters(), await arrivals(emulator), options.limit, countLost(inputs, outputs));
}

export interface DropdownFigures {
	ms: number;
	calls: CallsPerEndpoint;
	totalCalls: number;
	results: number;
}

/** One dropdown call; cold means no cached list or schema and no stored token. */
export async function measureDropdown(
	runner: NodeRunner,
	emulator: EmulatorProcess,
	cold: boolean,
	call: () => Promise<number>,
): Promise<DropdownFigures> {
	if (cold) runner.makeCold();
	await emulator.resetCounters();
	const start = performance.now();
	const results = await call();
	const ms = performance.now() - start;
	const calls = requestsByEndpoint(await emulator.counters());
	return { ms, calls, totalCalls: sumCalls(calls), results };
}
