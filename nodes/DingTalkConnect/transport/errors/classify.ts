import type { IDataObject } from 'n8n-workflow';

import type { DingTalkFailure, FailureKind, FullResponse } from './types';

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

// DingTalk documents 4004; how a gateway spells "not found" in its own code is not documented.
const SAYS_NOT_FOUND = /not[\W_]*(found|exist)/i;

/**
 * Whether an error body says the asset or instance is missing: 4004, or a code that says "not found",
 * carried by a 400 or a 404 (the status DingTalk uses for it is undocumented).
 */
function saysNotFound(status: number, code: string | undefined): boolean {
	if (code === undefined || (status !== 400 && status !== 404)) return false;
	return code === '4004' || SAYS_NOT_FOUND.test(code);
}

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
		if (kind === undefined && saysNotFound(status, code)) kind = 'notFound';
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

	if (parsed.type === 'empty' && success) return { ok: true, body: {}, requestId: headerRequestId };
	const kind = parsed.type === 'empty' ? kindOfStatus(status) : kindOfPage(parsed.type, status);
	return {
		ok: false,
		failure: {
			kind,
			httpStatus: status,
			requestId: headerRequestId,
			detail: parsed.type === 'empty' ? undefined : parsed.text.slice(0, 200),
			retryAfterMs: kind === 'throttled' ? retryAfterMs(response.headers) : undefined,
		},
	};
}

/** A web page or plain text where JSON was expected. */
function kindOfPage(type: 'html' | 'text', status: number): FailureKind {
	if (status >= 500) return 'serverError';
	if (status === 429) return 'throttled';
	return type === 'html' ? 'ipBanned' : 'nonJson';
}

function kindOfStatus(status: number): FailureKind {
	if (status === 401) return 'expiredToken';
	if (status === 429) return 'throttled';
	if (status >= 500) return 'serverError';
	return 'apiError';
}
