import { createHash } from 'crypto';
import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type ITriggerFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';
import { CREDENTIAL_TYPE } from './constants';

/** Every n8n context that calls DingTalk: runs, the editor's look-ups, and the triggers. */
export type DingTalkContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions | ITriggerFunctions;

export type AppType = 'internal' | 'thirdParty';

export function appTypeOf(credentials: ICredentialDataDecryptedObject): AppType {
	return credentials.appType === 'thirdParty' ? 'thirdParty' : 'internal';
}

export function credentialField(credentials: ICredentialDataDecryptedObject, name: string): string {
	const value = credentials[name];
	return typeof value === 'string' ? value.trim() : '';
}

/** The DingTalk app a credential points at: what a token is issued for and what DingTalk rate-limits. */
export function appIdentity(credentials: ICredentialDataDecryptedObject): string {
	return appTypeOf(credentials) === 'thirdParty'
		? `suite:${credentialField(credentials, 'suiteKey')}:${credentialField(credentials, 'authCorpId')}`
		: `app:${credentialField(credentials, 'appKey')}`;
}

/**
 * Stored beside the token by preAuthentication: a token whose fingerprint differs from the
 * credential's current app and base URL was issued for another app (the credential was edited).
 * Keys and corp IDs are not secrets; the hash only keeps the stored value short.
 */
export function tokenFingerprint(credentials: ICredentialDataDecryptedObject, baseUrl: string): string {
	return createHash('sha256').update(`${appIdentity(credentials)}|${baseUrl}`).digest('hex').slice(0, 32);
}

/** The stored token if it belongs to the credential's current app, '' otherwise. */
export function boundToken(credentials: ICredentialDataDecryptedObject, baseUrl: string): string {
	const token = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
	return token !== '' && credentials.issuedFor === tokenFingerprint(credentials, baseUrl) ? token : '';
}

export interface AppScope {
	credentials: ICredentialDataDecryptedObject;
	baseUrl: string;
	/** A third-party app acting for another organisation than the credential's: its token lives in memory only. */
	forOtherOrg: boolean;
	/** Credential ID + app + base URL: keys every cache, the token refresh and the instance map. */
	key: string;
	/** App + base URL, without the credential ID: DingTalk's rate limit is the app's, whichever credential calls. */
	appKey: string;
}

/** Who a call acts as: the credential's app, or (a third-party app) the organisation `authCorpId`. */
export interface AppTarget {
	itemIndex?: number;
	/** A third-party app's authorising organisation for this call, e.g. the corpId of a trigger's event. */
	authCorpId?: string;
}

/** Reads the credential as it is now and names the app (and organisation) a call acts as. */
export async function readAppScope(this: DingTalkContext, target: AppTarget = {}): Promise<AppScope> {
	const { itemIndex } = target;
	const stored = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE, itemIndex);
	const base = checkBaseUrl(stored.baseUrl);
	if (!base.ok) {
		throw new NodeOperationError(this.getNode(), base.message, { description: base.description, itemIndex });
	}
	const otherOrg = target.authCorpId?.trim() ?? '';
	const forOtherOrg = appTypeOf(stored) === 'thirdParty' && otherOrg !== '' && otherOrg !== credentialField(stored, 'authCorpId');
	// The stored token is the credential's own organisation's: never sent for another one.
	const credentials = forOtherOrg ? { ...stored, authCorpId: otherOrg, accessToken: '', issuedFor: '' } : stored;
	const credentialId = this.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';
	const appKey = `${appIdentity(credentials)}|${base.baseUrl}`;
	return { credentials, baseUrl: base.baseUrl, forOtherOrg, key: `${credentialId}|${appKey}`, appKey };
}
