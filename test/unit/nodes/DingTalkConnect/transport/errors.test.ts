import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DingTalkFailure, FailureKind } from '../../../../../nodes/DingTalkConnect/transport/errors';
import {
	buildNodeApiError,
	classifyNetworkError,
	classifyResponse,
	describeFailure,
	getDingTalkErrorCode,
	getFailureKind,
	parseBody,
	redactSecrets,
	tokenFailureText,
} from '../../../../../nodes/DingTalkConnect/transport/errors';
import { testNode } from '../../../../harness/fixtures/testNode';

const node = testNode;

const REQUEST_ID = 'req-5E1B3C';

function errorBody(code: string, message = 'something', extra: Record<string, unknown> = {}) {
	return { code, message, requestid: REQUEST_ID, ...extra };
}

function failureOf(statusCode: number, body: unknown, headers: Record<string, string> = {}): DingTalkFailure {
	const classified = classifyResponse({ statusCode, body, headers });
	if (classified.ok) throw new Error(`expected a failure for HTTP ${statusCode}`);
	return classified.failure;
}

describe('classifyResponse: DingTalk error bodies', () => {
	const rows: Array<[number, string, FailureKind]> = [
		[400, 'InvalidAuthentication', 'expiredToken'],
		[401, 'InvalidAuthentication', 'expiredToken'],
		[400, 'AuthenticationFailed.MissingParameter', 'missingToken'],
		[403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', 'permissionDenied'],
		[403, 'Forbidden.AccessDenied.IpNotInWhiteList', 'ipNotAllowed'],
		[403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 'throttled'],
		[403, 'Forbidden.AccessDenied.QpsLimitForApi', 'throttled'],
		[403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', 'quotaExhausted'],
		[400, '4001', 'badRequest'],
		[403, '4003', 'notAuthorised'],
		[404, '4004', 'notFound'],
		[400, 'invalidClientIdOrSecret', 'tokenRejected'],
		[400, 'invalidSuiteKey', 'tokenRejected'],
		[400, 'invalidSuiteTicket', 'tokenRejected'],
		[400, 'invalidAuthInfo', 'tokenRejected'],
		[400, 'moreThanMaxListSize', 'apiError'],
		[500, 'ServiceUnavailable', 'serverError'],
		[503, 'Whatever', 'serverError'],
		[429, 'TooManyRequests', 'throttled'],
	];
	it.each(rows)('HTTP %i with code %s is %s', (status, code, kind) => {
		const failure = failureOf(status, errorBody(code), { 'x-acs-request-id': REQUEST_ID });
		expect(failure.kind).toBe(kind);
		expect(failure.code).toBe(code);
		expect(failure.httpStatus).toBe(status);
		expect(failure.requestId).toBe(REQUEST_ID);
		expect(failure.carrier).toBe('body');
	});

	it('reads capitalised Code/Message/RequestId and the header request id first', () => {
		const failure = failureOf(
			403,
			{ Code: 'Forbidden.AccessDenied.IpNotInWhiteList', Message: 'ip 1.2.3.4', RequestId: 'body-id' },
			{ 'X-Acs-Request-Id': 'header-id' },
		);
		expect(failure.kind).toBe('ipNotAllowed');
		expect(failure.detail).toBe('ip 1.2.3.4');
		expect(failure.requestId).toBe('header-id');
	});

	it('falls back to the body request id when the header is missing', () => {
		expect(failureOf(400, errorBody('4001')).requestId).toBe(REQUEST_ID);
	});

	it('keeps the required scopes of a permission error', () => {
		const failure = failureOf(
			403,
			errorBody('Forbidden.AccessDenied.AccessTokenPermissionDenied', 'no scope', {
				accessdenieddetail: { requiredScopes: ['qyapi_connector_read', 'Connector.Invoke'] },
			}),
		);
		expect(failure.requiredScopes).toEqual(['qyapi_connector_read', 'Connector.Invoke']);
	});

	it('treats a numeric Connect code like its string form', () => {
		expect(failureOf(404, { code: 4004, message: 'gone' }).kind).toBe('notFound');
	});

	it('maps a status without a code: 401 expired, 429 throttled, 5xx server error, other 4xx API error', () => {
		expect(failureOf(401, '').kind).toBe('expiredToken');
		expect(failureOf(429, undefined).kind).toBe('throttled');
		expect(failureOf(502, {}).kind).toBe('serverError');
		expect(failureOf(404, {}).kind).toBe('apiError');
	});

	it('reads Retry-After of a throttled answer', () => {
		expect(failureOf(429, '', { 'retry-after': '2' }).retryAfterMs).toBe(2000);
	});
});

describe('classifyResponse: 200 answers', () => {
	it('is a success when errorCode is absent, empty or "0"', () => {
		for (const body of [{ list: [] }, { errorCode: '', outputJson: '{}' }, { errorCode: '0', outputJson: '{}' }]) {
			const classified = classifyResponse({ statusCode: 200, body, headers: { 'x-acs-request-id': 'r' } });
			expect(classified).toEqual({ ok: true, body, requestId: 'r' });
		}
	});

	it('is a success with an empty object for an empty body', () => {
		expect(classifyResponse({ statusCode: 200, body: '' })).toEqual({ ok: true, body: {}, requestId: undefined });
	});

	it.each([
		['4001', 'badRequest'],
		['4003', 'notAuthorised'],
		['4004', 'notFound'],
	] as Array<[string, FailureKind]>)('maps errorCode %s like the body carrier (%s)', (code, kind) => {
		const failure = failureOf(200, { errorCode: code, errorMessage: 'x', outputJson: '', instanceId: '', cost: 0 });
		expect(failure.kind).toBe(kind);
		expect(failure.code).toBe(code);
		expect(failure.carrier).toBe('errorCode');
		expect(failure.httpStatus).toBe(200);
	});

	it('turns another errorCode into a connector-level error', () => {
		const failure = failureOf(200, { errorCode: 'CONNECTOR_TIMEOUT', errorMessage: 'upstream slow' });
		expect(failure).toMatchObject({ kind: 'connectorError', code: 'CONNECTOR_TIMEOUT', detail: 'upstream slow' });
		const text = describeFailure(failure);
		expect(text.message).toBe('The connector answered CONNECTOR_TIMEOUT: upstream slow');
	});

	it('parses a JSON body that arrived as text', () => {
		expect(classifyResponse({ statusCode: 200, body: '{"list":[1]}' })).toMatchObject({ ok: true, body: { list: [1] } });
	});
});

describe('classifyResponse: bodies that are not JSON', () => {
	const banPage = '<!DOCTYPE html><html><body>访问被拒绝 Access denied</body></html>';

	it('recognises the HTML ban page', () => {
		const failure = failureOf(403, banPage);
		expect(failure.kind).toBe('ipBanned');
		const text = describeFailure(failure);
		expect(text.message).toBe('DingTalk answered with a web page instead of JSON');
		expect(text.description).toContain('more than 10,000 calls in 20 s; wait 5 minutes');
	});

	it('treats an HTML page with a 5xx status as a server error', () => {
		expect(failureOf(502, banPage).kind).toBe('serverError');
	});

	it('reports plain text as an unexpected answer, even with HTTP 200', () => {
		const failure = failureOf(200, 'this is not json');
		expect(failure.kind).toBe('nonJson');
		expect(describeFailure(failure).message).toBe('DingTalk sent an unexpected answer that is not JSON');
		expect(describeFailure(failure).description).toContain('this is not json');
	});

	it('parseBody tells objects, empty, html and text apart', () => {
		expect(parseBody(undefined)).toEqual({ type: 'empty' });
		expect(parseBody('  ')).toEqual({ type: 'empty' });
		expect(parseBody({ a: 1 })).toEqual({ type: 'object', value: { a: 1 } });
		expect(parseBody('<html></html>').type).toBe('html');
		expect(parseBody('{not json').type).toBe('text');
		expect(parseBody([1, 2]).type).toBe('text');
	});
});

describe('classifyNetworkError', () => {
	// Shapes observed from n8n-core: a NodeApiError whose cause is the AxiosError.
	function wrapped(code: string, message: string) {
		const axiosError = Object.assign(new Error(message), { code, isAxiosError: true });
		return new NodeApiError(node, axiosError as unknown as JsonObject);
	}

	it.each([
		['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', 'connectionRefused'],
		['ECONNRESET', 'socket hang up', 'connectionDropped'],
		['EPIPE', 'write EPIPE', 'connectionDropped'],
		['ECONNABORTED', 'timeout of 300ms exceeded', 'timeout'],
		['ETIMEDOUT', 'connect ETIMEDOUT', 'timeout'],
		['ENOTFOUND', 'getaddrinfo ENOTFOUND api.example', 'hostNotFound'],
		['ERR_CANCELED', 'canceled', 'cancelled'],
		['ERR_SOMETHING', 'odd failure', 'networkError'],
	] as Array<[string, string, FailureKind]>)('%s (%s) is %s', (code, message, kind) => {
		const failure = classifyNetworkError(wrapped(code, message));
		expect(failure.kind).toBe(kind);
		expect(failure.httpStatus).toBeUndefined();
	});

	it('finds the code on a nested cause', () => {
		const inner = Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' });
		const outer = new Error('request failed', { cause: inner });
		expect(classifyNetworkError(outer)).toMatchObject({ kind: 'connectionRefused', networkCode: 'ECONNREFUSED' });
	});

	it('recognises a dropped socket by its message when there is no code', () => {
		expect(classifyNetworkError(new Error('socket hang up')).kind).toBe('connectionDropped');
	});
});

describe('describeFailure: messages and fixes', () => {
	it.each<[string, Parameters<typeof describeFailure>[0], Parameters<typeof describeFailure>[1], unknown, string[]]>([
		[
			'names the missing scopes and where to add them',
			{ kind: 'permissionDenied', code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', requiredScopes: ['Connector.Read'] },
			undefined,
			'The app lacks a permission scope',
			['Connector.Read', 'Permissions'],
		],
		['explains the IP allow-list', { kind: 'ipNotAllowed' }, undefined, expect.stringContaining('allow-list'), ['IP']],
		[
			'tells to lower Requests per Second after throttling',
			{ kind: 'throttled', code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' },
			{ attempts: 8 },
			expect.stringContaining('rate-limiting'),
			['Requests per Second', '8 times'],
		],
		['says the monthly quota is not retried', { kind: 'quotaExhausted' }, undefined, expect.stringContaining('monthly'), ['not retried']],
	])('%s', (_what, failure, context, message, inDescription) => {
		const text = describeFailure(failure, context);
		expect(text.message).toEqual(message);
		for (const part of inDescription) expect(text.description).toContain(part);
	});

	it('gives the authorityUrl of a 4003 when it is known', () => {
		const url = 'dingtalk://dingtalkclient/page/link?url=https%3A%2F%2Fexample';
		const withUrl = describeFailure({ kind: 'notAuthorised', code: '4003' }, { authorityUrl: url });
		expect(withUrl.description).toBe(`Open this link in the DingTalk client as an administrator to authorise: ${url}`);
		const without = describeFailure({ kind: 'notAuthorised', code: '4003' });
		expect(without.description).not.toContain('dingtalk://');
		expect(without.description).toContain('administrator');
	});

	it('describes 4001 and 4004', () => {
		expect(describeFailure({ kind: 'badRequest', code: '4001' }).message).toContain('parameters (4001)');
		expect(describeFailure({ kind: 'notFound', code: '4004' }, { connectAssetUri: 'dca://x' }).description).toContain('dca://x');
	});

	it('warns that a not-idempotent call was not retried after a 5xx, a drop or a timeout', () => {
		for (const kind of ['serverError', 'connectionDropped', 'timeout'] as FailureKind[]) {
			expect(describeFailure({ kind }, { notIdempotent: true }).description).toContain('not retried');
		}
		expect(describeFailure({ kind: 'timeout' }, { timeoutMs: 1500 }).message).toBe('DingTalk did not answer within 1.5 s');
	});

	it('says rejected token after a refresh', () => {
		const text = describeFailure({ kind: 'expiredToken', code: 'InvalidAuthentication', httpStatus: 401 }, { refreshed: true });
		expect(text.message).toBe('DingTalk rejected the access token');
		expect(text.description).toContain('fetched again');
	});

	it('appends the request id for support', () => {
		expect(describeFailure({ kind: 'serverError', httpStatus: 500, requestId: 'abc-123' }).description).toContain(
			'Request ID: abc-123',
		);
	});

	it('uses a preset text as it is', () => {
		const text = describeFailure({ kind: 'tokenRejected', presetText: { message: 'M', description: 'D' } });
		expect(text).toEqual({ message: 'M', description: 'D' });
	});
});

describe('tokenFailureText', () => {
	it.each([
		['invalidClientIdOrSecret', 'The App Secret is wrong (invalidClientIdOrSecret)'],
		['invalidSuiteKey', 'The Suite Key or Suite Secret is wrong (invalidSuiteKey)'],
		['invalidSuiteTicket', 'The Suite Ticket is wrong or outdated (invalidSuiteTicket)'],
		['invalidAuthInfo', 'This organisation has not authorised the app (invalidAuthInfo)'],
		['somethingNew', 'DingTalk refused to issue an access token (somethingNew)'],
	])('%s → %s', (code, message) => {
		expect(tokenFailureText({ kind: 'tokenRejected', code }).message).toBe(message);
	});

	it('says where a suite ticket comes from', () => {
		expect(tokenFailureText({ kind: 'tokenRejected', code: 'invalidSuiteTicket' }).description).toContain('5 hours');
	});
});

describe('buildNodeApiError', () => {
	const every: DingTalkFailure[] = [
		{ kind: 'expiredToken', code: 'InvalidAuthentication', httpStatus: 400 },
		{ kind: 'missingToken', code: 'AuthenticationFailed.MissingParameter', httpStatus: 400 },
		{ kind: 'permissionDenied', code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', httpStatus: 403 },
		{ kind: 'ipNotAllowed', code: 'Forbidden.AccessDenied.IpNotInWhiteList', httpStatus: 403 },
		{ kind: 'throttled', code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', httpStatus: 403 },
		{ kind: 'quotaExhausted', code: 'Forbidden.AccessDenied.ApiCountLimitForOrg', httpStatus: 403 },
		{ kind: 'ipBanned', httpStatus: 403 },
		{ kind: 'badRequest', code: '4001', httpStatus: 400 },
		{ kind: 'notAuthorised', code: '4003', httpStatus: 200, carrier: 'errorCode' },
		{ kind: 'notFound', code: '4004', httpStatus: 404 },
		{ kind: 'connectorError', code: 'CONNECTOR_ERROR', detail: 'boom', httpStatus: 200 },
		{ kind: 'serverError', httpStatus: 503 },
		{ kind: 'nonJson', httpStatus: 200, detail: 'oops' },
		{ kind: 'apiError', code: 'invalid.appid', httpStatus: 400 },
		{ kind: 'connectionRefused', networkCode: 'ECONNREFUSED' },
		{ kind: 'hostNotFound', networkCode: 'ENOTFOUND' },
		{ kind: 'connectionDropped', networkCode: 'ECONNRESET' },
		{ kind: 'timeout', networkCode: 'ECONNABORTED' },
		{ kind: 'networkError', detail: 'odd' },
	];

	it.each(every.map((failure) => [failure.kind, failure] as const))(
		'%s keeps our message, description, status, code and request id',
		(_kind, failure) => {
			const withId = { ...failure, requestId: 'rid-1' };
			const error = buildNodeApiError(node, withId, { baseUrl: 'http://127.0.0.1:1', itemIndex: 3 });
			const expected = describeFailure(withId, { baseUrl: 'http://127.0.0.1:1' });
			expect(error).toBeInstanceOf(NodeApiError);
			// NodeApiError rewrites messages that mention ECONNREFUSED & co: ours must survive as written.
			expect(error.message).toBe(expected.message);
			expect(error.description).toBe(expected.description);
			expect(error.description).toContain('rid-1');
			expect(error.httpCode).toBe(failure.httpStatus === undefined ? null : String(failure.httpStatus));
			expect(getDingTalkErrorCode(error)).toBe(failure.code);
			expect(getFailureKind(error)).toBe(failure.kind);
			expect(error.context.requestId).toBe('rid-1');
			expect(error.context.itemIndex).toBe(3);
		},
	);

	it('never carries a token or secret echoed by DingTalk', () => {
		const token = 'tok_8f3a9c2e7d1b4a6f';
		const secret = 'sec_ZZZZ_1234567890';
		const failure = failureOf(400, {
			code: 'InvalidAuthentication',
			message: `token ${token} is not valid for app secret ${secret}`,
			requestid: 'r',
		});
		const error = buildNodeApiError(node, failure, { secrets: [token, secret] });
		const everything = JSON.stringify({
			message: error.message,
			description: error.description,
			context: error.context,
			messages: error.messages,
			response: error.errorResponse,
			json: error.toJSON?.(),
		});
		expect(everything).not.toContain(token);
		expect(everything).not.toContain(secret);
		expect(everything).toContain('***');
	});

	it('redactSecrets ignores very short and missing values', () => {
		expect(redactSecrets('a b abc', ['a', undefined, 'abc'])).toBe('a b abc');
		expect(redactSecrets('x secretvalue y', ['secretvalue'])).toBe('x *** y');
	});

	it('getDingTalkErrorCode is undefined for foreign errors', () => {
		expect(getDingTalkErrorCode(new Error('x'))).toBeUndefined();
		expect(getDingTalkErrorCode(undefined)).toBeUndefined();
	});
});
