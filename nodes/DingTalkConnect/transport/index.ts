import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';
import type { DingTalkFailure, FullResponse } from './errors';
import { buildNodeApiError, classifyNetworkError, classifyResponse } from './errors';
import { rateLimiter, type PaceTicket } from './rateLimiter';
import type { CallKind, RetryState } from './retry';
import { decideRetry, getRetryPolicy, isIdempotent } from './retry';
import type { RefreshOutcome } from './tokenRefresh';
import { claimRefresh, watchAccessToken } from './tokenRefresh';
import { CREDENTIAL_TYPE, appIdentity, credentialSecrets } from './token';

export type { CallKind } from './retry';
export type { DingTalkFailure, FailureKind } from './errors';
export { DEFAULT_RETRY_POLICY, getRetryPolicy, resetRetryPolicy, setRetryPolicy } from './retry';
export { getDingTalkErrorCode, getFailureKind } from './errors';
export { DEFAULT_BASE_URL, checkBaseUrl } from './baseUrl';
export { CREDENTIAL_TYPE } from './token';

/** Invoke waits on the third-party system behind the connector, so it gets longer. */
export const DEFAULT_INVOKE_TIMEOUT_MS = 60000;
export const DEFAULT_TIMEOUT_MS = 30000;
export const MAX_PAGE_SIZE = 50;

export interface DingTalkRequest {
	method: 'GET' | 'POST' | 'DELETE';
	/** e.g. '/v1.0/connector/assets/connectors' */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	kind: CallKind;
	/** ms; default 60 s for invoke, 30 s otherwise */
	timeout?: number;
	/** Paces this call by DingTalk's answers, per app, base URL and path (set by Invoke). */
	paced?: boolean;
	/** A ceiling the paced rate never exceeds; given alone, it paces the call too. */
	requestsPerSecond?: number;
	/** For errors. */
	itemIndex?: number;
	/** Lets a 4003 error include the authorityUrl when known. */
	connectAssetUri?: string;
	/**
	 * Looks the authorityUrl up when a 4003 comes and none is remembered (e.g. a fresh process that
	 * never listed the connector's actions): only the action list carries it.
	 */
	findAuthorityUrl?: () => Promise<string | undefined>;
	/**
	 * Asked right before every send (after pacing, and before each retry): true means the run
	 * is stopping, so a request that has not gone out yet must not go out at all.
	 */
	shouldCancel?: () => boolean;
}

type DingTalkContext = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * `fn.call(this, ...)` cannot take a type argument, so TypeScript infers `unknown` for T;
 * this keeps the documented default (IDataObject) in that case.
 */
export type DingTalkAnswer<T> = unknown extends T ? IDataObject : T;

const MAX_REMEMBERED_AUTHORITY_URLS = 5000;
const authorityUrls = new Map<string, string>();

/** Remembers the consent link of an action (from the action list) for later 4003 errors. */
export function rememberAuthorityUrl(connectAssetUri: string, authorityUrl: string): void {
	if (!connectAssetUri || !authorityUrl) return;
	authorityUrls.delete(connectAssetUri);
	authorityUrls.set(connectAssetUri, authorityUrl);
	if (authorityUrls.size > MAX_REMEMBERED_AUTHORITY_URLS) {
		const oldest = authorityUrls.keys().next().value;
		if (oldest !== undefined) authorityUrls.delete(oldest);
	}
}

export function getAuthorityUrl(connectAssetUri: string | undefined): string | undefined {
	return connectAssetUri === undefined ? undefined : authorityUrls.get(connectAssetUri);
}

/** The token of a credential is shared by every node using the credential (by id). */
function credentialKey(node: INode, credentials: ICredentialDataDecryptedObject, baseUrl: string): string {
	const id = node.credentials?.[CREDENTIAL_TYPE]?.id ?? '';
	return `${id}|${appIdentity(credentials)}|${baseUrl}`;
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

/** What the request helper threw: a failed token fetch (from preAuthentication) or a network error. */
function failureFromThrown(error: unknown): DingTalkFailure {
	return findTokenFailure(error) ?? classifyNetworkError(error);
}

function readToken(credentials: ICredentialDataDecryptedObject): string {
	return typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
}

/**
 * Sends one DingTalk API call and returns its body. Refreshes an expired token once, waits
 * out throttling, and retries lost calls when that cannot run an action twice. Every
 * failure is a NodeApiError with `context.dingTalkCode` and `context.requestId`.
 */
export async function dingTalkApiRequest<T = IDataObject>(
	this: DingTalkContext,
	request: DingTalkRequest,
): Promise<DingTalkAnswer<T>> {
	const node = this.getNode();
	const policy = getRetryPolicy();
	const timeoutMs =
		request.timeout ?? (request.kind === 'invoke' ? DEFAULT_INVOKE_TIMEOUT_MS : DEFAULT_TIMEOUT_MS);
	const state: RetryState = { attempts: 0, waitedMs: 0, refreshed: false, transientRetries: 0 };
	/** Set after an expired-token answer: the token that must be replaced before the next attempt. */
	let replaceToken: string | undefined;
	/** Only wait once for another call's refresh, so a token that never gets stored cannot loop. */
	let waitedOnRefresh = false;

	for (;;) {
		const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(
			CREDENTIAL_TYPE,
			request.itemIndex,
		);
		const base = checkBaseUrl(credentials.baseUrl);
		if (!base.ok) {
			throw new NodeOperationError(node, base.message, {
				description: base.description,
				itemIndex: request.itemIndex,
			});
		}
		const key = credentialKey(node, credentials, base.baseUrl);
		const storedToken = readToken(credentials);
		let failure: DingTalkFailure | undefined;
		let tokenUsed = storedToken;
		let lead: ((outcome: RefreshOutcome) => void) | undefined;

		if ((replaceToken !== undefined || storedToken === '') && !waitedOnRefresh) {
			const claim = claimRefresh(key, replaceToken ?? '', storedToken);
			if (claim.kind === 'wait') {
				const outcome = await claim.done;
				if (outcome.ok) {
					waitedOnRefresh = true;
					replaceToken = undefined;
					continue;
				}
				// The leader's run stopped before it sent anything: claim again, one of us leads.
				if (outcome.failure.kind === 'cancelled') continue;
				// The other call could not get a token: this call takes the same decision it would have.
				state.attempts++;
				failure = outcome.failure;
			} else if (claim.kind === 'lead') {
				lead = claim.settle;
			} else {
				replaceToken = undefined;
			}
		}

		if (failure === undefined) {
			const paceKey = `${key}|${request.path}`;
			const ticket: PaceTicket | undefined =
				request.paced === true || request.requestsPerSecond !== undefined
					? await rateLimiter.acquire(paceKey, { ceiling: request.requestsPerSecond })
					: undefined;
			if (request.shouldCancel?.()) {
				lead?.({ ok: false, failure: { kind: 'cancelled' } });
				throw new NodeOperationError(node, 'Not sent: another item failed and the node stopped', {
					itemIndex: request.itemIndex,
					description: 'This request was never sent to DingTalk, so nothing ran for it.',
				});
			}
			state.attempts++;
			// An empty token makes n8n run the credential's preAuthentication and store the new token.
			const data = lead
				? watchAccessToken(credentials, '', () => lead?.({ ok: true }))
				: { ...credentials };
			const options: IHttpRequestOptions = {
				method: request.method,
				url: `${base.baseUrl}${request.path}`,
				json: true,
				returnFullResponse: true,
				// Statuses are ours to read: n8n's own 401 refresh must never fire on top of ours.
				ignoreHttpStatusErrors: true,
				timeout: timeoutMs,
			};
			if (request.qs !== undefined) options.qs = request.qs;
			if (request.body !== undefined && request.method !== 'GET') options.body = request.body;
			let response: unknown;
			try {
				response = await this.helpers.httpRequestWithAuthentication.call(
					this,
					CREDENTIAL_TYPE,
					options,
					{
						credentialsDecrypted: {
							id: node.credentials?.[CREDENTIAL_TYPE]?.id ?? '',
							name: node.credentials?.[CREDENTIAL_TYPE]?.name ?? '',
							type: CREDENTIAL_TYPE,
							data,
						},
					},
				);
			} catch (error) {
				failure = failureFromThrown(error);
			}
			tokenUsed = readToken(data);
			if (failure === undefined) {
				const classified = classifyResponse(response as FullResponse);
				if (ticket) rateLimiter.report(paceKey, !classified.ok && classified.failure.kind === 'throttled' ? 'throttled' : 'ok', ticket);
				if (classified.ok) {
					lead?.({ ok: true });
					return classified.body as DingTalkAnswer<T>;
				}
				failure = classified.failure;
			}
			if (lead) {
				lead(tokenUsed !== '' ? { ok: true } : { ok: false, failure });
				if (tokenUsed !== '') replaceToken = undefined;
			}
		}

		const decision = decideRetry(request.kind, failure, state, policy);
		if (decision.action === 'refresh') {
			state.refreshed = true;
			replaceToken = tokenUsed;
			waitedOnRefresh = false;
			this.logger.debug('DingTalk refused the access token; fetching a new one', {
				path: request.path,
			});
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
			await sleep(decision.delayMs);
			state.waitedMs += decision.delayMs;
			if (findsNoToken(failure)) waitedOnRefresh = false;
			continue;
		}
		const authorityUrl =
			getAuthorityUrl(request.connectAssetUri) ??
			(failure.kind === 'notAuthorised' ? await request.findAuthorityUrl?.() : undefined);
		throw buildNodeApiError(node, failure, {
			baseUrl: base.baseUrl,
			operation: `${request.method} ${request.path}`,
			authorityUrl,
			connectAssetUri: request.connectAssetUri,
			refreshed: state.refreshed,
			attempts: state.attempts,
			timeoutMs,
			notIdempotent: !isIdempotent(request.kind),
			itemIndex: request.itemIndex,
			secrets: [...credentialSecrets(credentials), tokenUsed],
		});
	}
}

/** A failure of the token fetch itself: the next attempt has to try for a token again. */
function findsNoToken(failure: DingTalkFailure): boolean {
	return failure.presetText !== undefined;
}

export interface DingTalkPage<T> {
	items: T[];
	nextToken?: string;
	hasMore: boolean;
	totalCount?: number;
}

function withPaging(request: DingTalkRequest, nextToken: string | undefined, pageSize: number): DingTalkRequest {
	const paging: IDataObject = { maxResults: pageSize };
	if (nextToken) paging.nextToken = nextToken;
	return request.method === 'GET'
		? { ...request, qs: { ...request.qs, ...paging } }
		: { ...request, body: { ...request.body, ...paging } };
}

function pageSizeOf(pageSize: number | undefined): number {
	if (pageSize === undefined || !Number.isFinite(pageSize)) return MAX_PAGE_SIZE;
	return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize)));
}

/** One page (`list`, `nextToken`, `hasMore`; `totalCount` is a string for connectors, a number for actions). */
export async function dingTalkApiRequestPage<T = IDataObject>(
	this: DingTalkContext,
	request: DingTalkRequest,
	nextToken?: string,
	pageSize?: number,
): Promise<DingTalkPage<DingTalkAnswer<T>>> {
	const body: IDataObject = await dingTalkApiRequest.call(
		this,
		withPaging(request, nextToken, pageSizeOf(pageSize)),
	);
	const items = Array.isArray(body.list) ? (body.list as Array<DingTalkAnswer<T>>) : [];
	const rawToken = body.nextToken;
	const next =
		typeof rawToken === 'string' && rawToken !== ''
			? rawToken
			: typeof rawToken === 'number'
				? String(rawToken)
				: undefined;
	const hasMore = (body.hasMore === true || body.hasMore === 'true') && next !== undefined;
	const total = Number(body.totalCount);
	return {
		items,
		nextToken: hasMore ? next : undefined,
		hasMore,
		totalCount: body.totalCount !== undefined && body.totalCount !== '' && Number.isFinite(total) ? total : undefined,
	};
}

/** Guards against a service that keeps answering hasMore with the same token. */
const MAX_PAGES = 10000;

/**
 * Pages with nextToken until hasMore is false or the token is empty (Return All), or until
 * `limit` items are collected.
 */
export async function dingTalkApiRequestAllItems<T = IDataObject>(
	this: DingTalkContext,
	request: DingTalkRequest,
	options: { returnAll?: boolean; limit?: number; pageSize?: number } = {},
): Promise<Array<DingTalkAnswer<T>>> {
	const returnAll = options.returnAll ?? true;
	const limit = Math.max(0, Math.floor(options.limit ?? MAX_PAGE_SIZE));
	const items: Array<DingTalkAnswer<T>> = [];
	const seenTokens = new Set<string>();
	let nextToken: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const remaining = returnAll ? Infinity : limit - items.length;
		if (remaining <= 0) break;
		const size = Math.min(pageSizeOf(options.pageSize), remaining);
		const result = await dingTalkApiRequestPage.call(this, request, nextToken, size);
		items.push(...(result.items as Array<DingTalkAnswer<T>>));
		if (!result.hasMore || result.nextToken === undefined || seenTokens.has(result.nextToken)) break;
		seenTokens.add(result.nextToken);
		nextToken = result.nextToken;
	}
	return returnAll ? items : items.slice(0, limit);
}
