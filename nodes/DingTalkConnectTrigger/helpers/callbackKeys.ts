import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { aesKeyFrom } from './callbackCrypto';

/** Which id closes a decrypted message: the app's own key, or the corpId of a legacy callback registration. */
export type OwnerKeyChoice = 'appKey' | 'corpId';

export type KeysFailure = 'credential has no Event Token' | 'credential has no valid Event AES Key' | 'credential has no closing key';

export interface CallbackKeys {
	token: string;
	aesKey: Buffer;
	ownerKey: string;
}

export type KeysCheck = { ok: true; keys: CallbackKeys } | { ok: false; reason: KeysFailure };

function field(credentials: ICredentialDataDecryptedObject, name: string): string {
	const value = credentials[name];
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * The closing key follows DingTalk's rule: appKey for an internal app's event subscription,
 * suiteKey for a third-party app, corpId for an internal app's legacy callback registration.
 */
export function ownerKeyOf(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.eventOwnerKey === 'corpId') return field(credentials, 'eventCorpId');
	return credentials.appType === 'thirdParty' ? field(credentials, 'suiteKey') : field(credentials, 'appKey');
}

export function callbackKeysFrom(credentials: ICredentialDataDecryptedObject): KeysCheck {
	const token = field(credentials, 'eventToken');
	if (token === '') return { ok: false, reason: 'credential has no Event Token' };
	const aesKey = aesKeyFrom(field(credentials, 'eventAesSecretKey'));
	if (aesKey === null) return { ok: false, reason: 'credential has no valid Event AES Key' };
	const ownerKey = ownerKeyOf(credentials);
	if (ownerKey === '') return { ok: false, reason: 'credential has no closing key' };
	return { ok: true, keys: { token, aesKey, ownerKey } };
}
