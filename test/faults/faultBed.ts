// Shared by the fault matrix, the bad-input catalogue and the soak: unique items, item accounting,
// per-item invocation counts and the secret sweep. Everything here asserts on what the run produced.
import { inspect } from 'node:util';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DEMO_CREDENTIALS, SEED_ASSETS, type RunningEmulator } from '../../emulator';
import type { N8nHarness, RunNodeResult } from '../harness';
import { resetProcessMemory, setRetryPolicy } from '../harness/processMemory';
import { invokeJson, useTestbed, type Testbed } from '../integration/nodes/DingTalkConnect/testbed';

export const ECHO_URI = SEED_ASSETS.echoForm.connectAssetUri;

/** Fast retries so the matrix stays quick; the decisions taken are the production ones. */
export function useFastRetries(): void {
	setRetryPolicy({
		baseDelayMs: 4,
		maxDelayMs: 20,
		maxAttempts: 5,
		maxTotalWaitMs: 2000,
		maxTransientRetries: 3,
		globalThrottleDelayMs: 20,
	});
}

/** The testbed of the fault tests: fast retries while the file runs; before each case no cache, no fault, no log. */
export function useFaultTestbed(): Testbed {
	const bed = useTestbed();
	afterAll(resetProcessMemory);
	beforeEach(() => {
		// A fresh process each case; the reset restores the default retry policy, so the fast one goes back on.
		resetProcessMemory();
		useFastRetries();
		bed.emulator.clearFaults();
		bed.harness.clearLogs();
	});
	return bed;
}

/** N items whose input is unique (the id travels as the form's name), so invocations can be attributed. */
export function uniqueItems(prefix: string, count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({ json: { id: `${prefix}-${index}` } }));
}

/** Invoke "echo form" in JSON mode with the item's id as the name: the echo proves which item ran. */
export function echoParameters(options: INodeParameters = {}): INodeParameters {
	return invokeJson(ECHO_URI, '={{ JSON.stringify({ name: $json.id, age: 30, level: "senior" }) }}', options);
}

export interface ItemOutcome {
	index: number;
	id: string;
	ok: boolean;
	/** The output JSON (the echo for a result, `{error, errorDescription}` for an error). */
	json: Record<string, unknown>;
	error?: string;
	description?: string;
	/** How many times the emulator executed this item's action. */
	invocations: number;
}

/** How many times each input name reached the action (only executed invocations are recorded). */
export function invocationsByName(emulator: RunningEmulator): Map<string, number> {
	const counts = new Map<string, number>();
	for (const invocation of emulator.invocations()) {
		const name = (invocation.input as { name?: unknown } | null)?.name;
		if (typeof name !== 'string') continue;
		counts.set(name, (counts.get(name) ?? 0) + 1);
	}
	return counts;
}

/**
 * The item accounting of a Continue On Fail run: exactly one output per input, in order, paired to
 * its input, each either the echo of its own input or an error; and no item's action run twice.
 */
export function accountItems(
	result: RunNodeResult,
	items: INodeExecutionData[],
	emulator: RunningEmulator,
): ItemOutcome[] {
	expect(result.error).toBeUndefined();
	const output = result.output?.[0] ?? [];
	expect(output).toHaveLength(items.length);
	const counts = invocationsByName(emulator);
	return output.map((item, index) => {
		const id = String(items[index].json.id);
		const pairedItem = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		expect(typeof pairedItem === 'object' ? pairedItem?.item : pairedItem).toBe(index);
		const json = item.json as Record<string, unknown>;
		const isError = typeof json.error === 'string';
		if (!isError) expect(json.name).toBe(id);
		const invocations = counts.get(id) ?? 0;
		expect(invocations).toBeLessThanOrEqual(1);
		// A result can only come from an action that ran.
		if (!isError) expect(invocations).toBe(1);
		return {
			index,
			id,
			ok: !isError,
			json,
			error: isError ? (json.error as string) : undefined,
			description: typeof json.errorDescription === 'string' ? json.errorDescription : undefined,
			invocations,
		};
	});
}

export function summarise(outcomes: ItemOutcome[]): string {
	const ok = outcomes.filter((outcome) => outcome.ok).length;
	const failed = outcomes.filter((outcome) => !outcome.ok);
	const ran = outcomes.reduce((sum, outcome) => sum + outcome.invocations, 0);
	const errors = [...new Set(failed.map((outcome) => outcome.error))];
	return `${outcomes.length} in → ${outcomes.length} out: ${ok} ok, ${failed.length} error; actions run ${ran}${
		errors.length ? `; error: ${errors.map((error) => `"${error}"`).join(', ')}` : ''
	}`;
}

// ------------------------------------------------------------------ secrets

const DEMO_SECRETS = [
	DEMO_CREDENTIALS.corp.appSecret,
	DEMO_CREDENTIALS.suite.suiteSecret,
	DEMO_CREDENTIALS.suite.suiteTicket,
];

/** Every access token the emulator ever saw or issued, the demo secrets, and any extra values. */
export function knownSecrets(emulator: RunningEmulator, harness: N8nHarness, extra: string[] = []): string[] {
	const tokens = new Set<string>(Object.keys(emulator.counters().byToken));
	for (const entry of emulator.log()) if (entry.token) tokens.add(entry.token);
	for (const id of harness.credentialsHelper.store.keys()) {
		const token = harness.getStoredCredential(id).accessToken;
		if (typeof token === 'string' && token !== '') tokens.add(token);
	}
	return [...DEMO_SECRETS, ...tokens, ...extra].filter((secret) => secret.length >= 4);
}

/** Every text a user or an operator could see: messages, descriptions, cause chains, output JSON. */
export function errorTexts(error: unknown): string[] {
	const texts: string[] = [];
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current !== null && typeof current === 'object' && !seen.has(current) && seen.size < 8) {
		seen.add(current);
		const link = current as Record<string, unknown>;
		for (const key of ['message', 'description', 'stack']) {
			if (typeof link[key] === 'string') texts.push(link[key] as string);
		}
		if (Array.isArray(link.messages)) texts.push(...link.messages.map(String));
		// NodeApiError keeps a summary of the response in `context` and `errorResponse`.
		for (const key of ['context', 'errorResponse', 'tokenFailure']) {
			if (link[key] !== undefined) texts.push(inspect(link[key], { depth: 6 }));
		}
		current = link.cause;
	}
	return texts;
}

export function runTexts(result: RunNodeResult, harness: N8nHarness): string[] {
	const texts = [JSON.stringify(result.output ?? null)];
	if (result.error) texts.push(...errorTexts(result.error));
	for (const line of harness.logs) {
		texts.push(line.message);
		if (line.meta !== undefined) texts.push(inspect(line.meta, { depth: 8 }));
	}
	return texts;
}

/** Asserts that no secret appears in any of the texts; returns how many texts were swept. */
export function expectNoSecrets(texts: string[], secrets: string[]): number {
	const leaks: string[] = [];
	for (const text of texts) {
		for (const secret of secrets) {
			if (text.includes(secret)) leaks.push(`${secret.slice(0, 6)}… in: ${text.slice(0, 300)}`);
		}
	}
	expect(leaks).toEqual([]);
	return texts.length;
}
