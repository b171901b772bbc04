// DingTalk's API routes: the request log and counters, faults, latency, the token check and the
// dispatch to each API's module (the Stream gateway's open call goes to the gateway).

import type http from 'node:http';
import { randomUUID } from 'node:crypto';

import { API_NAMES, type ApiName, type EmulatorConfig, type RequestLogEntry } from '../types';
import { getActionDetail, searchActions, searchConnectors } from '../assets';
import { pickFault, preExecutionFault } from '../faults';
import { createInstance, deleteInstance, invokeInstance } from '../instances';
import { rateLimited, throttled } from '../rateLimit';
import type { Caller, EmulatorState } from '../state';
import { syncData } from '../sync';
import { callerOf, issueToken, type TokenApi } from '../tokens';
import { isRecord } from '../jsonValues';
import type { OpenAnswer } from '../events';
import { MAX_BODY_BYTES } from '../events/streamHttp';
import { streamCaller } from '../eventDelivery';
import { badRequest, connectError, errorBody, spellErrorKeys, type Answer } from './answers';
import { readBody } from './body';

const ROUTES: Record<ApiName, { method: string; path: string }> = {
	accessToken: { method: 'POST', path: '/v1.0/oauth2/accessToken' },
	corpAccessToken: { method: 'POST', path: '/v1.0/oauth2/corpAccessToken' },
	searchConnectors: { method: 'GET', path: '/v1.0/connector/assets/connectors' },
	searchActions: { method: 'POST', path: '/v1.0/connector/assets/actions/search' },
	getActionDetail: { method: 'POST', path: '/v1.0/connector/assets/actions/details/query' },
	createInstance: { method: 'POST', path: '/v1.0/connector/instances' },
	invokeInstance: { method: 'POST', path: '/v1.0/connector/instances/invoke' },
	syncData: { method: 'POST', path: '/v1.0/connector/triggers/data/sync' },
	deleteInstance: { method: 'DELETE', path: '/v1.0/connector/instances' },
	openStreamConnection: { method: 'POST', path: '/v1.0/gateway/connections/open' },
};

const INSTANCE_APIS: readonly ApiName[] = ['createInstance', 'invokeInstance', 'deleteInstance'];

/** The Stream gateway's answer to `POST /v1.0/gateway/connections/open`, given the body and the Accept header. */
export type StreamOpener = (body: unknown, accept: string | undefined) => OpenAnswer;

/** How the router waits (latency, slow faults) and learns that the server is stopping. */
export interface Clock {
	sleep(ms: number): Promise<void>;
	readonly stopped: boolean;
}

interface ParsedRequest {
	body: unknown;
	bodyIsJson: boolean;
	/** The body's size in bytes. */
	bodyBytes: number;
	query: Record<string, string>;
	token?: string;
	accept?: string;
	requestId: string;
	entry: RequestLogEntry;
}

// The request log keeps request bodies; credentials in them are masked (the log is printed by tests).
function redact(body: unknown): unknown {
	if (!isRecord(body)) return body;
	const copy: Record<string, unknown> = { ...body };
	for (const key of ['appSecret', 'suiteSecret', 'suiteTicket', 'clientSecret']) {
		if (key in copy) copy[key] = '***';
	}
	return copy;
}

/** Every API answer leaves here, so an error body's key spelling (`errorKeys`) is decided in one place. */
function send(config: EmulatorConfig, res: http.ServerResponse, entry: RequestLogEntry, answer: Answer): void {
	entry.status = answer.status;
	const payload = answer.text ?? JSON.stringify(spellErrorKeys(config, answer) ?? {});
	res.writeHead(answer.status, {
		'content-type': answer.contentType ?? 'application/json;charset=utf-8',
		'content-length': Buffer.byteLength(payload),
		'x-acs-request-id': entry.requestId,
	});
	res.end(payload);
}

type ApiHandler = (state: EmulatorState, caller: Caller, request: ParsedRequest, body: Record<string, unknown>) => Answer;

/** Every API that needs a token, after the token check and the rate limit. */
const HANDLERS: Record<Exclude<ApiName, TokenApi | 'openStreamConnection'>, ApiHandler> = {
	searchConnectors: (state, caller, request) => searchConnectors(state, caller, request.query, request.requestId),
	searchActions: (state, caller, request, body) => searchActions(state, caller, body, request.requestId),
	getActionDetail: (state, caller, request, body) => getActionDetail(state, caller, body, request.requestId),
	createInstance: (state, caller, request, body) => createInstance(state, caller, body, request.requestId),
	invokeInstance: (state, caller, request, body) => invokeInstance(state, caller, body, request.requestId),
	deleteInstance: (state, caller, request) => deleteInstance(state, caller, request.query, request.requestId),
	syncData: (state, caller, request, body) => syncData(state, caller, body, request.requestId),
};

/** The gateway answers the open call; the log and counters name the app it accepted (no token is involved). */
function openStream(openStreamConnection: StreamOpener, request: ParsedRequest): Answer {
	// The gateway reads at most 64 KiB, as it does on a server of its own.
	if (request.bodyBytes > MAX_BODY_BYTES) return badRequest(request.requestId, 'InvalidParameter.Body', 'The request body is larger than 64 KiB');
	const answer = openStreamConnection(request.body, request.accept);
	if (answer.ticket) Object.assign(request.entry, streamCaller(answer.ticket.clientId));
	return { status: answer.status, text: answer.body, contentType: answer.contentType, executed: answer.ticket !== undefined };
}

function dispatch(state: EmulatorState, openStreamConnection: StreamOpener, api: ApiName, request: ParsedRequest): Answer {
	const { requestId } = request;
	if (!request.bodyIsJson) {
		if (INSTANCE_APIS.includes(api)) return connectError(state.config, requestId, '4001', 'The request body is not valid JSON');
		return badRequest(requestId, 'InvalidParameter.Body', 'The request body is not valid JSON');
	}
	const body = isRecord(request.body) ? request.body : {};
	if (api === 'accessToken' || api === 'corpAccessToken') return issueToken(state, api, body, request.entry, requestId);
	if (api === 'openStreamConnection') return openStream(openStreamConnection, request);

	const caller = callerOf(state, request.token, requestId);
	if ('status' in caller) return caller;
	if (rateLimited(state, caller.app, api)) return throttled(state, requestId);
	return HANDLERS[api](state, caller, request, body);
}

export async function handleApiRequest(
	state: EmulatorState,
	clock: Clock,
	openStreamConnection: StreamOpener,
	req: http.IncomingMessage,
	res: http.ServerResponse,
	url: URL,
): Promise<void> {
	const requestId = randomUUID().toUpperCase();
	const method = (req.method ?? 'GET').toUpperCase();
	const api = API_NAMES.find((name) => ROUTES[name].method === method && ROUTES[name].path === url.pathname);
	const entry: RequestLogEntry = { at: Date.now(), api: api ?? 'unknown', method, path: url.pathname, status: 0, executed: false, requestId };
	state.pushLog(entry);

	const header = req.headers['x-acs-dingtalk-access-token'];
	const token = Array.isArray(header) ? header[0] : header;
	if (token) {
		entry.token = token;
		const record = state.tokens.get(token);
		entry.app = record?.app;
		entry.corpId = record?.corpId;
		state.stats.byToken[token] = (state.stats.byToken[token] ?? 0) + 1;
	}

	if (!api) {
		await readBody(req);
		send(state.config, res, entry, { status: 404, json: errorBody(requestId, 'InvalidAction.NotFound', `Specified api is not found: ${method} ${url.pathname}`) });
		return;
	}
	state.stats.requests[api]++;

	const fault = pickFault(state, api);
	if (fault) entry.fault = fault.kind;
	if (fault?.kind === 'dropBeforeRead') {
		req.socket.destroy();
		return;
	}

	const raw = await readBody(req);
	let body: unknown;
	let bodyIsJson = true;
	if (raw.length > 0) {
		try {
			body = JSON.parse(raw);
		} catch {
			bodyIsJson = false;
		}
	}
	const query = Object.fromEntries(url.searchParams.entries());
	entry.body = redact(method === 'POST' ? (bodyIsJson ? body : raw) : query);

	let answer = preExecutionFault(state, fault, api, requestId);
	if (!answer) {
		answer = dispatch(state, openStreamConnection, api, { body, bodyIsJson, bodyBytes: Buffer.byteLength(raw), query, token, accept: req.headers.accept, requestId, entry });
		if (fault?.kind === 'badOutputJson' && answer.status === 200 && isRecord(answer.json) && typeof answer.json.outputJson === 'string' && answer.executed) {
			// A truncated document: what a gateway cutting the connector's answer would give.
			answer.json.outputJson = `${answer.json.outputJson.slice(0, Math.max(1, Math.floor(answer.json.outputJson.length / 2)))}<<truncated`;
		}
	}
	entry.executed = answer.executed === true;
	if (entry.executed) state.stats.executed[api]++;
	if (entry.app) {
		const perApp = (state.stats.byApp[entry.app] ??= {});
		perApp[api] = (perApp[api] ?? 0) + 1;
	}

	const delay = (state.config.latencyMs[api] ?? 0) + (fault?.kind === 'slow' ? (fault.delayMs ?? 1000) : 0);
	await clock.sleep(delay);
	if (clock.stopped) return;
	if (fault?.kind === 'dropAfterRead') {
		req.socket.destroy();
		return;
	}
	send(state.config, res, entry, answer);
}
