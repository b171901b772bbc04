// The two token endpoints: the enterprise internal app's accessToken and the third-party suite's
// corpAccessToken, and the look-up of the caller behind a request's token.

import { randomBytes } from 'node:crypto';

import type { RequestLogEntry } from './types';
import { CORP_APPS, SUITE_APPS } from './seed';
import { badRequest, invalidAuthentication, type Answer } from './http/answers';
import { rateLimited, throttled } from './rateLimit';
import type { Caller, EmulatorState } from './state';
import { suiteTicketAccepted } from './suiteTickets';

export type TokenApi = 'accessToken' | 'corpAccessToken';

function newToken(): string {
	return randomBytes(16).toString('hex');
}

function issued(state: EmulatorState, token: string): Answer {
	state.stats.tokensIssued++;
	return { status: 200, json: { accessToken: token, expireIn: state.config.tokenLifetimeSeconds }, executed: true };
}

function corpAccessToken(state: EmulatorState, body: Record<string, unknown>, entry: RequestLogEntry, requestId: string): Answer {
	const appKey = String(body.appKey ?? '');
	if (rateLimited(state, appKey, 'accessToken')) return throttled(state, requestId);
	const corp = CORP_APPS.find((candidate) => candidate.appKey === body.appKey && candidate.appSecret === body.appSecret);
	if (!corp) return badRequest(requestId, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret (invalid appKey or appSecret)');
	entry.app = appKey;
	entry.corpId = corp.corpId;
	const now = Date.now();
	const expiresAt = now + state.config.tokenLifetimeSeconds * 1000;
	// Corp mode: the same token while it is valid, and fetching it extends it.
	let token = state.corpTokens.get(appKey);
	const existing = token ? state.tokens.get(token) : undefined;
	if (!token || !existing || existing.expiresAt <= now) {
		token = newToken();
		state.corpTokens.set(appKey, token);
		state.tokens.set(token, { app: appKey, mode: 'corp', corpId: corp.corpId, expiresAt });
	} else {
		existing.expiresAt = expiresAt;
	}
	return issued(state, token);
}

function suiteAccessToken(state: EmulatorState, body: Record<string, unknown>, entry: RequestLogEntry, requestId: string): Answer {
	const app = `${String(body.suiteKey ?? '')}:${String(body.authCorpId ?? '')}`;
	if (rateLimited(state, app, 'corpAccessToken')) return throttled(state, requestId);
	const suite = SUITE_APPS.find((candidate) => candidate.suiteKey === body.suiteKey && candidate.suiteSecret === body.suiteSecret);
	if (!suite) return badRequest(requestId, 'invalidSuiteKey', '无效的suiteKey或suiteSecret (invalid suiteKey or suiteSecret)');
	if (!suiteTicketAccepted(state, suite, body.suiteTicket)) {
		return badRequest(requestId, 'invalidSuiteTicket', '无效的suiteTicket (invalid or outdated suiteTicket)');
	}
	const corpId = suite.authCorpIds.find((candidate) => candidate === body.authCorpId);
	if (!corpId) return badRequest(requestId, 'invalidAuthInfo', '企业未授权该应用 (the organisation has not authorised this app)');
	entry.app = app;
	entry.corpId = corpId;
	// Suite mode: a new token on every fetch, per authCorpId.
	const previous = state.suiteTokens.get(app);
	if (previous && !state.config.suiteKeepsPreviousToken) {
		const record = state.tokens.get(previous);
		if (record) record.expiresAt = 0;
	}
	const token = newToken();
	state.suiteTokens.set(app, token);
	state.tokens.set(token, { app, mode: 'suite', corpId, suiteKey: suite.suiteKey, expiresAt: Date.now() + state.config.tokenLifetimeSeconds * 1000 });
	return issued(state, token);
}

export function issueToken(state: EmulatorState, api: TokenApi, body: Record<string, unknown>, entry: RequestLogEntry, requestId: string): Answer {
	return api === 'accessToken' ? corpAccessToken(state, body, entry, requestId) : suiteAccessToken(state, body, entry, requestId);
}

/** The caller behind a token, or the answer DingTalk gives for a missing, unknown or expired one. */
export function callerOf(state: EmulatorState, token: string | undefined, requestId: string): Caller | Answer {
	if (!token) {
		return badRequest(requestId, 'AuthenticationFailed.MissingParameter', 'x-acs-dingtalk-access-token is mandatory for this action.');
	}
	const record = state.tokens.get(token);
	if (!record || record.expiresAt <= Date.now()) return invalidAuthentication(state.config, requestId);
	const { app, mode, corpId, suiteKey } = record;
	return { app, mode, corpId, suiteKey };
}

export function expireAllTokens(state: EmulatorState): void {
	for (const record of state.tokens.values()) record.expiresAt = 0;
	state.corpTokens.clear();
	state.suiteTokens.clear();
}
