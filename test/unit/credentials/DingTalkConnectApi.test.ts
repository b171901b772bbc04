import type { ICredentialDataDecryptedObject, IHttpRequestHelper, INodeProperties } from 'n8n-workflow';

import { DingTalkConnectApi } from '../../../credentials/DingTalkConnectApi.credentials';

const credential = new DingTalkConnectApi();

function property(name: string): INodeProperties {
	const found = credential.properties.find((p) => p.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

describe('DingTalkConnectApi credential', () => {
	it('is named as the package expects', () => {
		expect(credential.name).toBe('dingTalkConnectApi');
		expect(credential.displayName).toBe('DingTalk Connect API');
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		expect(credential.icon).toEqual({
			light: 'file:../icons/dingtalkConnect.svg',
			dark: 'file:../icons/dingtalkConnect.dark.svg',
		});
	});

	it('offers both app types, internal by default', () => {
		const appType = property('appType');
		expect(appType.default).toBe('internal');
		expect((appType.options ?? []).map((o) => ('value' in o ? o.value : undefined))).toEqual(['internal', 'thirdParty']);
	});

	it('shows each mode its own fields', () => {
		for (const name of ['appKey', 'appSecret']) {
			expect(property(name).displayOptions).toEqual({ show: { appType: ['internal'] } });
		}
		for (const name of ['suiteKey', 'suiteSecret', 'authCorpId', 'suiteTicket']) {
			expect(property(name).displayOptions).toEqual({ show: { appType: ['thirdParty'] } });
		}
		expect(property('baseUrl').displayOptions).toBeUndefined();
		expect(property('baseUrl').default).toBe('https://api.dingtalk.com');
	});

	it('masks the secrets and hides an expirable token', () => {
		expect(property('appSecret').typeOptions?.password).toBe(true);
		expect(property('suiteSecret').typeOptions?.password).toBe(true);
		expect(property('accessToken')).toMatchObject({ type: 'hidden', default: '', typeOptions: { expirable: true } });
	});

	it('says where the suite ticket comes from', () => {
		expect(property('suiteTicket').hint).toContain('5 hours');
		expect(property('suiteTicket').hint).toContain('Test');
	});

	it('sends the token in x-acs-dingtalk-access-token', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { 'x-acs-dingtalk-access-token': '={{$credentials.accessToken}}' } },
		});
	});

	it('tests with a cheap connector read and readable rules', () => {
		expect(credential.test?.request).toMatchObject({
			url: '/v1.0/connector/assets/connectors',
			method: 'GET',
			qs: { type: 'self_built', maxResults: 1 },
		});
		const codes = (credential.test?.rules ?? []).map((rule) => rule.properties.value);
		expect(codes).toEqual(expect.arrayContaining([400, 401, 403, 404]));
	});

	it('preAuthentication returns the fetched token under the expirable property', async () => {
		const context = {
			helpers: { httpRequest: async () => ({ statusCode: 200, headers: {}, body: { accessToken: 'T-1', expireIn: 7200 } }) },
		} as unknown as IHttpRequestHelper;
		const data: ICredentialDataDecryptedObject = {
			appType: 'internal',
			appKey: 'k',
			appSecret: 's-secret',
			baseUrl: 'http://localhost:3900',
		};
		await expect(credential.preAuthentication.call(context, data)).resolves.toEqual({ accessToken: 'T-1' });
	});
});
