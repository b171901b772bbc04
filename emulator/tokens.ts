// The two token endpoints: the enterprise internal app's accessToken and the third-party suite's
// corpAccessToken, and the look-up of the caller behind a request's token.

import { randomBytes } from 'node:crypto';

import type { RequestLogEntry } from './types';
import { DEMO_CREDENTIALS } from './seed';
import { badRequest, invalidAuthentication, type Answer } from './http/answers';
import { rateLimited, throttled } from './rateLimit';
import type { Caller, EmulatorState } from './state';

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
	const { corp } = DEMO_CREDENTIALS;
	if (body.appKey !== corp.appKey || body.appSecret !== corp.appSecret) {
		return badRequest(requestId, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret (invalid appKey or appSecret)');
	}
	entry.app = appKey;
	const now = Date.now();
	const expiresAt = now + state.config.tokenLifetimeSeconds * 1000;
	// Corp mode: the same token while it is valid, and fetching it extends it.
	let token = state.corpTokens.get(appKey);
	const existing = token ? state.tokens.get(token) : undefined;
	if (!token || !existing || existing.expiresAt <= now) {
		token = newToken();
		state.corpTokens.set(appKey, token);
		state.tokens.set(token, { app: appKey, mode: 'corp', expiresAt });
	} else {
		existing.expiresAt = expiresAt;
	}
	return issued(state, token);
}

function suiteAccessToken(state: EmulatorState, body: Record<string, unknown>, entry: RequestLogEntry, requestId: string): Answer {
	const app = `${String(body.suiteKey ?? '')}:${String(body.authCorpId ?? '')}`;
	if (rateLimited(state, app, 'corpAccessToken')) return throttled(state, requestId);
	const { suite } = DEMO_CREDENTIALS;
	if (body.suiteKey !== suite.suiteKey || body.suiteSecret !== suite.suiteSecret) {
		return badRequest(requestId, 'invalidSuiteKey', '无效的suiteKey或suiteSecret (invalid suiteKey or suiteSecret)');
	}
	if (body.suiteTicket !== suite.suiteTicket) {
		return badRequest(requestId, 'invalidSuiteTicket', '无效的suiteTicket (invalid or outdated suiteTicket)');
	}
	if (body.authCorpId !== suite.authCorpId) {
		return badRequest(requestId, 'invalidAuthInfo', '企业未授权该应用 (the organisation has not authorised this app)');
	}
	entry.app = app;
	// Suite mode: a new token on every fetch, per authCorpId.
	const previous = state.suiteTokens.get(app);
	if (previous && !state.config.suiteKeepsPreviousToken) {
		const record = state.tokens.get(previous);
		if (record) record.expiresAt = 0;
	}
	const token = newToken();
	state.suiteTokens.set(app, token);
	state.tokens.set(token, { app, mode: 'suite', expiresAt: Date.now() + state.config.tokenLifetimeSeconds * 1000 });
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
	return { app: record.app, mode: record.mode };
}

export function expireAllTokens(state: EmulatorState): void {
	for (const record of state.tokens.values()) record.expiresAt = 0;
	state.corpTokens.clear();
	state.suiteTokens.clear();
}
