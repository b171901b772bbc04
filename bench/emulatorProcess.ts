// The emulator in a child process, so the bench process's CPU time is the node's own and the
// emulator's work never competes with the node on one event loop. Driven over /__emulator/.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import axios, { type AxiosInstance } from 'axios';

import type { EmulatorConfig, EmulatorCounters, RequestLogEntry } from '../emulator';

const ROOT = path.resolve(__dirname, '..');
const START_TIMEOUT_MS = 30_000;

export interface EmulatorProcess {
	url: string;
	/** Forgets tokens, instances and counters, then applies `config` on top of the defaults. */
	reset(config: Partial<EmulatorConfig>): Promise<void>;
	configure(config: Partial<EmulatorConfig>): Promise<void>;
	resetCounters(): Promise<void>;
	counters(): Promise<EmulatorCounters>;
	log(): Promise<RequestLogEntry[]>;
	stop(): Promise<void>;
}

function waitForUrl(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let seen = '';
		const timer = setTimeout(() => fail(new Error(`the emulator did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
		const fail = (error: Error) => {
			clearTimeout(timer);
			child.stdout?.off('data', onData);
			reject(error);
		};
		const onData = (chunk: Buffer) => {
			seen += chunk.toString('utf8');
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
			if (!match) return;
			clearTimeout(timer);
			child.stdout?.off('data', onData);
			// Keep draining stdout so the child never blocks on a full pipe.
			child.stdout?.resume();
			resolve(match[1]);
		};
		child.stdout?.on('data', onData);
		child.once('exit', (code) => fail(new Error(`the emulator exited early (code ${String(code)})`)));
		child.once('error', fail);
	});
}

/** Starts `emulator/cli.ts` on a free port of 127.0.0.1 with the given invoke latency and limit (and bench connector, if asked). */
export async function startEmulatorProcess(options: { qpsLimit: number; invokeLatencyMs: number; benchActions?: number }): Promise<EmulatorProcess> {
	const child = spawn(
		process.execPath,
		[
			'-r',
			'ts-node/register/transpile-only',
			path.join(ROOT, 'emulator', 'cli.ts'),
			'--port',
			'0',
			'--qps',
			String(options.qpsLimit),
			'--latency-invoke',
			String(options.invokeLatencyMs),
			...(options.benchActions === undefined ? [] : ['--bench-actions', String(options.benchActions)]),
		],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	let url: string;
	try {
		url = await waitForUrl(child);
	} catch (error) {
		child.kill('SIGTERM');
		throw error;
	}
	const control: AxiosInstance = axios.create({ baseURL: `${url}/__emulator`, timeout: 30_000 });
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	return {
		url,
		reset: async (config) => {
			await control.post('/reset');
			await control.post('/config', config);
		},
		configure: async (config) => {
			await control.post('/config', config);
		},
		resetCounters: async () => {
			await control.post('/reset-counters');
		},
		counters: async () => (await control.get<EmulatorCounters>('/counters')).data,
		log: async () => (await control.get<RequestLogEntry[]>('/log')).data,
		stop: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			await exited;
		},
	};
}
