// The control routes under /__emulator/: the programmatic API for other processes (no token, not counted).

import type http from 'node:http';
import { randomUUID } from 'node:crypto';

import type { ActionSchemaPatch, FaultRule, InstanceFilter } from '../types';
import { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS } from '../seed';
import { DIALECT_NAMES } from '../dialectNames';
import { isRecord } from '../jsonValues';
import { validateFaultRule } from '../faults';
import { readBody } from './body';
import { EVENT_ROUTES } from './eventControl';
import type { ControlRoute, ControlTarget } from './controlRoute';

function field(body: unknown, name: string): unknown {
	return isRecord(body) ? body[name] : undefined;
}

const ROUTES: Record<string, ControlRoute> = {
	'GET /__emulator': (target) => ({ credentials: DEMO_CREDENTIALS, eventSettings: DEMO_EVENT_SETTINGS, dialect: target.dialect, config: target.config }),
	'GET /__emulator/counters': (target) => target.counters(),
	'GET /__emulator/log': (target) => target.log(),
	'GET /__emulator/config': (target) => target.config,
	'POST /__emulator/config': (target, body) => {
		target.configure((body ?? {}) as Parameters<ControlTarget['configure']>[0]);
		return target.config;
	},
	'GET /__emulator/dialect': (target) => ({ name: target.dialect, names: DIALECT_NAMES }),
	// Body: { name }; the dialect's answer knobs go over the current config (an unknown name: 400 listing the names).
	'POST /__emulator/dialect': (target, body) => {
		const name = field(body, 'name');
		if (typeof name !== 'string') throw new Error(`name must be one of ${DIALECT_NAMES.join(', ')}`);
		target.useDialect(name);
		return { name: target.dialect, names: DIALECT_NAMES, config: target.config };
	},
	'POST /__emulator/faults': (target, body) => {
		const rules = Array.isArray(body) ? body : [body];
		for (const rule of rules) validateFaultRule(rule);
		for (const rule of rules) target.addFault(rule as FaultRule);
		return { faults: target.config.faults };
	},
	'DELETE /__emulator/faults': (target) => {
		target.clearFaults();
		return { faults: [] };
	},
	'POST /__emulator/expire-tokens': (target) => {
		target.expireAllTokens();
		return { ok: true };
	},
	'POST /__emulator/reset': (target) => {
		target.reset();
		return { ok: true };
	},
	'POST /__emulator/reset-counters': (target) => {
		target.resetCounters();
		return { ok: true };
	},
	'GET /__emulator/instances': (target) => target.instances(),
	'DELETE /__emulator/instances': (target, _body, filter) => ({ deleted: target.deleteInstances(filter) }),
	'GET /__emulator/invocations': (target) => target.invocations(),
	'GET /__emulator/synced-events': (target) => target.syncedEvents(),
	// Body: { connectAssetUri, inputSchema?, outputSchema? }; answers the action's schemas now.
	'POST /__emulator/action-schema': (target, body) => {
		const connectAssetUri = field(body, 'connectAssetUri') as string;
		// setActionSchema checks both schemas: they come from another process.
		const patch = { inputSchema: field(body, 'inputSchema'), outputSchema: field(body, 'outputSchema') } as ActionSchemaPatch;
		target.setActionSchema(connectAssetUri, patch);
		return { ok: true, connectAssetUri };
	},
	// Body: { suiteKey? } (default: the demo suite); answers the new ticket, for the test to use.
	'POST /__emulator/rotate-suite-ticket': (target, body) => {
		const suiteKey = field(body, 'suiteKey');
		if (suiteKey !== undefined && typeof suiteKey !== 'string') throw new Error('suiteKey must be a string');
		return { suiteKey: suiteKey ?? DEMO_CREDENTIALS.suite.suiteKey, suiteTicket: target.rotateSuiteTicket(suiteKey) };
	},
	...EVENT_ROUTES,
};

export function isControlPath(pathname: string): boolean {
	return pathname === '/__emulator' || pathname.startsWith('/__emulator/');
}

export async function handleControl(target: ControlTarget, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
	const requestId = randomUUID().toUpperCase();
	const raw = await readBody(req);
	const method = (req.method ?? 'GET').toUpperCase();
	const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
	const reply = (status: number, json: unknown) => {
		const payload = JSON.stringify(json);
		res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(payload), 'x-acs-request-id': requestId });
		res.end(payload);
	};
	let body: unknown;
	try {
		body = raw.length > 0 ? JSON.parse(raw) : undefined;
	} catch {
		reply(400, { error: 'body is not valid JSON' });
		return;
	}
	const handler = Object.hasOwn(ROUTES, route) ? ROUTES[route] : undefined;
	if (!handler) {
		reply(404, { error: `unknown control endpoint ${route}` });
		return;
	}
	const filter: InstanceFilter = {
		connectAssetUri: url.searchParams.get('connectAssetUri') ?? undefined,
		instanceKey: url.searchParams.get('instanceKey') ?? undefined,
		corpId: url.searchParams.get('corpId') ?? undefined,
	};
	try {
		reply(200, await handler(target, body, filter));
	} catch (error) {
		reply(400, { error: (error as Error).message });
	}
}
