import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { callbackKeysFrom, ownerKeyOf } from '../../../../../nodes/DingTalkConnectTrigger/helpers/callbackKeys';
import { CREDENTIALS, ENCODING_AES_KEY } from './callbackFixtures';

describe('callbackKeysFrom', () => {
	const base = CREDENTIALS as ICredentialDataDecryptedObject;

	it('closes with the app key of an internal app, the suite key of a third-party app, or the chosen corpId', () => {
		expect(ownerKeyOf(base)).toBe(CREDENTIALS.appKey);
		expect(ownerKeyOf({ ...base, appType: 'thirdParty', suiteKey: 'suiteabc' })).toBe('suiteabc');
		expect(ownerKeyOf({ ...base, eventOwnerKey: 'corpId', eventCorpId: ' dingcorp ' })).toBe('dingcorp');
	});

	it('refuses credentials without a token, with a malformed AES key, or without a closing key', () => {
		expect(callbackKeysFrom(base).ok).toBe(true);
		expect(callbackKeysFrom({ ...base, eventToken: ' ' })).toEqual({ ok: false, reason: 'credential has no Event Token' });
		expect(callbackKeysFrom({ ...base, eventAesSecretKey: ENCODING_AES_KEY.slice(2) })).toEqual({ ok: false, reason: 'credential has no valid Event AES Key' });
		expect(callbackKeysFrom({ ...base, eventOwnerKey: 'corpId' })).toEqual({ ok: false, reason: 'credential has no closing key' });
	});
});
