// The credential's behaviour: which fields each mode asks for, and a token bound to the app it was
// issued for (an edited credential never sends its old app's token).
import type { ICredentialDataDecryptedObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { DingTalkConnectApi } from '../../../credentials/DingTalkConnectApi.credentials';
import { boundToken, tokenFingerprint } from '../../../nodes/DingTalkConnect/transport/appScope';
import { buildTokenRequest } from '../../../nodes/DingTalkConnect/transport/token';

const credential = new DingTalkConnectApi();
const BASE = 'http://localhost:3900';

const corpA: ICredentialDataDecryptedObject = { appType: 'internal', appKey: 'dingappa', appSecret: 'secret-of-app-a', baseUrl: BASE };
const suite: ICredentialDataDecryptedObject = {
	appType: 'thirdParty',
	suiteKey: 'suitekey1',
	suiteSecret: 'secret-of-suite',
	authCorpId: 'dingcorp1',
	suiteTicket: 'ticket-1',
	baseUrl: BASE,
};

function tokenHelper(token: string) {
	const calls: IHttpRequestOptions[] = [];
	const context = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				calls.push(options);
				return { statusCode: 200, headers: {}, body: { accessToken: token, expireIn: 7200 } };
			},
		},
	} as unknown as IHttpRequestHelper;
	return { context, calls };
}

/** The fields the credential shows for a mode, by its displayOptions. */
function shownFields(appType: string): string[] {
	return credential.properties
		.filter((property) => property.type !== 'hidden')
		.filter((property) => {
			const show = property.displayOptions?.show?.appType;
			return show === undefined || show.includes(appType);
		})
		.map((property) => property.name);
}

describe('DingTalkConnectApi credential', () => {
	it.each([
		['internal', corpA, ['appKey', 'appSecret']],
		['thirdParty', suite, ['suiteKey', 'suiteSecret', 'authCorpId', 'suiteTicket']],
	])('shows in %s mode every field its token call needs, and none of the other mode', (appType, data, needed) => {
		const shown = shownFields(appType);
		expect(shown).toEqual(expect.arrayContaining([...needed, 'baseUrl']));
		for (const name of needed) {
			const built = buildTokenRequest({ ...data, [name]: '' });
			expect(built.ok).toBe(false);
		}
		const other = appType === 'internal' ? ['suiteKey', 'suiteSecret', 'authCorpId', 'suiteTicket'] : ['appKey', 'appSecret'];
		for (const name of other) expect(shown).not.toContain(name);
	});

	it('keeps every secret in a password field', () => {
		for (const name of ['appSecret', 'suiteSecret', 'accessToken']) {
			expect(credential.properties.find((property) => property.name === name)?.typeOptions?.password).toBe(true);
		}
	});

	it('preAuthentication returns the token bound to the app and base URL it was issued for', async () => {
		const { context, calls } = tokenHelper('T-1');
		const issued = await credential.preAuthentication.call(context, corpA);
		expect(calls[0].url).toBe(`${BASE}/v1.0/oauth2/accessToken`);
		expect(issued).toEqual({ accessToken: 'T-1', issuedFor: tokenFingerprint(corpA, BASE) });
		// n8n stores what preAuthentication returns: the stored token is then used as it is.
		const stored = { ...corpA, ...issued } as ICredentialDataDecryptedObject;
		expect(boundToken(stored, BASE)).toBe('T-1');
	});

	it.each([
		['another App Key', { appKey: 'dingappb' }],
		['another base URL', { baseUrl: 'http://127.0.0.1:3901' }],
		['the third-party mode', { appType: 'thirdParty', suiteKey: 'dingappa', authCorpId: 'x' }],
	])('a stored token is not used after an edit to %s', async (_label, edit) => {
		const { context } = tokenHelper('T-A');
		const stored = { ...corpA, ...(await credential.preAuthentication.call(context, corpA)) } as ICredentialDataDecryptedObject;
		const edited: ICredentialDataDecryptedObject = { ...stored, ...edit };
		expect(boundToken(edited, String(edited.baseUrl))).toBe('');
	});

	it.each([
		['another Suite Key', { suiteKey: 'suitekey2' }],
		['another Authorising Corp ID', { authCorpId: 'dingcorp2' }],
	])('a third-party token is not used after an edit to %s', async (_label, edit) => {
		const { context } = tokenHelper('T-S');
		const stored = { ...suite, ...(await credential.preAuthentication.call(context, suite)) } as ICredentialDataDecryptedObject;
		expect(boundToken({ ...stored, ...edit }, BASE)).toBe('');
	});

	it('a new secret or suite ticket for the same app keeps the token; a token without a fingerprint is not trusted', async () => {
		const { context } = tokenHelper('T-S');
		const stored = { ...suite, ...(await credential.preAuthentication.call(context, suite)) } as ICredentialDataDecryptedObject;
		expect(boundToken({ ...stored, suiteSecret: 'rotated', suiteTicket: 'ticket-2' }, BASE)).toBe('T-S');
		expect(boundToken({ ...suite, accessToken: 'T-old' }, BASE)).toBe('');
	});

	it('the fingerprint holds no key, corp ID or secret', () => {
		const fingerprint = tokenFingerprint(suite, BASE);
		for (const value of ['suitekey1', 'dingcorp1', 'secret-of-suite', 'ticket-1', 'localhost']) {
			expect(fingerprint).not.toContain(value);
		}
		expect(tokenFingerprint({ ...suite, suiteSecret: 'other' }, BASE)).toBe(fingerprint);
	});
});
