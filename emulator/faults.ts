// Fault rules: validating them, picking the one that hits a request (count, seeded rate or always),
// and the answer each kind gives before the API runs.

import { API_NAMES, FAULT_KINDS, TOKENLESS_APIS, type ApiName, type FaultKind, type FaultRule } from './types';
import { connectError, errorBody, invalidAuthentication, type Answer } from './http/answers';
import type { EmulatorState } from './state';
import { clone, isRecord } from './jsonValues';

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
	// Our choice: DingTalk names no scope for the Stream gateway's open call.
	openStreamConnection: 'Stream.Connection.Open',
};

const IP_BAN_PAGE =
	'<!DOCTYPE html><html><head><meta charset="utf-8"><title>访问被拒绝</title></head><body>' +
	'<h1>访问被拒绝 Access Denied</h1><p>您的IP访问频率过高，已被暂时封禁，请5分钟后再试。</p>' +
	'<p>Your IP sent too many requests and is blocked for 5 minutes.</p></body></html>';

/** The per-app QPS answer, shared by the 'throttle' fault and the real rate limit. */
export const QPS_LIMIT_FOR_APP = {
	code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
	message: '应用调用该接口的QPS超过限制 (the app exceeded the per-API QPS limit)',
};

function defaultFaultApis(kind: FaultKind): readonly ApiName[] {
	if (kind === 'badOutputJson' || kind === 'connectorError') return ['invokeInstance'];
	return API_NAMES.filter((api) => !TOKENLESS_APIS.includes(api));
}

export function validateFaultRule(rule: unknown): FaultRule {
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

/** The first rule that hits this request; a counted rule is spent by it. */
export function pickFault(state: EmulatorState, api: ApiName): FaultRule | undefined {
	const faults = state.config.faults;
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
			if (state.prng() < rule.rate) return rule;
			continue;
		}
		return rule;
	}
	return undefined;
}

type FaultAnswer = (state: EmulatorState, fault: FaultRule, api: ApiName, requestId: string) => Answer | undefined;

/** What the API still runs under: these kinds act on the connection, the timing or the answer afterwards. */
const RUNS_THE_API: FaultAnswer = () => undefined;

const FAULT_ANSWERS: Record<FaultKind, FaultAnswer> = {
	serverError: (_state, fault, _api, requestId) => {
		const status = fault.status ?? 500;
		const code = status === 502 ? 'BadGateway' : status === 503 ? 'ServiceUnavailable' : 'InternalError';
		return { status, json: errorBody(requestId, code, 'The request processing has failed due to some unknown error.') };
	},
	dropBeforeRead: RUNS_THE_API,
	dropAfterRead: RUNS_THE_API,
	slow: RUNS_THE_API,
	badOutputJson: RUNS_THE_API,
	ipBan: () => ({ status: 403, text: IP_BAN_PAGE, contentType: 'text/html;charset=utf-8' }),
	nonJson: () => ({ status: 200, text: 'upstream returned an unexpected answer (not JSON)', contentType: 'text/plain;charset=utf-8' }),
	throttle: (state, _fault, _api, requestId) => {
		state.stats.throttled++;
		return { status: 403, json: errorBody(requestId, QPS_LIMIT_FOR_APP.code, QPS_LIMIT_FOR_APP.message) };
	},
	throttleGlobal: (state, _fault, _api, requestId) => {
		state.stats.throttled++;
		return { status: 403, json: errorBody(requestId, 'Forbidden.AccessDenied.QpsLimitForApi', '该接口的QPS超过限制，请1秒后重试 (the API is over its global QPS limit, retry in ~1 s)') };
	},
	quotaExhausted: (_state, _fault, _api, requestId) => ({
		status: 403,
		json: errorBody(requestId, 'Forbidden.AccessDenied.ApiCountLimitForOrg', '企业本月的接口调用量已用完 (the organisation used up its monthly API quota)'),
	}),
	permissionDenied: (_state, _fault, api, requestId) => ({
		status: 403,
		json: errorBody(requestId, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', `没有调用该接口的权限，接口权限申请参考：${REQUIRED_SCOPES[api]}`, {
			accessdenieddetail: { requiredScopes: [REQUIRED_SCOPES[api]] },
		}),
	}),
	ipNotInWhiteList: (_state, _fault, _api, requestId) => ({
		status: 403,
		json: errorBody(requestId, 'Forbidden.AccessDenied.IpNotInWhiteList', '访问IP不在白名单之中 (the caller IP is not in the allow-list)'),
	}),
	invalidAuthentication: (state, _fault, _api, requestId) => invalidAuthentication(state.config, requestId),
	connectorError: (_state, fault) => ({
		status: 200,
		json: { outputJson: '', instanceId: '', cost: 0, errorCode: fault.errorCode ?? 'CONNECTOR_ERROR', errorMessage: '连接器执行失败 (the connector failed)' },
	}),
	connect4001: (state, _fault, _api, requestId) => connectError(state.config, requestId, '4001', 'Invalid parameter'),
	connect4003: (state, _fault, _api, requestId) => connectError(state.config, requestId, '4003', 'The caller is not authorised for this asset'),
	connect4004: (state, _fault, _api, requestId) => connectError(state.config, requestId, '4004', 'The asset or instance does not exist'),
};

/** The answer a fault gives instead of running the API, or undefined when the API still runs. */
export function preExecutionFault(state: EmulatorState, fault: FaultRule | undefined, api: ApiName, requestId: string): Answer | undefined {
	return fault ? FAULT_ANSWERS[fault.kind](state, fault, api, requestId) : undefined;
}
