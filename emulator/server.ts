// A local DingTalk Connect service: the two token endpoints, the six connector APIs, the sample's
// delete-instance call, and knobs/faults for every variant DingTalk's documentation leaves unknown.
// Control endpoints under /__emulator/ expose the same programmatic API to other processes.
// This file holds the server's lifecycle and the programmatic API; each concern has its own module.
// The same server carries DingTalk's Stream gateway (open call and WebSocket upgrade), see eventDelivery.ts.

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { EmulatorConfig, FaultRule, RunningEmulator } from './types';
import { validateConfigPatch } from './config';
import { validateFaultRule } from './faults';
import { createPrng } from './prng';
import { handleControl, isControlPath } from './http/control';
import type { ControlTarget } from './http/controlRoute';
import { handleApiRequest, type Clock } from './http/router';
import { setActionSchema } from './actionSchemas';
import { deleteInstances } from './instances';
import { seedOrgs } from './seed';
import { EmulatorState } from './state';
import { rotateSuiteTicket } from './suiteTickets';
import { expireAllTokens } from './tokens';
import { clone } from './jsonValues';
import { EventDelivery } from './eventDelivery';
import type { StreamOptions } from './eventTypes';
import { dialectNamed } from './dialects';
import type { DialectName } from './dialectNames';

/** Read by startEmulator when no dialect is given, so that a whole test run can be switched. */
export const DIALECT_ENV = 'DINGTALK_EMULATOR_DIALECT';

/** Timers of latency and slow faults, all cleared when the server stops. */
class Timers implements Clock {
	private pending = new Set<NodeJS.Timeout>();
	stopped = false;

	sleep(ms: number): Promise<void> {
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.pending.delete(timer);
				resolve();
			}, ms);
			this.pending.add(timer);
		});
	}

	stop(): void {
		this.stopped = true;
		for (const timer of this.pending) clearTimeout(timer);
		this.pending.clear();
	}
}

function programmaticApi(state: EmulatorState, delivery: EventDelivery): ControlTarget {
	return {
		get config() {
			return clone(state.config);
		},
		get dialect() {
			return state.dialect;
		},
		useDialect(name: string) {
			state.useDialect(dialectNamed(name));
		},
		configure(patch: Partial<EmulatorConfig>) {
			const valid = validateConfigPatch(patch);
			state.config = { ...state.config, ...valid, latencyMs: { ...(valid.latencyMs ?? state.config.latencyMs) } };
			if (valid.seed !== undefined) state.prng = createPrng(valid.seed);
		},
		addFault: (rule: FaultRule) => {
			state.config.faults.push(validateFaultRule(rule));
		},
		clearFaults: () => {
			state.config.faults = [];
		},
		expireAllTokens: () => expireAllTokens(state),
		deleteInstances: (filter) => deleteInstances(state, filter),
		counters: () => clone(state.stats),
		log: () => clone(state.requestLog),
		instances: () => [...state.instances.values()].map(({ connectAssetUri, instanceKey, app, corpId }) => ({ connectAssetUri, instanceKey, app, corpId })),
		invocations: () => clone(state.invocations),
		syncedEvents: () => clone(state.synced),
		resetCounters: () => state.resetCounters(),
		reset: () => {
			state.reset();
			delivery.reset();
		},
		setActionSchema: (connectAssetUri, patch) => setActionSchema(state, connectAssetUri, patch),
		rotateSuiteTicket: (suiteKey) => rotateSuiteTicket(state, suiteKey),
		events: delivery.api,
	};
}

export interface EmulatorOptions {
	/** Default 0: a free port on 127.0.0.1. */
	port?: number;
	/** The answers to what DingTalk does not document (see dialects.ts); default: $DINGTALK_EMULATOR_DIALECT, else 'sdk'. */
	dialect?: DialectName;
	/** Applied over the dialect. */
	config?: Partial<EmulatorConfig>;
	/** The Stream gateway's timings and bounds, e.g. `{ ackTimeoutMs: 500, disconnectGraceMs: 100 }`. */
	stream?: StreamOptions;
	/** Benchmarks only: org A also has a connector with this many echo actions (`BENCH_CONNECTOR`); default 0. */
	benchActions?: number;
}

function startDialect(option: string | undefined): DialectName {
	if (option !== undefined) return dialectNamed(option);
	const fromEnv = process.env[DIALECT_ENV];
	if (!fromEnv) return 'sdk';
	try {
		return dialectNamed(fromEnv);
	} catch (error) {
		throw new Error(`${DIALECT_ENV}: ${(error as Error).message}`);
	}
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	const state = new EmulatorState(startDialect(options.dialect), seedOrgs(options.benchActions));
	const timers = new Timers();
	const sockets = new Set<Socket>();
	const server = http.createServer({ keepAlive: true });
	const delivery = new EventDelivery(state, server, options.stream);
	const api = programmaticApi(state, delivery);
	if (options.config) api.configure(options.config);
	const openStream = (body: unknown, accept: string | undefined) => delivery.open(body, accept);
	server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const handled = isControlPath(url.pathname) ? handleControl(api, req, res, url) : handleApiRequest(state, timers, openStream, req, res, url);
		handled.catch((error: Error) => {
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'content-type': 'application/json;charset=utf-8' });
				res.end(JSON.stringify({ code: 'InternalError', message: `emulator failure: ${error.message}` }));
			}
		});
	});
	server.keepAliveTimeout = 10000;
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	let stopping: Promise<void> | undefined;

	// defineProperties keeps `config` a getter (a copy of the current configuration on every read).
	return Object.defineProperties(
		{
			url: `http://127.0.0.1:${port}`,
			port,
			stop: () => {
				stopping ??= (async () => {
					timers.stop();
					await delivery.close();
					await new Promise<void>((resolve) => {
						server.close(() => resolve());
						for (const socket of sockets) socket.destroy();
					});
				})();
				return stopping;
			},
		},
		Object.getOwnPropertyDescriptors(api),
	) as RunningEmulator;
}
