import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { boundToken, readAppScope, type AppScope, type DingTalkContext } from './appScope';
import { CREDENTIAL_TYPE, DEFAULT_INVOKE_TIMEOUT_MS, DEFAULT_TIMEOUT_MS } from './constants';
import {
	buildNodeApiError,
	classifyNetworkError,
	classifyResponse,
	type DingTalkFailure,
	type FullResponse,
} from './errors';
import { rateLimiter, type PaceOutcome } from './rateLimiter';
import { decideRetry, getRetryPolicy, isIdempotent, type CallKind, type RetryState } from './retry';
import { credentialSecrets } from './token';
import { settle } from '../helpers/settle';
import { fetchOrgToken, orgToken } from './orgTokens';
import { claimRefresh, watchAccessToken, type RefreshOutcome } from './tokenRefresh';
import { stopReason, waitUnlessAborted, whenAborted } from './wait';

export interface DingTalkRequest {
	method: 'GET' | 'POST' | 'DELETE';
	/** e.g. '/v1.0/connector/assets/connectors' */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	kind: CallKind;
	/** ms; default 60 s for invoke, 30 s otherwise */
	timeout?: number;
	/** Pace this call by the app's adaptive rate for this path (invoke: DingTalk limits it per app and API). */
	paced?: boolean;
	/** A ceiling for that rate (paces the call even without `paced`). */
	requestsPerSecond?: number;
	/** For errors. */
	itemIndex?: number;
	/** For the text of a 4004. */
	connectAssetUri?: string;
	/** The run's stop: once aborted nothing more is sent, and every wait of this call ends at once. */
	signal?: AbortSignal;
	/** Fetch a new token first, even if the stored one is valid (e.g. to store a pushed suite ticket). */
	renewToken?: boolean;
	/** A third-party app acts for this organisation instead of the credential's (see AppTarget). */
	authCorpId?: string;
}

/** What the next attempt knows about its token. */
interface TokenState {
	/** Set after an expired-token answer: the token that must be replaced before the next attempt. */
	replace?: string;
	/** Only wait once for another call's refresh, so a token that never gets stored cannot loop. */
	waited: boolean;
	/** The stored token is to be replaced even though nothing refused it yet. */
	renew: boolean;
}

type TokenStep =
	| { kind: 'send'; data: ICredentialDataDecryptedObject; settle?: (outcome: RefreshOutcome) => void }
	| { kind: 'reread' }
	| { kind: 'failed'; failure: DingTalkFailure };

type Attempt = { ok: true; body: IDataObject } | { ok: false; failure: DingTalkFailure; tokenUsed: string };

/** Another organisation's token, fetched by this call: n8n's preAuthentication would store it in the credential. */
async function leadOrgToken(context: DingTalkContext, scope: AppScope, settleRefresh: (outcome: RefreshOutcome) => void): Promise<TokenStep> {
	const fetched = await settle(fetchOrgToken(context, scope));
	if (!fetched.ok) {
		const failure = findTokenFailure(fetched.error) ?? classifyNetworkError(fetched.error);
		settleRefresh({ ok: false, failure });
		return { kind: 'failed', failure };
	}
	settleRefresh({ ok: true });
	return { kind: 'send', data: { ...scope.credentials, accessToken: fetched.value } };
}

/** Which token the next attempt sends: the stored one, or one fetched by this call or by another call of the app. */
async function takeToken(context: DingTalkContext, scope: AppScope, tokens: TokenState): Promise<TokenStep> {
	const stored = scope.forOtherOrg ? orgToken(scope) : boundToken(scope.credentials, scope.baseUrl);
	if (tokens.renew) {
		tokens.renew = false;
		tokens.replace = stored;
	}
	// An empty token makes n8n run the credential's preAuthentication and store the new one.
	const withStored: TokenStep = { kind: 'send', data: { ...scope.credentials, accessToken: stored } };
	if ((tokens.replace === undefined && stored !== '') || tokens.waited) return withStored;

	const claim = claimRefresh(scope.key, tokens.replace ?? '', stored);
	if (claim.kind === 'current') {
		tokens.replace = undefined;
		return withStored;
	}
	if (claim.kind === 'lead') {
		const settleRefresh = claim.settle;
		if (scope.forOtherOrg) return await leadOrgToken(context, scope, settleRefresh);
		return { kind: 'send', data: watchAccessToken(scope.credentials, '', () => settleRefresh({ ok: true })), settle: settleRefresh };
	}
	const outcome = await claim.done;
	if (outcome.ok) {
		tokens.waited = true;
		tokens.replace = undefined;
		return { kind: 'reread' };
	}
	// The leader's run stopped before it sent anything: claim again, one of us leads.
	if (outcome.failure.kind === 'cancelled') return { kind: 'reread' };
	// The other call could not get a token: this call takes the decision it would have taken itself.
	return { kind: 'failed', failure: outcome.failure };
}

function findTokenFailure(error: unknown): DingTalkFailure | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
		const link = current as { name?: unknown; tokenFailure?: unknown; cause?: unknown };
		if (link.name === 'DingTalkTokenError' && typeof link.tokenFailure === 'object') {
			return link.tokenFailure as DingTalkFailure;
		}
		current = link.cause;
	}
	return undefined;
}

function notSent(context: DingTalkContext, request: DingTalkRequest, signal: AbortSignal): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Not sent: ${stopReason(signal)}`, {
		itemIndex: request.itemIndex,
		description: 'This request was never sent to DingTalk, so nothing ran for it.',
	});
}

/**
 * Waits for this app's turn at this API (the pacer adapts to DingTalk's answers, under the request's
 * ceiling) and returns how to report the answer. A stopped run gives its turn back at once and sends nothing.
 */
async function pace(
	this: DingTalkContext,
	scope: AppScope,
	request: DingTalkRequest,
	step: TokenStep & { kind: 'send' },
): Promise<((outcome: PaceOutcome) => void) | undefined> {
	const { signal } = request;
	const stopped = () => {
		step.settle?.({ ok: false, failure: { kind: 'cancelled' } });
		return notSent(this, request, signal as AbortSignal);
	};
	if (signal?.aborted) throw stopped();
	if (!request.paced && request.requestsPerSecond === undefined) return undefined;
	const key = `${scope.appKey}|${request.path}`;
	// The call's own signal: the pacer's listener per waiting call must not pile up on the run's one signal.
	const own = new AbortController();
	if (signal) void whenAborted(signal).then(() => own.abort());
	const turn = await settle(rateLimiter.acquire(key, { ceiling: request.requestsPerSecond, signal: own.signal }));
	if (!turn.ok || signal?.aborted) throw stopped();
	return (outcome) => rateLimiter.report(key, outcome, turn.value);
}

/** One HTTP exchange with the token the step chose; statuses are ours to read. */
async function send(
	this: DingTalkContext,
	scope: AppScope,
	request: DingTalkRequest,
	step: TokenStep & { kind: 'send' },
	timeoutMs: number,
): Promise<Attempt> {
	const credential = this.getNode().credentials?.[CREDENTIAL_TYPE];
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${scope.baseUrl}${request.path}`,
		json: true,
		returnFullResponse: true,
		// n8n's own 401 refresh must never fire on top of ours.
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	};
	if (request.qs !== undefined) options.qs = request.qs;
	if (request.body !== undefined && request.method !== 'GET') options.body = request.body;

	let failure: DingTalkFailure | undefined;
	let response: unknown;
	try {
		response = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options, {
			credentialsDecrypted: { id: credential?.id ?? '', name: credential?.name ?? '', type: CREDENTIAL_TYPE, data: step.data },
		});
	} catch (error) {
		// A failed token fetch (from preAuthentication) or a network error.
		failure = findTokenFailure(error) ?? classifyNetworkError(error);
	}
	const tokenUsed = typeof step.data.accessToken === 'string' ? step.data.accessToken : '';
	if (failure === undefined) {
		const classified = classifyResponse(response as FullResponse);
		if (classified.ok) {
			step.settle?.({ ok: true });
			return { ok: true, body: classified.body };
		}
		failure = classified.failure;
	}
	step.settle?.(tokenUsed !== '' ? { ok: true } : { ok: false, failure });
	return { ok: false, failure, tokenUsed };
}

/**
 * Sends one DingTalk API call and returns its body: token → pace → send → decide. Refreshes an
 * expired token once, waits out throttling, and retries lost calls when that cannot run an action
 * twice. Every failure is a NodeApiError with `context.dingTalkCode` and `context.requestId`.
 */
export async function dingTalkApiRequest(this: DingTalkContext, request: DingTalkRequest): Promise<IDataObject> {
	const policy = getRetryPolicy();
	const timeoutMs = request.timeout ?? (request.kind === 'invoke' ? DEFAULT_INVOKE_TIMEOUT_MS : DEFAULT_TIMEOUT_MS);
	const state: RetryState = { attempts: 0, waitedMs: 0, refreshed: false, transientRetries: 0 };
	const tokens: TokenState = { waited: false, renew: request.renewToken === true };

	for (;;) {
		const scope = await readAppScope.call(this, { itemIndex: request.itemIndex, authCorpId: request.authCorpId });
		const step = await takeToken(this, scope, tokens);
		if (step.kind === 'reread') continue;

		let failure: DingTalkFailure;
		let tokenUsed = '';
		if (step.kind === 'failed') {
			state.attempts++;
			failure = step.failure;
		} else {
			const report = await pace.call(this, scope, request, step);
			state.attempts++;
			const attempt = await send.call(this, scope, request, step, timeoutMs);
			report?.(!attempt.ok && attempt.failure.kind === 'throttled' ? 'throttled' : 'ok');
			if (attempt.ok) return attempt.body;
			({ failure, tokenUsed } = attempt);
			if (step.settle && tokenUsed !== '') tokens.replace = undefined;
		}

		const decision = decideRetry(request.kind, failure, state, policy);
		if (decision.action === 'refresh') {
			state.refreshed = true;
			tokens.replace = tokenUsed;
			tokens.waited = false;
			this.logger.debug('DingTalk refused the access token; fetching a new one', { path: request.path });
			continue;
		}
		if (decision.action === 'wait') {
			if (decision.reason !== 'throttled') state.transientRetries++;
			this.logger.debug('DingTalk call will be retried', {
				path: request.path,
				failure: failure.kind,
				attempt: state.attempts,
				delayMs: decision.delayMs,
			});
			const waited = await waitUnlessAborted(decision.delayMs, request.signal);
			state.waitedMs += decision.delayMs;
			// A failed token fetch: the next attempt has to try for a token again.
			if (failure.presetText !== undefined) tokens.waited = false;
			if (waited) continue;
		}
		throw buildNodeApiError(this.getNode(), failure, {
			baseUrl: scope.baseUrl,
			operation: `${request.method} ${request.path}`,
			connectAssetUri: request.connectAssetUri,
			refreshed: state.refreshed,
			attempts: state.attempts,
			timeoutMs,
			notIdempotent: !isIdempotent(request.kind),
			itemIndex: request.itemIndex,
			secrets: [...credentialSecrets(scope.credentials), tokenUsed],
		});
	}
}
