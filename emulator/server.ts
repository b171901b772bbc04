// A local DingTalk Connect service: the two token endpoints, the six connector APIs, the sample's
// delete-instance call, and knobs/faults for every variant dingtalk-connect-api.md marks unknown.
// Control endpoints under /__emulator/ expose the same programmatic API to other processes.

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';

import {
	API_NAMES,
	DEFAULT_CONFIG,
	FAULT_KINDS,
	TOKEN_APIS,
	type ApiName,
	type EmulatorConfig,
	type EmulatorCounters,
	type FaultKind,
	type FaultRule,
	type InstanceRecord,
	type InvocationRecord,
	type RequestLogEntry,
	type RunningEmulator,
	type SyncedEvent,
} from './types';
import {
	ALWAYS_FAILS_ERROR_CODE,
	DEMO_CREDENTIALS,
	SEED,
	SEED_USERS,
	type ConnectorType,
	type SeedAction,
	type SeedConnector,
} from './seed';
import { validateAgainstSchema } from './schemaValidation';

const MAX_PAGE_SIZE = 50;
const DEFAULT_PAGE_SIZE = 20;
const MAX_SYNC_LIST_SIZE = 100;
const LOG_LIMIT = 20000;
const CONNECTOR_TYPES: readonly ConnectorType[] = ['official', 'third_party', 'self_built'];

// Our choice: the real HTTP statuses that carry 4001/4003/4004 are unknown.
const CONNECT_STATUS: Record<ConnectCode, number> = { '4001': 400, '4003': 403, '4004': 404 };

type ConnectCode = '4001' | '4003' | '4004';

interface Answer {
	status: number;
	json?: unknown;
	text?: string;
	contentType?: string;
	executed?: boolean;
}

interface TokenRecord {
	app: string;
	mode: 'corp' | 'suite';
	expiresAt: number;
}

interface Caller {
	app: string;
	mode: 'corp' | 'suite';
}

interface Instance extends InstanceRecord {
	versionId: string;
}

const ROUTES: Array<{ method: string; path: string; api: ApiName }> = [
	{ method: 'POST', path: '/v1.0/oauth2/accessToken', api: 'accessToken' },
	{ method: 'POST', path: '/v1.0/oauth2/corpAccessToken', api: 'corpAccessToken' },
	{ method: 'GET', path: '/v1.0/connector/assets/connectors', api: 'searchConnectors' },
	{ method: 'POST', path: '/v1.0/connector/assets/actions/search', api: 'searchActions' },
	{ method: 'POST', path: '/v1.0/connector/assets/actions/details/query', api: 'getActionDetail' },
	{ method: 'POST', path: '/v1.0/connector/instances', api: 'createInstance' },
	{ method: 'POST', path: '/v1.0/connector/instances/invoke', api: 'invokeInstance' },
	{ method: 'POST', path: '/v1.0/connector/triggers/data/sync', api: 'syncData' },
	{ method: 'DELETE', path: '/v1.0/connector/instances', api: 'deleteInstance' },
];

const REQUIRED_SCOPES: Record<ApiName, string> = {
	accessToken: 'OAuth2.Token',
	corpAccessToken: 'OAuth2.Token',
	searchConnectors: 'Connector.Asset.Read',
	searchActions: 'Connector.Asset.Read',
	getActionDetail: 'Connector.Asset.Read',
	createInstance: 'Connector.Instance.Write',
	invokeInstance: 'Connector.Instance.Write',
	deleteInstance: 'Connector.Instance.Write',
	syncData: 'Connector.Trigger.Write',
};

const IP_BAN_PAGE =
	'<!DOCTYPE html><html><head><meta charset="utf-8"><title>访问被拒绝</title></head><body>' +
	'<h1>访问被拒绝 Access Denied</h1><p>您的IP访问频率过高，已被暂时封禁，请5分钟后再试。</p>' +
	'<p>Your IP sent too many requests and is blocked for 5 minutes.</p></body></html>';

function emptyApiCounts(): Record<ApiName, number> {
	return Object.fromEntries(API_NAMES.map((api) => [api, 0])) as Record<ApiName, number>;
}

function emptyCounters(): EmulatorCounters {
	return { requests: emptyApiCounts(), executed: emptyApiCounts(), throttled: 0, tokensIssued: 0, byToken: {}, byApp: {} };
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

// mulberry32: small, seedable, good enough to pick which requests a rate-based fault hits.
function createPrng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** One page of a list, and the token of the next one ('' at the end, as DingTalk answers). */
function pageOf<T>(all: readonly T[], page: { offset: number; size: number }) {
	const hasMore = page.offset + page.size < all.length;
	return {
		slice: all.slice(page.offset, page.offset + page.size),
		hasMore,
		nextToken: hasMore ? encodeNextToken(page.offset + page.size) : '',
	};
}

function encodeNextToken(offset: number): string {
	return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeNextToken(token: string): number | undefined {
	const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
	return match ? Number(match[1]) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0;
}

// The request log keeps request bodies; credentials in them are masked (the log is printed by tests).
function redact(body: unknown): unknown {
	if (!isRecord(body)) return body;
	const copy: Record<string, unknown> = { ...body };
	for (const key of ['appSecret', 'suiteSecret', 'suiteTicket']) {
		if (key in copy) copy[key] = '***';
	}
	return copy;
}

function defaultFaultApis(kind: FaultKind): readonly ApiName[] {
	if (kind === 'badOutputJson' || kind === 'connectorError') return ['invokeInstance'];
	return API_NAMES.filter((api) => !TOKEN_APIS.includes(api));
}

function validateFaultRule(rule: unknown): FaultRule {
	if (!isRecord(rule) || !FAULT_KINDS.includes(rule.kind as FaultKind)) {
		throw new Error(`fault rule needs a kind among ${FAULT_KINDS.join(', ')}`);
	}
	if (rule.apis !== undefined && (!Array.isArray(rule.apis) || rule.apis.some((api) => !API_NAMES.includes(api as ApiName)))) {
		throw new Error(`fault rule apis must be among ${API_NAMES.join(', ')}`);
	}
	if (rule.rate !== undefined && (typeof rule.rate !== 'number' || rule.rate < 0 || rule.rate > 1)) {
		throw new Error('fault rule rate must be a number in 0..1');
	}
	if (rule.count !== undefined && (typeof rule.count !== 'number' || rule.count < 0)) {
		throw new Error('fault rule count must be a non-negative number');
	}
	return clone(rule) as unknown as FaultRule;
}

function validateConfigPatch(patch: unknown): Partial<EmulatorConfig> {
	if (!isRecord(patch)) throw new Error('config patch must be an object');
	const known = Object.keys(DEFAULT_CONFIG);
	for (const key of Object.keys(patch)) {
		if (!known.includes(key)) throw new Error(`unknown config key ${key}`);
	}
	if (patch.expiredTokenStatus !== undefined && patch.expiredTokenStatus !== 400 && patch.expiredTokenStatus !== 401) {
		throw new Error('expiredTokenStatus must be 400 or 401');
	}
	if (patch.connectErrorCarrier !== undefined && !['body', 'errorCode'].includes(patch.connectErrorCarrier as string)) {
		throw new Error("connectErrorCarrier must be 'body' or 'errorCode'");
	}
	if (patch.instanceExists !== undefined && !['succeed', 'error'].includes(patch.instanceExists as string)) {
		throw new Error("instanceExists must be 'succeed' or 'error'");
	}
	for (const key of ['qpsLimit', 'tokenLifetimeSeconds', 'seed']) {
		if (patch[key] !== undefined && (typeof patch[key] !== 'number' || (patch[key] as number) < 0)) {
			throw new Error(`${key} must be a non-negative number`);
		}
	}
	const result = clone(patch) as Partial<EmulatorConfig>;
	if (patch.faults !== undefined) {
		if (!Array.isArray(patch.faults)) throw new Error('faults must be an array');
		result.faults = patch.faults.map(validateFaultRule);
	}
	return result;
}

class ConnectEmulator {
	config: EmulatorConfig = clone(DEFAULT_CONFIG);
	private tokens = new Map<string, TokenRecord>();
	private corpTokens = new Map<string, string>();
	private suiteTokens = new Map<string, string>();
	private instanceMap = new Map<string, Instance>();
	private invocationList: InvocationRecord[] = [];
	private syncedList: SyncedEvent[] = [];
	private stats = emptyCounters();
	private requestLog: RequestLogEntry[] = [];
	private windows = new Map<string, { second: number; count: number }>();
	private prng = createPrng(DEFAULT_CONFIG.seed);
	private todoSequence = 0;
	private messageSequence = 0;
	private invocationSequence = 0;
	private syncSequence = 0;
	private timers = new Set<NodeJS.Timeout>();
	stopped = false;

	constructor(config?: Partial<EmulatorConfig>) {
		if (config) this.configure(config);
	}

	// ------------------------------------------------------------ programmatic API

	configure(patch: Partial<EmulatorConfig>): void {
		const valid = validateConfigPatch(patch);
		this.config = { ...this.config, ...valid, latencyMs: { ...(valid.latencyMs ?? this.config.latencyMs) } };
		if (valid.seed !== undefined) this.prng = createPrng(valid.seed);
	}

	addFault(rule: FaultRule): void {
		this.config.faults.push(validateFaultRule(rule));
	}

	clearFaults(): void {
		this.config.faults = [];
	}

	expireAllTokens(): void {
		for (const record of this.tokens.values()) record.expiresAt = 0;
		this.corpTokens.clear();
		this.suiteTokens.clear();
	}

	deleteInstances(filter: { connectAssetUri?: string; instanceKey?: string } = {}): number {
		let deleted = 0;
		for (const [key, instance] of this.instanceMap) {
			if (filter.connectAssetUri !== undefined && instance.connectAssetUri !== filter.connectAssetUri) continue;
			if (filter.instanceKey !== undefined && instance.instanceKey !== filter.instanceKey) continue;
			this.instanceMap.delete(key);
			deleted++;
		}
		return deleted;
	}

	counters(): EmulatorCounters {
		return clone(this.stats);
	}

	log(): RequestLogEntry[] {
		return clone(this.requestLog);
	}

	instances(): InstanceRecord[] {
		return [...this.instanceMap.values()].map(({ connectAssetUri, instanceKey, app }) => ({ connectAssetUri, instanceKey, app }));
	}

	invocations(): InvocationRecord[] {
		return clone(this.invocationList);
	}

	syncedEvents(): SyncedEvent[] {
		return clone(this.syncedList);
	}

	resetCounters(): void {
		this.stats = emptyCounters();
		this.requestLog = [];
	}

	reset(): void {
		this.config = clone(DEFAULT_CONFIG);
		this.tokens.clear();
		this.corpTokens.clear();
		this.suiteTokens.clear();
		this.instanceMap.clear();
		this.invocationList = [];
		this.syncedList = [];
		this.windows.clear();
		this.prng = createPrng(this.config.seed);
		this.todoSequence = 0;
		this.messageSequence = 0;
		this.invocationSequence = 0;
		this.syncSequence = 0;
		this.resetCounters();
	}

	stopTimers(): void {
		this.stopped = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	private sleep(ms: number): Promise<void> {
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	// ------------------------------------------------------------ HTTP entry

	async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const requestId = randomUUID().toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname === '/__emulator' || url.pathname.startsWith('/__emulator/')) {
			await this.handleControl(req, res, url, requestId);
			return;
		}
		const method = (req.method ?? 'GET').toUpperCase();
		const api = ROUTES.find((route) => route.method === method && route.path === url.pathname)?.api;
		const entry: RequestLogEntry = { at: Date.now(), api: api ?? 'unknown', method, path: url.pathname, status: 0, executed: false, requestId };
		this.pushLog(entry);

		const header = req.headers['x-acs-dingtalk-access-token'];
		const token = Array.isArray(header) ? header[0] : header;
		if (token) {
			entry.token = token;
			entry.app = this.tokens.get(token)?.app;
			this.stats.byToken[token] = (this.stats.byToken[token] ?? 0) + 1;
		}

		if (!api) {
			await readBody(req);
			this.send(res, entry, { status: 404, json: this.errorBody(requestId, 'InvalidAction.NotFound', `Specified api is not found: ${method} ${url.pathname}`) });
			return;
		}
		this.stats.requests[api]++;

		const fault = this.pickFault(api);
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

		let answer = this.preExecutionFault(fault, api, requestId);
		if (!answer) {
			answer = this.process(api, { body, bodyIsJson, query, token, requestId, entry });
			if (fault?.kind === 'badOutputJson' && answer.status === 200 && isRecord(answer.json) && typeof answer.json.outputJson === 'string' && answer.executed) {
				// A truncated document: what a gateway cutting the connector's answer would give.
				answer.json.outputJson = `${answer.json.outputJson.slice(0, Math.max(1, Math.floor(answer.json.outputJson.length / 2)))}<<truncated`;
			}
		}
		entry.executed = answer.executed === true;
		if (entry.executed) this.stats.executed[api]++;
		if (entry.app) {
			const perApp = (this.stats.byApp[entry.app] ??= {});
			perApp[api] = (perApp[api] ?? 0) + 1;
		}

		const delay = (this.config.latencyMs[api] ?? 0) + (fault?.kind === 'slow' ? (fault.delayMs ?? 1000) : 0);
		await this.sleep(delay);
		if (this.stopped) return;
		if (fault?.kind === 'dropAfterRead') {
			req.socket.destroy();
			return;
		}
		this.send(res, entry, answer);
	}

	private send(res: http.ServerResponse, entry: RequestLogEntry, answer: Answer): void {
		entry.status = answer.status;
		const payload = answer.text ?? JSON.stringify(answer.json ?? {});
		res.writeHead(answer.status, {
			'content-type': answer.contentType ?? 'application/json;charset=utf-8',
			'content-length': Buffer.byteLength(payload),
			'x-acs-request-id': entry.requestId,
		});
		res.end(payload);
	}

	private pushLog(entry: RequestLogEntry): void {
		this.requestLog.push(entry);
		// Benchmarks send many requests: keep the most recent ones only.
		if (this.requestLog.length > LOG_LIMIT * 1.25) this.requestLog.splice(0, this.requestLog.length - LOG_LIMIT);
	}

	private errorBody(requestId: string, code: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
		return { code, message, requestid: requestId, ...extra };
	}

	private pickFault(api: ApiName): FaultRule | undefined {
		const faults = this.config.faults;
		for (let i = 0; i < faults.length; i++) {
			const rule = faults[i];
			if (!(rule.apis ?? defaultFaultApis(rule.kind)).includes(api)) continue;
			if (rule.count !== undefined) {
				if (rule.count <= 0) continue;
				rule.count--;
				if (rule.count === 0) faults.splice(i, 1);
				return rule;
			}
			if (rule.rate !== undefined) {
				if (this.prng() < rule.rate) return rule;
				continue;
			}
			return rule;
		}
		return undefined;
	}

	private preExecutionFault(fault: FaultRule | undefined, api: ApiName, requestId: string): Answer | undefined {
		if (!fault) return undefined;
		switch (fault.kind) {
			case 'serverError': {
				const status = fault.status ?? 500;
				const code = status === 502 ? 'BadGateway' : status === 503 ? 'ServiceUnavailable' : 'InternalError';
				return { status, json: this.errorBody(requestId, code, 'The request processing has failed due to some unknown error.') };
			}
			case 'ipBan':
				return { status: 403, text: IP_BAN_PAGE, contentType: 'text/html;charset=utf-8' };
			case 'nonJson':
				return { status: 200, text: 'upstream returned an unexpected answer (not JSON)', contentType: 'text/plain;charset=utf-8' };
			case 'throttle':
				this.stats.throttled++;
				return { status: 403, json: this.errorBody(requestId, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的QPS超过限制 (the app exceeded the per-API QPS limit)') };
			case 'throttleGlobal':
				this.stats.throttled++;
				return { status: 403, json: this.errorBody(requestId, 'Forbidden.AccessDenied.QpsLimitForApi', '该接口的QPS超过限制，请1秒后重试 (the API is over its global QPS limit, retry in ~1 s)') };
			case 'quotaExhausted':
				return { status: 403, json: this.errorBody(requestId, 'Forbidden.AccessDenied.ApiCountLimitForOrg', '企业本月的接口调用量已用完 (the organisation used up its monthly API quota)') };
			case 'permissionDenied':
				return {
					status: 403,
					json: this.errorBody(requestId, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', `没有调用该接口的权限，接口权限申请参考：${REQUIRED_SCOPES[api]}`, {
						accessdenieddetail: { requiredScopes: [REQUIRED_SCOPES[api]] },
					}),
				};
			case 'ipNotInWhiteList':
				return { status: 403, json: this.errorBody(requestId, 'Forbidden.AccessDenied.IpNotInWhiteList', '访问IP不在白名单之中 (the caller IP is not in the allow-list)') };
			case 'invalidAuthentication':
				return this.invalidAuthentication(requestId);
			case 'connectorError':
				return {
					status: 200,
					json: { outputJson: '', instanceId: '', cost: 0, errorCode: fault.errorCode ?? 'CONNECTOR_ERROR', errorMessage: '连接器执行失败 (the connector failed)' },
				};
			case 'connect4001':
				return this.connectError(requestId, '4001', 'Invalid parameter');
			case 'connect4003':
				return this.connectError(requestId, '4003', 'The caller is not authorised for this asset');
			case 'connect4004':
				return this.connectError(requestId, '4004', 'The asset or instance does not exist');
			default:
				return undefined;
		}
	}

	private invalidAuthentication(requestId: string): Answer {
		return { status: this.config.expiredTokenStatus, json: this.errorBody(requestId, 'InvalidAuthentication', '不合法的access_token (the access token is invalid or expired)') };
	}

	private connectError(requestId: string, code: ConnectCode, message: string): Answer {
		if (this.config.connectErrorCarrier === 'errorCode') {
			return { status: 200, json: { errorCode: code, errorMessage: message, outputJson: '', instanceId: '', cost: 0 } };
		}
		return { status: CONNECT_STATUS[code], json: this.errorBody(requestId, code, message) };
	}

	private rateLimited(app: string, api: ApiName): boolean {
		if (this.config.qpsLimit <= 0) return false;
		const key = `${app}\u0000${api}`;
		const second = Math.floor(Date.now() / 1000);
		let window = this.windows.get(key);
		if (!window || window.second !== second) {
			window = { second, count: 0 };
			this.windows.set(key, window);
		}
		window.count++;
		return window.count > this.config.qpsLimit;
	}

	private throttled(requestId: string): Answer {
		this.stats.throttled++;
		return { status: 403, json: this.errorBody(requestId, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的QPS超过限制 (the app exceeded the per-API QPS limit)') };
	}

	// ------------------------------------------------------------ APIs

	private process(
		api: ApiName,
		request: { body: unknown; bodyIsJson: boolean; query: Record<string, string>; token?: string; requestId: string; entry: RequestLogEntry },
	): Answer {
		const { requestId } = request;
		const instanceApi = api === 'createInstance' || api === 'invokeInstance' || api === 'deleteInstance';
		if (!request.bodyIsJson) {
			if (instanceApi) return this.connectError(requestId, '4001', 'The request body is not valid JSON');
			return { status: 400, json: this.errorBody(requestId, 'InvalidParameter.Body', 'The request body is not valid JSON') };
		}
		const body = isRecord(request.body) ? request.body : {};

		if (api === 'accessToken' || api === 'corpAccessToken') {
			return this.issueToken(api, body, request.entry, requestId);
		}

		if (!request.token) {
			return { status: 400, json: this.errorBody(requestId, 'AuthenticationFailed.MissingParameter', 'x-acs-dingtalk-access-token is mandatory for this action.') };
		}
		const record = this.tokens.get(request.token);
		if (!record || record.expiresAt <= Date.now()) return this.invalidAuthentication(requestId);
		const caller: Caller = { app: record.app, mode: record.mode };
		if (this.rateLimited(caller.app, api)) return this.throttled(requestId);

		switch (api) {
			case 'searchConnectors':
				return this.searchConnectors(caller, request.query, requestId);
			case 'searchActions':
				return this.searchActions(caller, body, requestId);
			case 'getActionDetail':
				return this.getActionDetail(caller, body, requestId);
			case 'createInstance':
				return this.createInstance(caller, body, requestId);
			case 'invokeInstance':
				return this.invokeInstance(caller, body, requestId);
			case 'deleteInstance':
				return this.deleteInstance(request.query, requestId);
			case 'syncData':
				return this.syncData(caller, body, requestId);
		}
	}

	private issueToken(api: 'accessToken' | 'corpAccessToken', body: Record<string, unknown>, entry: RequestLogEntry, requestId: string): Answer {
		const lifetimeMs = this.config.tokenLifetimeSeconds * 1000;
		const now = Date.now();
		if (api === 'accessToken') {
			const appKey = String(body.appKey ?? '');
			if (this.rateLimited(appKey, api)) return this.throttled(requestId);
			const { corp } = DEMO_CREDENTIALS;
			if (body.appKey !== corp.appKey || body.appSecret !== corp.appSecret) {
				return { status: 400, json: this.errorBody(requestId, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret (invalid appKey or appSecret)') };
			}
			entry.app = appKey;
			// Corp mode: the same token while it is valid, and fetching it extends it.
			let token = this.corpTokens.get(appKey);
			const existing = token ? this.tokens.get(token) : undefined;
			if (!token || !existing || existing.expiresAt <= now) {
				token = randomBytes(16).toString('hex');
				this.corpTokens.set(appKey, token);
				this.tokens.set(token, { app: appKey, mode: 'corp', expiresAt: now + lifetimeMs });
			} else {
				existing.expiresAt = now + lifetimeMs;
			}
			this.stats.tokensIssued++;
			return { status: 200, json: { accessToken: token, expireIn: this.config.tokenLifetimeSeconds }, executed: true };
		}

		const app = `${String(body.suiteKey ?? '')}:${String(body.authCorpId ?? '')}`;
		if (this.rateLimited(app, api)) return this.throttled(requestId);
		const { suite } = DEMO_CREDENTIALS;
		if (body.suiteKey !== suite.suiteKey || body.suiteSecret !== suite.suiteSecret) {
			return { status: 400, json: this.errorBody(requestId, 'invalidSuiteKey', '无效的suiteKey或suiteSecret (invalid suiteKey or suiteSecret)') };
		}
		if (body.suiteTicket !== suite.suiteTicket) {
			return { status: 400, json: this.errorBody(requestId, 'invalidSuiteTicket', '无效的suiteTicket (invalid or outdated suiteTicket)') };
		}
		if (body.authCorpId !== suite.authCorpId) {
			return { status: 400, json: this.errorBody(requestId, 'invalidAuthInfo', '企业未授权该应用 (the organisation has not authorised this app)') };
		}
		entry.app = app;
		// Suite mode: a new token on every fetch, per authCorpId.
		const previous = this.suiteTokens.get(app);
		if (previous && !this.config.suiteKeepsPreviousToken) {
			const record = this.tokens.get(previous);
			if (record) record.expiresAt = 0;
		}
		const token = randomBytes(16).toString('hex');
		this.suiteTokens.set(app, token);
		this.tokens.set(token, { app, mode: 'suite', expiresAt: now + lifetimeMs });
		this.stats.tokensIssued++;
		return { status: 200, json: { accessToken: token, expireIn: this.config.tokenLifetimeSeconds }, executed: true };
	}

	private visibleConnector(caller: Caller, connector: SeedConnector): boolean {
		return caller.mode === 'corp' || connector.inSuiteScope;
	}

	private findVisibleAction(caller: Caller, connectAssetUri: string): SeedAction | undefined {
		const action = SEED.actions.find((a) => a.connectAssetUri === connectAssetUri);
		if (!action) return undefined;
		const connector = SEED.connectors.find((c) => c.id === action.connectorId) as SeedConnector;
		return this.visibleConnector(caller, connector) ? action : undefined;
	}

	private authorized(caller: Caller, action: SeedAction): boolean {
		return caller.mode === 'corp' || action.authorizedForSuite;
	}

	private authorityUrl(action: SeedAction): string {
		const consent = `https://open-dev.dingtalk.com/connect/authorize?suiteKey=${DEMO_CREDENTIALS.suite.suiteKey}&connectAssetUri=${encodeURIComponent(action.connectAssetUri)}`;
		return `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(consent)}`;
	}

	private pageParams(maxResults: unknown, nextToken: unknown, requestId: string): { offset: number; size: number } | Answer {
		let size = DEFAULT_PAGE_SIZE;
		if (maxResults !== undefined && maxResults !== '') {
			const parsed = Number(maxResults);
			if (!Number.isInteger(parsed) || parsed < 1) {
				return { status: 400, json: this.errorBody(requestId, 'InvalidParameter.MaxResults', 'maxResults must be a positive integer') };
			}
			size = Math.min(parsed, MAX_PAGE_SIZE);
		}
		let offset = 0;
		if (nextToken !== undefined && nextToken !== '' && nextToken !== null) {
			const decoded = typeof nextToken === 'string' ? decodeNextToken(nextToken) : undefined;
			if (decoded === undefined) {
				return { status: 400, json: this.errorBody(requestId, 'InvalidParameter.NextToken', 'nextToken is not valid') };
			}
			offset = decoded;
		}
		return { offset, size };
	}

	private searchConnectors(caller: Caller, query: Record<string, string>, requestId: string): Answer {
		const type = query.type;
		if (!type) return { status: 400, json: this.errorBody(requestId, 'MissingType', 'type is mandatory for this action.') };
		if (!CONNECTOR_TYPES.includes(type as ConnectorType)) {
			return { status: 400, json: this.errorBody(requestId, 'InvalidParameter.Type', `type must be one of ${CONNECTOR_TYPES.join(', ')}`) };
		}
		const page = this.pageParams(query.maxResults, query.nextToken, requestId);
		if ('status' in page) return page;
		const all = SEED.connectors.filter((c) => c.type === type && this.visibleConnector(caller, c));
		const { slice, hasMore, nextToken } = pageOf(all, page);
		return {
			status: 200,
			executed: true,
			json: {
				hasMore,
				nextToken,
				totalCount: String(all.length),
				list: slice.map(({ id, name, description, icon, providerCorpId }) => ({ id, name, description, icon, providerCorpId })),
			},
		};
	}

	private searchActions(caller: Caller, body: Record<string, unknown>, requestId: string): Answer {
		if (!nonEmptyString(body.connectorId)) {
			return { status: 400, json: this.errorBody(requestId, 'MissingConnectorId', 'connectorId is mandatory for this action.') };
		}
		let integrationTypes = ['basic'];
		if (body.integrationTypes !== undefined && body.integrationTypes !== null) {
			if (!Array.isArray(body.integrationTypes) || body.integrationTypes.some((t) => typeof t !== 'string')) {
				return { status: 400, json: this.errorBody(requestId, 'InvalidParameter.IntegrationTypes', 'integrationTypes must be an array of strings') };
			}
			if (body.integrationTypes.length > 0) integrationTypes = body.integrationTypes as string[];
		}
		const page = this.pageParams(body.maxResults, body.nextToken, requestId);
		if ('status' in page) return page;
		const connector = SEED.connectors.find((c) => c.id === body.connectorId);
		const visible =
			connector !== undefined &&
			this.visibleConnector(caller, connector) &&
			(!nonEmptyString(body.connectorProviderCorpId) || body.connectorProviderCorpId === connector.providerCorpId);
		const all = visible ? SEED.actions.filter((a) => a.connectorId === connector.id && integrationTypes.includes(a.integrationType)) : [];
		const { slice, hasMore, nextToken } = pageOf(all, page);
		return {
			status: 200,
			executed: true,
			json: {
				hasMore,
				nextToken,
				totalCount: all.length,
				list: slice.map((a) => {
					const authorized = this.authorized(caller, a);
					return {
						id: a.id,
						connectorId: a.connectorId,
						name: a.name,
						description: a.description,
						icon: a.icon,
						providerCorpId: a.providerCorpId,
						integrationType: a.integrationType,
						connectAssetUri: a.connectAssetUri,
						authorized,
						authorityUrl: authorized ? '' : this.authorityUrl(a),
					};
				}),
			},
		};
	}

	private getActionDetail(caller: Caller, body: Record<string, unknown>, requestId: string): Answer {
		if (!nonEmptyString(body.connectAssetUri)) return this.connectError(requestId, '4001', 'connectAssetUri is mandatory');
		const action = this.findVisibleAction(caller, body.connectAssetUri);
		if (!action) return this.connectError(requestId, '4004', `The asset does not exist: ${body.connectAssetUri}`);
		return {
			status: 200,
			executed: true,
			json: {
				connectAssetUri: action.connectAssetUri,
				name: action.name,
				inputSchema: JSON.stringify(action.inputSchema),
				outputSchema: JSON.stringify(action.outputSchema),
				refId: action.id,
				refType: action.integrationType === 'basic' ? 'action' : 'integration_endpoint',
				refProviderCorpId: action.providerCorpId,
				integrationConfig: JSON.stringify({ integrationType: action.integrationType, versionId: action.versionId }),
			},
		};
	}

	private instanceKeyOf(connectAssetUri: string, instanceKey: string): string {
		return `${connectAssetUri}\u0000${instanceKey}`;
	}

	private createInstance(caller: Caller, body: Record<string, unknown>, requestId: string): Answer {
		if (!nonEmptyString(body.connectAssetUri) || !nonEmptyString(body.instanceKey)) {
			return this.connectError(requestId, '4001', 'connectAssetUri and instanceKey are mandatory');
		}
		const action = this.findVisibleAction(caller, body.connectAssetUri);
		if (!action) return this.connectError(requestId, '4004', `The asset does not exist: ${body.connectAssetUri}`);
		const key = this.instanceKeyOf(body.connectAssetUri, body.instanceKey);
		if (this.instanceMap.has(key)) {
			if (this.config.instanceExists === 'error') {
				return { status: 400, json: this.errorBody(requestId, 'InstanceAlreadyExists', `The instance already exists: ${body.instanceKey}`) };
			}
			return { status: 200, json: { connectAssetUri: action.connectAssetUri, versionId: action.versionId } };
		}
		this.instanceMap.set(key, { connectAssetUri: action.connectAssetUri, instanceKey: body.instanceKey, app: caller.app, versionId: action.versionId });
		return { status: 200, executed: true, json: { connectAssetUri: action.connectAssetUri, versionId: action.versionId } };
	}

	private deleteInstance(query: Record<string, string>, requestId: string): Answer {
		if (!query.connectAssetUri || !query.instanceKey) return this.connectError(requestId, '4001', 'connectAssetUri and instanceKey are mandatory');
		const deleted = this.deleteInstances({ connectAssetUri: query.connectAssetUri, instanceKey: query.instanceKey });
		if (deleted === 0) return this.connectError(requestId, '4004', `The instance does not exist: ${query.instanceKey}`);
		return { status: 200, executed: true, json: { success: true } };
	}

	private invokeInstance(caller: Caller, body: Record<string, unknown>, requestId: string): Answer {
		if (!nonEmptyString(body.connectAssetUri) || !nonEmptyString(body.instanceKey)) {
			return this.connectError(requestId, '4001', 'connectAssetUri and instanceKey are mandatory');
		}
		let input: unknown = {};
		if (body.inputJsonString !== undefined && body.inputJsonString !== '') {
			if (typeof body.inputJsonString !== 'string') return this.connectError(requestId, '4001', 'inputJsonString must be a JSON string');
			try {
				input = JSON.parse(body.inputJsonString);
			} catch {
				return this.connectError(requestId, '4001', 'inputJsonString is not valid JSON');
			}
		}
		const action = this.findVisibleAction(caller, body.connectAssetUri);
		if (!action) return this.connectError(requestId, '4004', `The asset does not exist: ${body.connectAssetUri}`);
		if (!this.instanceMap.has(this.instanceKeyOf(body.connectAssetUri, body.instanceKey))) {
			return this.connectError(requestId, '4004', `The instance does not exist: ${body.instanceKey}`);
		}
		if (!this.authorized(caller, action)) {
			return this.connectError(requestId, '4003', `The app is not authorised for this asset; authorise it at ${this.authorityUrl(action)}`);
		}
		const problem = validateAgainstSchema(input, action.inputSchema);
		if (problem) {
			return { status: 200, json: { outputJson: '', instanceId: '', cost: 0, errorCode: 'INPUT_INVALID', errorMessage: problem } };
		}
		if (action.behaviour === 'alwaysFails') {
			// No effect happens, so the request counts as not executed.
			return {
				status: 200,
				json: { outputJson: '', instanceId: '', cost: 30000, errorCode: ALWAYS_FAILS_ERROR_CODE, errorMessage: '调用下游系统超时 (the legacy system timed out after 30000 ms)' },
			};
		}
		const started = Date.now();
		const output = this.runAction(action, input as Record<string, unknown>);
		const instanceId = `inv-${String(++this.invocationSequence).padStart(6, '0')}`;
		this.invocationList.push({ connectAssetUri: action.connectAssetUri, instanceKey: body.instanceKey, input: clone(input), output: clone(output), instanceId });
		return {
			status: 200,
			executed: true,
			json: { outputJson: JSON.stringify(output), instanceId, cost: Date.now() - started, errorCode: '0', errorMessage: '' },
		};
	}

	private runAction(action: SeedAction, input: Record<string, unknown>): unknown {
		switch (action.behaviour) {
			case 'createTodo': {
				const id = `todo-${String(++this.todoSequence).padStart(4, '0')}`;
				return {
					id,
					subject: input.subject,
					creatorId: input.creatorId,
					description: input.description ?? '',
					executorIds: input.executorIds ?? [input.creatorId],
					priority: input.priority ?? 20,
					dueTime: input.dueTime ?? null,
					isOnlyShowExecutor: input.isOnlyShowExecutor ?? false,
					detailUrl: input.detailUrl ?? null,
					done: false,
				};
			}
			case 'addNumbers': {
				const addends = [input.a as number, input.b as number, ...((input.more as number[] | undefined) ?? [])];
				let sum = addends.reduce((total, n) => total + n, 0);
				if (typeof input.decimals === 'number') sum = Number(sum.toFixed(input.decimals));
				return { sum, count: addends.length };
			}
			case 'lookupUser': {
				const digits = (text: string) => text.replace(/\D/g, '').slice(-11);
				const wanted = digits(String(input.mobile));
				const users = SEED_USERS.filter((u) => digits(u.mobile) === wanted).map((u) => ({
					userId: u.userId,
					name: u.name,
					mobile: u.mobile,
					title: u.title,
					deptIds: u.deptIds,
					...(input.includeEmail === true ? { email: u.email } : {}),
				}));
				return { found: users.length > 0, users };
			}
			case 'sendWorkNotice': {
				const sequence = ++this.messageSequence;
				const recipients = input.toAllUser === true ? SEED_USERS.length : (input.userIds as string[]).length;
				return { messageId: `msg-${String(sequence).padStart(6, '0')}`, taskId: 100000 + sequence, recipients };
			}
			case 'echoForm':
				return input;
			case 'ping':
				return { pong: true };
			case 'approvalFlow': {
				const amount = input.amount as number;
				return { approved: amount <= 10000, approver: 'manager4321', amount, currency: input.currency ?? 'CNY' };
			}
			default:
				return { actionId: action.id, echo: input };
		}
	}

	private syncData(caller: Caller, body: Record<string, unknown>, requestId: string): Answer {
		const bad = (code: string, message: string): Answer => ({ status: 400, json: this.errorBody(requestId, code, message) });
		if (!nonEmptyString(body.appId) || !SEED.syncAppIds.includes(body.appId)) return bad('invalid.appid', 'appId is invalid');
		const list = body.triggerDataList;
		if (!Array.isArray(list) || list.length === 0) return bad('MissingTriggerDataList', 'triggerDataList is mandatory for this action.');
		if (list.length > MAX_SYNC_LIST_SIZE) return bad('moreThanMaxListSize', `triggerDataList holds at most ${MAX_SYNC_LIST_SIZE} items`);
		for (const [index, item] of list.entries()) {
			if (!isRecord(item) || !SEED.triggers.some((t) => t.triggerId === item.triggerId)) {
				return bad('invalidTriggerId', `triggerDataList[${index}].triggerId is invalid`);
			}
			if (!['add', 'update', 'delete'].includes(item.action as string)) {
				return bad('invalid.data.action', `triggerDataList[${index}].action must be add, update or delete`);
			}
			if (!nonEmptyString(item.jsonData)) return bad('jsonData.empty', `triggerDataList[${index}].jsonData is empty`);
		}
		let executed = false;
		const results = (list as Array<Record<string, unknown>>).map((item) => {
			const triggerId = item.triggerId as string;
			let data: unknown;
			try {
				data = JSON.parse(item.jsonData as string);
			} catch {
				return { triggerId, bizPrimaryKey: '', success: false, subErrCode: 'jsonData.invalid', subErrMsg: 'jsonData is not valid JSON' };
			}
			const fromData = isRecord(data) ? (data.bizPrimaryKey ?? data.id) : undefined;
			const bizPrimaryKey =
				fromData !== undefined ? String(fromData) : nonEmptyString(item.customTriggerId) ? item.customTriggerId : `biz-${String(++this.syncSequence).padStart(6, '0')}`;
			this.syncedList.push({
				appId: body.appId as string,
				app: caller.app,
				triggerId,
				customTriggerId: nonEmptyString(item.customTriggerId) ? item.customTriggerId : undefined,
				bizPrimaryKey,
				action: item.action as SyncedEvent['action'],
				data,
				dataGmtCreate: typeof item.dataGmtCreate === 'number' ? item.dataGmtCreate : undefined,
				dataGmtModified: typeof item.dataGmtModified === 'number' ? item.dataGmtModified : undefined,
			});
			executed = true;
			return { triggerId, bizPrimaryKey, success: true, subErrCode: '', subErrMsg: '' };
		});
		return { status: 200, executed, json: { list: results } };
	}

	// ------------------------------------------------------------ control endpoints

	private async handleControl(req: http.IncomingMessage, res: http.ServerResponse, url: URL, requestId: string): Promise<void> {
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
		const filter = (): { connectAssetUri?: string; instanceKey?: string } => ({
			connectAssetUri: url.searchParams.get('connectAssetUri') ?? undefined,
			instanceKey: url.searchParams.get('instanceKey') ?? undefined,
		});
		try {
			switch (route) {
				case 'GET /__emulator':
					return reply(200, { credentials: DEMO_CREDENTIALS, config: this.config });
				case 'GET /__emulator/counters':
					return reply(200, this.counters());
				case 'GET /__emulator/log':
					return reply(200, this.log());
				case 'GET /__emulator/config':
					return reply(200, this.config);
				case 'POST /__emulator/config':
					this.configure((body ?? {}) as Partial<EmulatorConfig>);
					return reply(200, this.config);
				case 'POST /__emulator/faults':
					for (const rule of Array.isArray(body) ? body : [body]) validateFaultRule(rule);
					for (const rule of Array.isArray(body) ? body : [body]) this.addFault(rule as FaultRule);
					return reply(200, { faults: this.config.faults });
				case 'DELETE /__emulator/faults':
					this.clearFaults();
					return reply(200, { faults: [] });
				case 'POST /__emulator/expire-tokens':
					this.expireAllTokens();
					return reply(200, { ok: true });
				case 'POST /__emulator/reset':
					this.reset();
					return reply(200, { ok: true });
				case 'POST /__emulator/reset-counters':
					this.resetCounters();
					return reply(200, { ok: true });
				case 'GET /__emulator/instances':
					return reply(200, this.instances());
				case 'DELETE /__emulator/instances':
					return reply(200, { deleted: this.deleteInstances(filter()) });
				case 'GET /__emulator/invocations':
					return reply(200, this.invocations());
				case 'GET /__emulator/synced-events':
					return reply(200, this.syncedEvents());
				default:
					return reply(404, { error: `unknown control endpoint ${route}` });
			}
		} catch (error) {
			reply(400, { error: (error as Error).message });
		}
	}
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', () => resolve(''));
		req.on('aborted', () => resolve(''));
		req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}

export async function startEmulator(options: { port?: number; config?: Partial<EmulatorConfig> } = {}): Promise<RunningEmulator> {
	const emulator = new ConnectEmulator(options.config);
	const sockets = new Set<Socket>();
	const server = http.createServer({ keepAlive: true }, (req, res) => {
		emulator.handle(req, res).catch((error: Error) => {
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

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		get config() {
			return clone(emulator.config);
		},
		configure: (patch) => emulator.configure(patch),
		addFault: (rule) => emulator.addFault(rule),
		clearFaults: () => emulator.clearFaults(),
		expireAllTokens: () => emulator.expireAllTokens(),
		deleteInstances: (filter) => emulator.deleteInstances(filter),
		counters: () => emulator.counters(),
		log: () => emulator.log(),
		instances: () => emulator.instances(),
		invocations: () => emulator.invocations(),
		syncedEvents: () => emulator.syncedEvents(),
		resetCounters: () => emulator.resetCounters(),
		reset: () => emulator.reset(),
		stop: () => {
			stopping ??= new Promise<void>((resolve) => {
				emulator.stopTimers();
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			});
			return stopping;
		},
	};
}
