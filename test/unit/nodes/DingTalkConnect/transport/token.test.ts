import type { ICredentialDataDecryptedObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import {
	DingTalkTokenError,
	buildTokenRequest,
	credentialSecrets,
	fetchAccessToken,
} from '../../../../../nodes/DingTalkConnect/transport/token';
import { appIdentity } from '../../../../../nodes/DingTalkConnect/transport/appScope';

const corp: ICredentialDataDecryptedObject = {
	appType: 'internal',
	appKey: 'dingappkey0001',
	appSecret: 'app-secret-value-123',
	baseUrl: 'https://api.dingtalk.com/',
};
const suite: ICredentialDataDecryptedObject = {
	appType: 'thirdParty',
	suiteKey: 'suitekey0001',
	suiteSecret: 'suite-secret-value-456',
	authCorpId: 'ding0123456789',
	suiteTicket: 'ticket-value-789',
	baseUrl: 'http://127.0.0.1:3900',
};

/** Stands in for n8n's helpers.httpRequest: records the call, answers or throws. */
function helper(answer: { statusCode: number; body: unknown; headers?: Record<string, string> } | Error) {
	const calls: IHttpRequestOptions[] = [];
	const context = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				calls.push(options);
				if (answer instanceof Error) throw answer;
				return { headers: {}, ...answer };
			},
		},
	} as unknown as IHttpRequestHelper;
	return { context, calls };
}

async function tokenError(credentials: ICredentialDataDecryptedObject, answer: Parameters<typeof helper>[0]) {
	const { context } = helper(answer);
	try {
		await fetchAccessToken.call(context, credentials);
	} catch (error) {
		expect(error).toBeInstanceOf(DingTalkTokenError);
		return error as DingTalkTokenError;
	}
	throw new Error('expected fetchAccessToken to fail');
}

describe('buildTokenRequest', () => {
	it('posts appKey/appSecret to /v1.0/oauth2/accessToken for an internal app', () => {
		expect(buildTokenRequest(corp)).toEqual({
			ok: true,
			baseUrl: 'https://api.dingtalk.com',
			path: '/v1.0/oauth2/accessToken',
			body: { appKey: 'dingappkey0001', appSecret: 'app-secret-value-123' },
		});
	});

	it('posts the four suite fields to /v1.0/oauth2/corpAccessToken for a third-party app', () => {
		expect(buildTokenRequest(suite)).toEqual({
			ok: true,
			baseUrl: 'http://127.0.0.1:3900',
			path: '/v1.0/oauth2/corpAccessToken',
			body: {
				suiteKey: 'suitekey0001',
				suiteSecret: 'suite-secret-value-456',
				authCorpId: 'ding0123456789',
				suiteTicket: 'ticket-value-789',
			},
		});
	});

	it.each([
		[{ ...corp, appKey: '' }, 'App Key is empty'],
		[{ ...corp, appSecret: '  ' }, 'App Secret is empty'],
		[{ ...suite, suiteKey: '' }, 'Suite Key is empty'],
		[{ ...suite, suiteSecret: '' }, 'Suite Secret is empty'],
		[{ ...suite, authCorpId: '' }, 'Authorising Corp ID is empty'],
		[{ ...suite, suiteTicket: '' }, 'Suite Ticket is empty'],
		[{ ...corp, baseUrl: 'http://api.dingtalk.com' }, 'plain http://'],
		[{ ...corp, baseUrl: 'not a url' }, 'not a valid URL'],
	])('refuses an incomplete credential (%#: %s)', (credentials, message) => {
		const built = buildTokenRequest(credentials);
		expect(built.ok).toBe(false);
		if (!built.ok) expect(built.text.message).toContain(message);
	});

	it('explains where the suite ticket comes from when it is empty', () => {
		const built = buildTokenRequest({ ...suite, suiteTicket: '' });
		if (built.ok) throw new Error('expected a refusal');
		expect(built.text.description).toContain('5 hours');
		expect(built.text.description).toContain('Test');
	});

	it('the internal mode wins unless thirdParty is chosen', () => {
		expect(buildTokenRequest({ ...suite, ...corp, appType: '' })).toMatchObject({ path: '/v1.0/oauth2/accessToken' });
	});
});

describe('fetchAccessToken', () => {
	it('returns the token and reads statuses itself', async () => {
		const { context, calls } = helper({ statusCode: 200, body: { accessToken: 'tok-1', expireIn: 7200 } });
		await expect(fetchAccessToken.call(context, corp)).resolves.toMatchObject({ accessToken: 'tok-1' });
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			method: 'POST',
			url: 'https://api.dingtalk.com/v1.0/oauth2/accessToken',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: true,
		});
	});

	it('does not call DingTalk for an incomplete credential', async () => {
		const { context, calls } = helper({ statusCode: 200, body: { accessToken: 'x' } });
		await expect(fetchAccessToken.call(context, { ...suite, suiteTicket: '' })).rejects.toThrow('Suite Ticket is empty');
		expect(calls).toHaveLength(0);
	});

	it.each([
		[corp, 'invalidClientIdOrSecret', 'The App Secret is wrong (invalidClientIdOrSecret)'],
		[suite, 'invalidSuiteKey', 'The Suite Key or Suite Secret is wrong (invalidSuiteKey)'],
		[suite, 'invalidSuiteTicket', 'The Suite Ticket is wrong or outdated (invalidSuiteTicket)'],
		[suite, 'invalidAuthInfo', 'This organisation has not authorised the app (invalidAuthInfo)'],
	])('maps %#: %s to a readable message', async (credentials, code, message) => {
		const error = await tokenError(credentials, {
			statusCode: 400,
			body: { code, message: 'raw', requestid: 'rq-9' },
		});
		expect(error.message).toBe(message);
		expect(error.description).toContain('rq-9');
		expect(error.tokenFailure).toMatchObject({ kind: 'tokenRejected', code, requestId: 'rq-9' });
	});

	it('never echoes a secret that DingTalk puts in its message', async () => {
		const error = await tokenError(suite, {
			statusCode: 400,
			body: { code: 'weird', message: `ticket ${suite.suiteTicket} and secret ${suite.suiteSecret}` },
		});
		const text = JSON.stringify({ m: error.message, d: error.description, f: error.tokenFailure });
		expect(text).not.toContain(suite.suiteTicket);
		expect(text).not.toContain(suite.suiteSecret);
		expect(error.message).toBe('DingTalk refused to issue an access token (weird)');
	});

	it('reports an unreachable token endpoint as a network failure', async () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3900'), { code: 'ECONNREFUSED' });
		const error = await tokenError(suite, refused);
		expect(error.tokenFailure.kind).toBe('connectionRefused');
		expect(error.message).toBe('Could not connect to DingTalk at http://127.0.0.1:3900');
	});

	it('reports throttling, the ban page and a 200 without token', async () => {
		expect((await tokenError(corp, { statusCode: 403, body: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' } })).tokenFailure.kind).toBe('throttled');
		expect((await tokenError(corp, { statusCode: 403, body: '<html><body>banned</body></html>' })).message).toBe(
			'DingTalk answered with a web page instead of JSON',
		);
		expect((await tokenError(corp, { statusCode: 200, body: { expireIn: 7200 } })).message).toContain('access token');
	});

	it('has no fields NodeApiError would turn into a generic message', async () => {
		const error = await tokenError(corp, { statusCode: 400, body: { code: 'invalidClientIdOrSecret' } });
		for (const field of ['code', 'status', 'statusCode', 'httpCode', 'response', 'errorCode']) {
			expect(Object.prototype.hasOwnProperty.call(error, field)).toBe(false);
		}
	});
});

describe('appIdentity and credentialSecrets', () => {
	it('identifies the app as DingTalk rate-limits it', () => {
		expect(appIdentity(corp)).toBe('app:dingappkey0001');
		expect(appIdentity(suite)).toBe('suite:suitekey0001:ding0123456789');
	});

	it('lists every secret value present', () => {
		expect(credentialSecrets({ ...suite, accessToken: 'tok' })).toEqual([
			'suite-secret-value-456',
			'ticket-value-789',
			'tok',
		]);
		expect(credentialSecrets(undefined)).toEqual([]);
	});
});
