import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { DEFAULT_BASE_URL } from './baseUrl';

/** What went wrong, independent of how DingTalk carried it. */
export type FailureKind =
	| 'expiredToken' // InvalidAuthentication (400 or 401)
	| 'missingToken' // AuthenticationFailed.MissingParameter
	| 'tokenRejected' // the token endpoint refused the credential (invalidClientIdOrSecret, ...)
	| 'permissionDenied'
	| 'ipNotAllowed'
	| 'throttled' // QpsLimit..., 429
	| 'quotaExhausted' // ApiCountLimitForOrg
	| 'ipBanned' // the HTML ban page
	| 'badRequest' // 4001
	| 'notAuthorised' // 4003
	| 'notFound' // 4004
	| 'connectorError' // 200 with another errorCode
	| 'serverError' // 5xx
	| 'nonJson'
	| 'apiError' // any other DingTalk error body
	| 'connectionRefused' // provably never sent
	| 'hostNotFound' // DNS failure: provably never sent
	| 'connectionDropped' // the body may have reached DingTalk
	| 'timeout' // the body may have reached DingTalk
	| 'cancelled' // the execution was cancelled
	| 'networkError';

export interface DingTalkFailure {
	kind: FailureKind;
	httpStatus?: number;
	/** DingTalk's code (`code` of an error body or `errorCode` of a 200 answer). */
	code?: string;
	/** The socket-level code of a network failure (ECONNRESET, ...). */
	networkCode?: string;
	/** DingTalk's own message; may echo input, so it is redacted before it is shown. */
	detail?: string;
	requestId?: string;
	requiredScopes?: string[];
	retryAfterMs?: number;
	carrier?: 'body' | 'errorCode';
	/** Text already written for this failure (the credential's own token errors). */
	presetText?: FailureText;
}

export interface FullResponse {
	statusCode: number;
	body: unknown;
	headers?: unknown;
}

export type ClassifiedResponse =
	| { ok: true; body: IDataObject; requestId?: string }
	| { ok: false; failure: DingTalkFailure };

export function headerValue(headers: unknown, name: string): string | undefined {
	if (headers === null || typeof headers !== 'object') return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (key.toLowerCase() !== wanted) continue;
		if (typeof value === 'string') return value;
		if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
		if (typeof value === 'number') return String(value);
	}
	return undefined;
}

type ParsedBody =
	| { type: 'object'; value: IDataObject }
	| { type: 'empty' }
	| { type: 'html'; text: string }
	| { type: 'text'; text: string };

/** Bodies arrive parsed by axios when they are JSON; anything else is kept as text. */
export function parseBody(body: unknown): ParsedBody {
	if (body === undefined || body === null) return { type: 'empty' };
	if (typeof body === 'object' && !Array.isArray(body)) {
		return { type: 'object', value: body as IDataObject };
	}
	if (typeof body !== 'string') return { type: 'text', text: JSON.stringify(body) ?? '' };
	const text = body.trim();
	if (text === '') return { type: 'empty' };
	if (text.startsWith('{')) {
		try {
			const value: unknown = JSON.parse(text);
			if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
				return { type: 'object', value: value as IDataObject };
			}
		} catch {
			// Not JSON after all: falls through to text.
		}
	}
	if (/^<(!doctype|html|head|body|\?xml)/i.test(text) || /<\/html>\s*$/i.test(text)) {
		return { type: 'html', text };
	}
	return { type: 'text', text };
}

function stringField(body: IDataObject, ...names: string[]): string | undefined {
	for (const name of names) {
		const value = body[name];
		if (typeof value === 'string' && value !== '') return value;
		if (typeof value === 'number') return String(value);
	}
	return undefined;
}

function requiredScopesOf(body: IDataObject): string[] | undefined {
	const detail = (body.accessdenieddetail ?? body.AccessDeniedDetail ?? body.accessDeniedDetail) as
		| IDataObject
		| undefined;
	const scopes = detail?.requiredScopes ?? detail?.RequiredScopes;
	if (!Array.isArray(scopes)) return undefined;
	return scopes.filter((scope): scope is string => typeof scope === 'string');
}

const TOKEN_ENDPOINT_CODES = new Set([
	'invalidClientIdOrSecret',
	'invalidSuiteKey',
	'invalidSuiteTicket',
	'invalidAuthInfo',
]);

/** Maps a DingTalk code to a kind; undefined when the code alone does not tell. */
export function kindOfCode(code: string): FailureKind | undefined {
	if (code === 'InvalidAuthentication') return 'expiredToken';
	if (code.startsWith('AuthenticationFailed')) return 'missingToken';
	if (code === 'Forbidden.AccessDenied.AccessTokenPermissionDenied') return 'permissionDenied';
	if (code === 'Forbidden.AccessDenied.IpNotInWhiteList') return 'ipNotAllowed';
	if (code.startsWith('Forbidden.AccessDenied.QpsLimit')) return 'throttled';
	if (code === 'Forbidden.AccessDenied.ApiCountLimitForOrg') return 'quotaExhausted';
	if (code === '4001') return 'badRequest';
	if (code === '4003') return 'notAuthorised';
	if (code === '4004') return 'notFound';
	if (TOKEN_ENDPOINT_CODES.has(code)) return 'tokenRejected';
	return undefined;
}

function retryAfterMs(headers: unknown): number | undefined {
	const value = headerValue(headers, 'retry-after');
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Turns one HTTP answer into either the business body or a structured failure. */
export function classifyResponse(response: FullResponse): ClassifiedResponse {
	const status = response.statusCode;
	const headerRequestId = headerValue(response.headers, 'x-acs-request-id');
	const parsed = parseBody(response.body);
	const success = status >= 200 && status < 300;

	if (parsed.type === 'object') {
		const body = parsed.value;
		const requestId =
			headerRequestId ?? stringField(body, 'requestid', 'requestId', 'RequestId', 'request_id');
		if (success) {
			const errorCode = stringField(body, 'errorCode');
			if (errorCode === undefined || errorCode === '0') return { ok: true, body, requestId };
			const kind = kindOfCode(errorCode);
			return {
				ok: false,
				failure: {
					kind: kind === 'badRequest' || kind === 'notAuthorised' || kind === 'notFound' ? kind : 'connectorError',
					httpStatus: status,
					code: errorCode,
					detail: stringField(body, 'errorMessage', 'errorMsg', 'message'),
					requestId,
					carrier: 'errorCode',
				},
			};
		}
		const code = stringField(body, 'code', 'Code', 'errorCode', 'errcode');
		let kind = code === undefined ? undefined : kindOfCode(code);
		if (kind === undefined) kind = kindOfStatus(status);
		return {
			ok: false,
			failure: {
				kind,
				httpStatus: status,
				code,
				detail: stringField(body, 'message', 'Message', 'errorMessage', 'errmsg'),
				requestId,
				requiredScopes: requiredScopesOf(body),
				retryAfterMs: kind === 'throttled' ? retryAfterMs(response.headers) : undefined,
				carrier: 'body',
			},
		};
	}

	if (parsed.type === 'empty') {
		if (success) return { ok: true, body: {}, requestId: headerRequestId };
		const kind = kindOfStatus(status);
		return {
			ok: false,
			failure: {
				kind,
				httpStatus: status,
				requestId: headerRequestId,
				retryAfterMs: kind === 'throttled' ? retryAfterMs(response.headers) : undefined,
			},
		};
	}

	// A web page or plain text where JSON was expected.
	let kind: FailureKind = parsed.type === 'html' ? 'ipBanned' : 'nonJson';
	if (status >= 500) kind = 'serverError';
	else if (status === 429) kind = 'throttled';
	return {
		ok: false,
		failure: {
			kind,
			httpStatus: status,
			requestId: headerRequestId,
			detail: parsed.text.slice(0, 200),
			retryAfterMs: kind === 'throttled' ? retryAfterMs(response.headers) : undefined,
		},
	};
}

function kindOfStatus(status: number): FailureKind {
	if (status === 401) return 'expiredToken';
	if (status === 429) return 'throttled';
	if (status >= 500) return 'serverError';
	return 'apiError';
}

const REFUSED_CODES = new Set(['ECONNREFUSED']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const TIMEOUT_CODES = new Set([
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);
const DROP_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

function errorChain(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current: unknown = error;
	while (current !== null && typeof current === 'object' && chain.length < 6) {
		if (chain.includes(current as Record<string, unknown>)) break;
		chain.push(current as Record<string, unknown>);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

/**
 * Classifies what `httpRequestWithAuthentication` threw when no answer came back. n8n wraps
 * the axios error into a NodeApiError whose `cause` is the axios error; the socket code sits
 * on the axios error (and sometimes on its own `cause`).
 */
export function classifyNetworkError(error: unknown): DingTalkFailure {
	const chain = errorChain(error);
	const codes = chain
		.map((link) => link.code)
		.filter((code): code is string => typeof code === 'string');
	const messages = chain
		.map((link) => link.message)
		.filter((message): message is string => typeof message === 'string');
	const networkCode = codes.find(
		(code) =>
			REFUSED_CODES.has(code) ||
			DNS_CODES.has(code) ||
			TIMEOUT_CODES.has(code) ||
			DROP_CODES.has(code) ||
			code === 'ERR_CANCELED',
	);
	const kind = ((): FailureKind => {
		if (networkCode === 'ERR_CANCELED') return 'cancelled';
		if (networkCode !== undefined && REFUSED_CODES.has(networkCode)) return 'connectionRefused';
		if (networkCode !== undefined && DNS_CODES.has(networkCode)) return 'hostNotFound';
		if (messages.some((message) => /timeout|timed out/i.test(message))) return 'timeout';
		if (networkCode !== undefined && TIMEOUT_CODES.has(networkCode)) return 'timeout';
		if (networkCode !== undefined && DROP_CODES.has(networkCode)) return 'connectionDropped';
		if (messages.some((message) => /socket hang up|terminated|aborted/i.test(message))) {
			return 'connectionDropped';
		}
		return 'networkError';
	})();
	return {
		kind,
		networkCode: networkCode ?? codes.find((code) => /^E[A-Z_]+$/.test(code)),
		detail: kind === 'networkError' ? messages[messages.length - 1] : undefined,
	};
}

export interface FailureContext {
	/** e.g. 'POST /v1.0/connector/instances/invoke' */
	operation?: string;
	baseUrl?: string;
	authorityUrl?: string;
	connectAssetUri?: string;
	/** The token had already been refreshed once for this call. */
	refreshed?: boolean;
	attempts?: number;
	timeoutMs?: number;
	/** invoke/write: the call is not retried once it may have reached DingTalk. */
	notIdempotent?: boolean;
	itemIndex?: number;
	/** Values that must never appear in an error (token, secrets, ticket). */
	secrets?: string[];
}

export interface FailureText {
	message: string;
	description: string;
}

const SUPPORT_HINT = 'give it to DingTalk support if the problem persists';

function codeSuffix(failure: DingTalkFailure): string {
	return failure.code !== undefined ? ` (${failure.code})` : '';
}

function detailSentence(failure: DingTalkFailure): string {
	return failure.detail ? ` DingTalk said: "${failure.detail}".` : '';
}

function retriedSentence(context: FailureContext): string {
	const attempts = context.attempts ?? 1;
	return attempts > 1 ? ` The call was tried ${attempts} times.` : '';
}

/** The messages/descriptions table: what happened, and how to fix it. */
export function describeFailure(failure: DingTalkFailure, context: FailureContext = {}): FailureText {
	const at = context.baseUrl ? ` at ${context.baseUrl}` : '';
	const status = failure.httpStatus !== undefined ? ` (HTTP ${failure.httpStatus})` : '';
	let text: FailureText;
	if (failure.presetText) {
		return {
			message: redactSecrets(failure.presetText.message, context.secrets),
			description: redactSecrets(failure.presetText.description, context.secrets),
		};
	}
	switch (failure.kind) {
		case 'expiredToken':
			text = {
				message: 'DingTalk rejected the access token',
				description: context.refreshed
					? `DingTalk answered InvalidAuthentication${status} even after the token was fetched again. Check that the credential belongs to the organisation and app you call, then test the credential.`
					: `DingTalk answered InvalidAuthentication${status}. Test the credential; if it passes, run again.`,
			};
			break;
		case 'missingToken':
			text = {
				message: 'DingTalk did not receive the access token',
				description: `DingTalk answered ${failure.code ?? 'AuthenticationFailed'}${status}. If a proxy sits between n8n and DingTalk, make sure it forwards the x-acs-dingtalk-access-token header; otherwise test the credential.`,
			};
			break;
		case 'tokenRejected':
			text = tokenFailureText(failure);
			break;
		case 'permissionDenied': {
			const scopes = failure.requiredScopes?.length
				? `DingTalk requires the permission scope(s) ${failure.requiredScopes.join(', ')}.`
				: 'DingTalk did not say which scope is missing; the Connect Platform scopes are listed under Permissions.';
			text = {
				message: 'The app lacks a permission scope',
				description: `${scopes} Add them in the DingTalk developer console → your app → Permissions (权限管理), wait for the change to apply, then run again.`,
			};
			break;
		}
		case 'ipNotAllowed':
			text = {
				message: "n8n's IP address is not in the app's IP allow-list",
				description:
					"DingTalk answered Forbidden.AccessDenied.IpNotInWhiteList. Add the public outbound IP address of the n8n server to the app's server IP allow-list (服务器出口IP) in the DingTalk developer console, then run again.",
			};
			break;
		case 'throttled':
			text = {
				message: `DingTalk is rate-limiting this app${codeSuffix(failure) || status}`,
				description: `The call was retried with backoff and DingTalk still refused it.${retriedSentence(context)} Lower Requests per Second in the node's options (DingTalk's standard edition allows 20 requests per second per app and API), or spread the runs over time.`,
			};
			break;
		case 'quotaExhausted':
			text = {
				message: "The organisation's monthly DingTalk API quota is used up",
				description:
					'DingTalk answered Forbidden.AccessDenied.ApiCountLimitForOrg: the monthly call quota (10,000 calls on the standard edition) is exhausted. Upgrade the DingTalk edition or wait for next month. The call was not retried.',
			};
			break;
		case 'ipBanned':
			text = {
				message: 'DingTalk answered with a web page instead of JSON',
				description:
					'This is how DingTalk blocks an IP after more than 10,000 calls in 20 s; wait 5 minutes before running again, and lower Requests per Second.',
			};
			break;
		case 'badRequest':
			text = {
				message: 'DingTalk rejected the request parameters (4001)',
				description: `Check the Connect Asset URI, the instance key and the input fields.${detailSentence(failure)}`,
			};
			break;
		case 'notAuthorised':
			text = {
				message: 'The organisation has not authorised the app for this connector action (4003)',
				description: context.authorityUrl
					? `Open this link in the DingTalk client as an administrator to authorise: ${context.authorityUrl}${detailSentence(failure)}`
					: `An administrator of the organisation must authorise the app for this action: its authorisation link (authorityUrl) is shown in the action list of a third-party app.${detailSentence(failure)}`,
			};
			break;
		case 'notFound':
			text = {
				message: 'The connector asset or instance does not exist (4004)',
				description: `Check the Connect Asset URI${context.connectAssetUri ? ` (${context.connectAssetUri})` : ''} and that it is visible to this app; an instance must be created before it is invoked.${detailSentence(failure)}`,
			};
			break;
		case 'connectorError':
			text = {
				message: `The connector answered ${failure.code ?? 'an error'}: ${failure.detail ?? 'no message'}`,
				description:
					'The system behind the connector action reported this failure. Check the input values and the connector’s configuration in DingTalk.',
			};
			break;
		case 'serverError':
			text = {
				message: `DingTalk server error${status}`,
				description: context.notIdempotent
					? 'DingTalk failed while handling the call. It was not retried because the action may already have run: check the target system before running again.'
					: `DingTalk failed to handle the request.${retriedSentence(context)} Try again later.${detailSentence(failure)}`,
			};
			break;
		case 'nonJson':
			text = {
				message: 'DingTalk sent an unexpected answer that is not JSON',
				description: `The answer${status} began with: "${(failure.detail ?? '').slice(0, 100)}". Check that Base URL points at DingTalk's API (${DEFAULT_BASE_URL}) and not at a proxy or web page.`,
			};
			break;
		case 'apiError':
			text = {
				message: `DingTalk refused the request${failure.code ? `: ${failure.code}` : status}`,
				description: `${failure.detail ? `DingTalk said: "${failure.detail}".` : 'DingTalk gave no explanation.'} Check the parameters of the node.`,
			};
			break;
		case 'connectionRefused':
			text = {
				message: `Could not connect to DingTalk${at}`,
				description: `The connection was refused (${failure.networkCode ?? 'connection refused'}), so nothing was sent.${retriedSentence(context)} Check Base URL in the credential and the network between n8n and DingTalk.`,
			};
			break;
		case 'hostNotFound':
			text = {
				message: `Could not find the DingTalk host${at}`,
				description: `The host name could not be resolved (${failure.networkCode ?? 'DNS failure'}), so nothing was sent. Check Base URL in the credential and the server's DNS.`,
			};
			break;
		case 'connectionDropped':
			text = {
				message: 'The connection to DingTalk closed before an answer arrived',
				description: context.notIdempotent
					? `The connection dropped (${failure.networkCode ?? 'socket closed'}) after the request was sent. It was not retried because DingTalk may have executed it: check the target system before running again.`
					: `The connection dropped (${failure.networkCode ?? 'socket closed'}).${retriedSentence(context)} Try again later.`,
			};
			break;
		case 'timeout': {
			const limit = context.timeoutMs;
			const seconds =
				limit === undefined
					? ' in time'
					: limit < 1000
						? ` within ${limit} ms`
						: ` within ${Math.round(limit / 100) / 10} s`;
			text = {
				message: `DingTalk did not answer${seconds}`,
				description: context.notIdempotent
					? 'The call was not retried because the action may still be running in the system behind the connector: check it before running again. Raise the Timeout option if the action is slow.'
					: `${retriedSentence(context).trim()} Raise the Timeout option or try again later.`.trim(),
			};
			break;
		}
		case 'cancelled':
			text = {
				message: 'The request to DingTalk was cancelled',
				description: 'The execution was stopped while the request was in flight.',
			};
			break;
		default:
			text = {
				message: `Could not reach DingTalk${at}`,
				description: `${failure.detail ?? 'An unexpected network error occurred'}${failure.networkCode ? ` (${failure.networkCode})` : ''}.${retriedSentence(context)} Check the network between n8n and DingTalk.`,
			};
	}
	if (failure.requestId) {
		text.description += ` Request ID: ${failure.requestId} (${SUPPORT_HINT}).`;
	}
	return {
		message: redactSecrets(text.message, context.secrets),
		description: redactSecrets(text.description, context.secrets),
	};
}

/** Readable text for the token endpoints' codes; shared by the credential and the transport. */
export function tokenFailureText(failure: DingTalkFailure): FailureText {
	switch (failure.code) {
		case 'invalidClientIdOrSecret':
			return {
				message: 'The App Secret is wrong (invalidClientIdOrSecret)',
				description:
					'Copy App Key and App Secret again from the DingTalk developer console → your app → Credentials & Basic Info (凭证与基础信息).',
			};
		case 'invalidSuiteKey':
			return {
				message: 'The Suite Key or Suite Secret is wrong (invalidSuiteKey)',
				description:
					'Copy Suite Key and Suite Secret again from the DingTalk developer console → your third-party app → Basic Info.',
			};
		case 'invalidSuiteTicket':
			return {
				message: 'The Suite Ticket is wrong or outdated (invalidSuiteTicket)',
				description:
					'DingTalk pushes a new suite ticket to your app about every 5 hours (event suite_ticket): paste the latest one. For a customised app (定制应用) any value, e.g. "Test", is accepted.',
			};
		case 'invalidAuthInfo':
			return {
				message: 'This organisation has not authorised the app (invalidAuthInfo)',
				description:
					'Check Authorising Corp ID: that organisation must have installed and authorised your third-party app.',
			};
		default:
			return {
				message: `DingTalk refused to issue an access token${failure.code ? ` (${failure.code})` : failure.httpStatus !== undefined ? ` (HTTP ${failure.httpStatus})` : ''}`,
				description: `${failure.detail ? `DingTalk said: "${failure.detail}". ` : ''}Check the fields of the credential.`,
			};
	}
}

/** Replaces every known secret (4+ characters) by a mask. */
export function redactSecrets(text: string, secrets: Array<string | undefined> = []): string {
	let result = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < 4) continue;
		result = result.split(secret).join('***');
	}
	return result;
}

/**
 * Builds the NodeApiError for a failure. The error response given to NodeApiError is a
 * sanitised summary, never the raw axios error (whose config holds the token header).
 * Its keys avoid `code`/`status`, which NodeApiError would turn into a generic message.
 */
export function buildNodeApiError(
	node: INode,
	failure: DingTalkFailure,
	context: FailureContext = {},
): NodeApiError {
	const { message, description } = describeFailure(failure, context);
	const summary: JsonObject = {
		dingTalkCode: failure.code ?? null,
		dingTalkMessage: failure.detail ? redactSecrets(failure.detail, context.secrets) : null,
		requestId: failure.requestId ?? null,
		httpStatus: failure.httpStatus ?? null,
		failure: failure.kind,
	};
	const error = new NodeApiError(node, summary, {
		message,
		description,
		httpCode: failure.httpStatus !== undefined ? String(failure.httpStatus) : undefined,
		itemIndex: context.itemIndex,
	});
	error.context.dingTalkCode = failure.code;
	error.context.requestId = failure.requestId;
	error.context.failureKind = failure.kind;
	if (failure.networkCode !== undefined) error.context.networkCode = failure.networkCode;
	if (failure.requiredScopes !== undefined) error.context.requiredScopes = failure.requiredScopes;
	return error;
}

/** The DingTalk code a transport error carries (`context.dingTalkCode`), if any. */
export function getDingTalkErrorCode(error: unknown): string | undefined {
	if (error === null || typeof error !== 'object') return undefined;
	const context = (error as { context?: unknown }).context;
	if (context === null || typeof context !== 'object') return undefined;
	const code = (context as IDataObject).dingTalkCode;
	return typeof code === 'string' ? code : undefined;
}

/** The failure kind a transport error carries (`context.failureKind`), if any. */
export function getFailureKind(error: unknown): FailureKind | undefined {
	if (error === null || typeof error !== 'object') return undefined;
	const context = (error as { context?: unknown }).context;
	if (context === null || typeof context !== 'object') return undefined;
	const kind = (context as IDataObject).failureKind;
	return typeof kind === 'string' ? (kind as FailureKind) : undefined;
}
