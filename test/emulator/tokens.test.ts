// Contract of the two token endpoints and of the token header on connector APIs.
import { DEMO_CREDENTIALS } from '../../emulator';
import { useEmulator } from './bed';
import { PATHS, sleep } from './client';

const bed = useEmulator();

const searchSelfBuilt = (token?: string) => bed.client.get(PATHS.connectors, token, { type: 'self_built' });

describe('enterprise app token (POST /v1.0/oauth2/accessToken)', () => {
	it('answers accessToken and expireIn, and the same token while it is valid', async () => {
		const first = await bed.client.post(PATHS.accessToken, undefined, DEMO_CREDENTIALS.corp);
		expect(first.status).toBe(200);
		expect(typeof first.data.accessToken).toBe('string');
		expect(first.data.accessToken.length).toBeGreaterThanOrEqual(16);
		expect(first.data.expireIn).toBe(7200);
		expect(first.headers['x-acs-request-id']).toBeTruthy();
		const second = await bed.client.post(PATHS.accessToken, undefined, DEMO_CREDENTIALS.corp);
		expect(second.data.accessToken).toBe(first.data.accessToken);
		expect(bed.emulator.counters().tokensIssued).toBe(2);
	});

	it('refuses a wrong secret or app key with invalidClientIdOrSecret (400)', async () => {
		for (const body of [
			{ ...DEMO_CREDENTIALS.corp, appSecret: 'wrong' },
			{ ...DEMO_CREDENTIALS.corp, appKey: 'dingunknown' },
			{},
		]) {
			const answer = await bed.client.post(PATHS.accessToken, undefined, body);
			expect(answer.status).toBe(400);
			expect(answer.data.code).toBe('invalidClientIdOrSecret');
			expect(answer.data.requestid).toBe(answer.headers['x-acs-request-id']);
		}
		expect(bed.emulator.counters().tokensIssued).toBe(0);
	});

	it('extends the token on a refetch and issues a new one after it expired', async () => {
		bed.emulator.configure({ tokenLifetimeSeconds: 0.4 });
		const first = await bed.client.corpToken();
		await sleep(250);
		expect(await bed.client.corpToken()).toBe(first);
		await sleep(250);
		// 500 ms after the first fetch, but only 250 ms after the extension: still valid.
		expect((await searchSelfBuilt(first)).status).toBe(200);
		await sleep(450);
		expect((await searchSelfBuilt(first)).data.code).toBe('InvalidAuthentication');
		const renewed = await bed.client.corpToken();
		expect(renewed).not.toBe(first);
		expect((await searchSelfBuilt(renewed)).status).toBe(200);
	});
});

describe('third-party app token (POST /v1.0/oauth2/corpAccessToken)', () => {
	it('answers a new token on every fetch, for the authorising org', async () => {
		const first = await bed.client.post(PATHS.corpAccessToken, undefined, DEMO_CREDENTIALS.suite);
		expect(first.status).toBe(200);
		expect(first.data.expireIn).toBe(7200);
		const second = await bed.client.suiteToken();
		expect(second).not.toBe(first.data.accessToken);
		// By default the previous token stays valid (the real behaviour is unknown; the switch plays the other).
		expect((await searchSelfBuilt(first.data.accessToken)).status).toBe(200);
		expect((await searchSelfBuilt(second)).status).toBe(200);
	});

	it('can invalidate the previous suite token on a refetch', async () => {
		bed.emulator.configure({ suiteKeepsPreviousToken: false });
		const first = await bed.client.suiteToken();
		const second = await bed.client.suiteToken();
		expect((await searchSelfBuilt(first)).data.code).toBe('InvalidAuthentication');
		expect((await searchSelfBuilt(second)).status).toBe(200);
	});

	it.each([
		['suiteKey', { suiteKey: 'suiteunknown' }, 'invalidSuiteKey'],
		['suiteSecret', { suiteSecret: 'wrong' }, 'invalidSuiteKey'],
		['suiteTicket', { suiteTicket: 'an-old-ticket' }, 'invalidSuiteTicket'],
		['missing suiteTicket', { suiteTicket: undefined }, 'invalidSuiteTicket'],
		['authCorpId', { authCorpId: DEMO_CREDENTIALS.unauthorisedCorpId }, 'invalidAuthInfo'],
	])('refuses a wrong %s', async (_name, patch, code) => {
		const answer = await bed.client.post(PATHS.corpAccessToken, undefined, { ...DEMO_CREDENTIALS.suite, ...patch });
		expect(answer.status).toBe(400);
		expect(answer.data.code).toBe(code);
		expect(typeof answer.data.message).toBe('string');
	});

	it('masks the secrets in the request log', async () => {
		await bed.client.suiteToken();
		await bed.client.corpToken();
		const logged = JSON.stringify(bed.emulator.log());
		expect(logged).not.toContain(DEMO_CREDENTIALS.suite.suiteSecret);
		expect(logged).not.toContain(DEMO_CREDENTIALS.suite.suiteTicket);
		expect(logged).not.toContain(DEMO_CREDENTIALS.corp.appSecret);
		expect(bed.emulator.log().map((e) => e.app)).toEqual([
			`${DEMO_CREDENTIALS.suite.suiteKey}:${DEMO_CREDENTIALS.suite.authCorpId}`,
			DEMO_CREDENTIALS.corp.appKey,
		]);
	});
});

describe('the token header on connector APIs', () => {
	it('answers AuthenticationFailed.MissingParameter (400) without the header', async () => {
		const answer = await searchSelfBuilt();
		expect(answer.status).toBe(400);
		expect(answer.data.code).toBe('AuthenticationFailed.MissingParameter');
	});

	it('answers InvalidAuthentication (400) for an unknown token', async () => {
		const answer = await searchSelfBuilt('not-a-token');
		expect(answer.status).toBe(400);
		expect(answer.data.code).toBe('InvalidAuthentication');
	});

	it('answers 401 instead when expiredTokenStatus is 401', async () => {
		bed.emulator.configure({ expiredTokenStatus: 401 });
		const answer = await searchSelfBuilt('not-a-token');
		expect(answer.status).toBe(401);
		expect(answer.data.code).toBe('InvalidAuthentication');
	});

	it('does not accept the token as a query parameter or bearer header', async () => {
		const token = await bed.client.corpToken();
		const byQuery = await bed.client.get(PATHS.connectors, undefined, { type: 'self_built', access_token: token });
		expect(byQuery.data.code).toBe('AuthenticationFailed.MissingParameter');
		const byBearer = await bed.client.http.get(PATHS.connectors, { params: { type: 'self_built' }, headers: { Authorization: `Bearer ${token}` } });
		expect(byBearer.data.code).toBe('AuthenticationFailed.MissingParameter');
	});

	it('expireAllTokens invalidates every issued token of both modes', async () => {
		const corp = await bed.client.corpToken();
		const suite = await bed.client.suiteToken();
		bed.emulator.expireAllTokens();
		for (const token of [corp, suite]) {
			const answer = await searchSelfBuilt(token);
			expect(answer.status).toBe(400);
			expect(answer.data.code).toBe('InvalidAuthentication');
		}
		// A corp refetch then gives a fresh token.
		const fresh = await bed.client.corpToken();
		expect(fresh).not.toBe(corp);
		expect((await searchSelfBuilt(fresh)).status).toBe(200);
	});

	it('answers expireIn with the configured lifetime', async () => {
		bed.emulator.configure({ tokenLifetimeSeconds: 60 });
		const answer = await bed.client.post(PATHS.accessToken, undefined, DEMO_CREDENTIALS.corp);
		expect(answer.data.expireIn).toBe(60);
	});
});
