// 10,000 invokes through the n8n-core harness against the emulator with 1 % injected
// faults of mixed kinds. Fails (exit code 1) on any lost item, any action run twice or any secret shown;
// reports resident memory at the start and the end (after a forced GC when run with --expose-gc).
//   TS_NODE_PREFER_TS_EXTS=true node --expose-gc -r ts-node/register/transpile-only test/faults/soak.ts
// (prefer .ts: plain Node resolution would load DingTalkConnect.node.json, the codex file, for the node.)
// SOAK_ITEMS and SOAK_BATCH change the size; RELIABILITY_OUT receives soak.json for docs/reliability.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FaultRule } from '../../emulator';
import { setRetryPolicy, usePacingPolicy } from '../harness/processMemory';
import { startTestbed } from '../integration/nodes/DingTalkConnect/testbed';
import { echoParameters, invocationsByName, knownSecrets, runTexts, uniqueItems } from './faultBed';

const TOTAL = Number(process.env.SOAK_ITEMS ?? 10_000);
const BATCH = Number(process.env.SOAK_BATCH ?? 500);

// 1 % of invokes in all, of every kind the node must survive without losing or repeating an item.
const FAULTS: FaultRule[] = [
	{ kind: 'throttle', apis: ['invokeInstance'], rate: 0.002 },
	{ kind: 'serverError', apis: ['invokeInstance'], rate: 0.0015, status: 503 },
	{ kind: 'dropBeforeRead', apis: ['invokeInstance'], rate: 0.001 },
	{ kind: 'dropAfterRead', apis: ['invokeInstance'], rate: 0.001 },
	{ kind: 'nonJson', apis: ['invokeInstance'], rate: 0.001 },
	{ kind: 'connectorError', apis: ['invokeInstance'], rate: 0.001, errorCode: 'ERP_DOWN' },
	{ kind: 'invalidAuthentication', apis: ['invokeInstance'], rate: 0.001 },
	{ kind: 'connect4004', apis: ['invokeInstance'], rate: 0.001 },
	{ kind: 'slow', apis: ['invokeInstance'], rate: 0.0005, delayMs: 6000 },
];

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function memory() {
	gc?.();
	const { rss, heapUsed } = process.memoryUsage();
	return { rssMb: Math.round((rss / MB) * 10) / 10, heapUsedMb: Math.round((heapUsed / MB) * 10) / 10 };
}

export interface SoakFigures {
	invokes: number;
	batches: number;
	seconds: number;
	results: number;
	errors: number;
	errorKinds: Record<string, number>;
	lost: number;
	invokedTwice: number;
	/** Items that report an error although their action ran (dropped after read, timed out): honest, not retried. */
	ranButReportedError: number;
	faultsInjected: number;
	faultsByKind: Record<string, number>;
	invokeRequests: number;
	leaks: number;
	gcForced: boolean;
	memoryStart: { rssMb: number; heapUsedMb: number };
	memoryEnd: { rssMb: number; heapUsedMb: number };
	rssPerBatchMb: number[];
	/** Heap after each batch (after a forced GC when available): the slope shows a leak. */
	heapPerBatchMb: number[];
	/** Invocation records the in-process emulator keeps (it never drops them): part of the heap growth. */
	emulatorInvocationsKept: number;
}

async function soak(): Promise<SoakFigures> {
	const bed = await startTestbed();
	setRetryPolicy({ baseDelayMs: 5, maxDelayMs: 40, maxAttempts: 8, maxTotalWaitMs: 5000, globalThrottleDelayMs: 40 });
	// The soak is about losing or repeating items under faults, not about finding a rate: pace at the
	// ceiling (1000/s) from the start instead of adapting up from DingTalk's standard 20/s.
	usePacingPolicy({ adaptive: false });
	const parameters = echoParameters({ requestsPerSecond: 1000, timeout: 5 });
	const run = async (prefix: string, count: number) => {
		const items = uniqueItems(prefix, count);
		const result = await bed.run('corp', parameters, { items, continueOnFail: true, workflowId: 'wf-soak' });
		return { items, result };
	};

	try {
		// Token, schema and instance are warm before memory is first measured.
		await run('soak-warm', 5);
		bed.emulator.resetCounters();
		bed.harness.clearLogs();
		for (const rule of FAULTS) bed.emulator.addFault(rule);
		const memoryStart = memory();
		const started = Date.now();

		const figures: SoakFigures = {
			invokes: 0,
			batches: 0,
			seconds: 0,
			results: 0,
			errors: 0,
			errorKinds: {},
			lost: 0,
			invokedTwice: 0,
			ranButReportedError: 0,
			faultsInjected: 0,
			faultsByKind: {},
			invokeRequests: 0,
			leaks: 0,
			gcForced: gc !== undefined,
			memoryStart,
			memoryEnd: memoryStart,
			rssPerBatchMb: [],
			heapPerBatchMb: [],
			emulatorInvocationsKept: 0,
		};

		for (let done = 0; done < TOTAL; done += BATCH) {
			const count = Math.min(BATCH, TOTAL - done);
			const { items, result } = await run(`soak-${figures.batches}`, count);
			figures.batches++;
			figures.invokes += count;
			const output = result.output?.[0] ?? [];
			const counts = invocationsByName(bed.emulator);
			if (result.error || output.length !== items.length) figures.lost += Math.max(0, items.length - output.length);
			items.forEach((item, index) => {
				const id = String(item.json.id);
				const ran = counts.get(id) ?? 0;
				if (ran > 1) figures.invokedTwice++;
				const entry = output[index];
				if (!entry) return;
				const paired = Array.isArray(entry.pairedItem) ? entry.pairedItem[0] : entry.pairedItem;
				const pairedIndex = typeof paired === 'object' ? paired?.item : paired;
				if (typeof entry.json.error === 'string') {
					figures.errors++;
					const kind = entry.json.error.replace(/\d+(\.\d+)? ?(ms|s)\b/g, '<t>');
					figures.errorKinds[kind] = (figures.errorKinds[kind] ?? 0) + 1;
					if (ran === 1) figures.ranButReportedError++;
					if (pairedIndex !== index) figures.lost++;
				} else if (entry.json.name === id && ran === 1 && pairedIndex === index) {
					figures.results++;
				} else {
					figures.lost++;
				}
			});
			for (const line of bed.emulator.log()) {
				if (line.api !== 'invokeInstance') continue;
				figures.invokeRequests++;
				if (line.fault) {
					figures.faultsInjected++;
					figures.faultsByKind[line.fault] = (figures.faultsByKind[line.fault] ?? 0) + 1;
				}
			}
			const secrets = knownSecrets(bed.emulator, bed.harness);
			for (const text of runTexts(result, bed.harness)) {
				figures.leaks += secrets.filter((secret) => text.includes(secret)).length;
			}
			bed.emulator.resetCounters();
			bed.harness.clearLogs();
			const now = memory();
			figures.rssPerBatchMb.push(now.rssMb);
			figures.heapPerBatchMb.push(now.heapUsedMb);
		}
		figures.seconds = Math.round((Date.now() - started) / 100) / 10;
		figures.memoryEnd = memory();
		figures.emulatorInvocationsKept = bed.emulator.invocations().length;
		return figures;
	} finally {
		await bed.stop();
	}
}

soak()
	.then((figures) => {
		const ok = figures.lost === 0 && figures.invokedTwice === 0 && figures.leaks === 0 && figures.invokes === TOTAL;
		const summary = `soak: ${figures.invokes} invokes in ${figures.seconds} s, ${figures.faultsInjected} faults injected; ${figures.results} results, ${figures.errors} errors (${figures.ranButReportedError} ran but reported an error); lost ${figures.lost}, invoked twice ${figures.invokedTwice}, secrets shown ${figures.leaks}; RSS ${figures.memoryStart.rssMb} MB → ${figures.memoryEnd.rssMb} MB, heap ${figures.memoryStart.heapUsedMb} MB → ${figures.memoryEnd.heapUsedMb} MB${figures.gcForced ? ' (after forced GC)' : ' (no --expose-gc)'}`;
		process.stdout.write(`${JSON.stringify(figures, null, '\t')}\n${summary}\n${ok ? 'PASS' : 'FAIL'}\n`);
		if (process.env.RELIABILITY_OUT) {
			mkdirSync(process.env.RELIABILITY_OUT, { recursive: true });
			writeFileSync(join(process.env.RELIABILITY_OUT, 'soak.json'), JSON.stringify({ ...figures, ok, summary }, null, '\t'));
		}
		process.exitCode = ok ? 0 : 1;
	})
	.catch((error: unknown) => {
		process.stderr.write(`soak failed to run: ${error instanceof Error ? error.stack : String(error)}\n`);
		// A half-started test bed may keep a server open: do not hang CI.
		process.exit(1);
	});
