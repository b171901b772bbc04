import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { cacheStore } from '../../DingTalkConnect/cache/ttlCache';
import { CREDENTIAL_TYPE } from '../../DingTalkConnect/transport/constants';

// n8n reads a credential from its database and decrypts it on every getCredentials: about 1 ms of its main
// thread and a database read on the reply's path, per callback. An edit is seen within the store's age, or at
// once by a request the kept keys refuse (answerCallback then asks with `fresh`).
const snapshots = cacheStore<ICredentialDataDecryptedObject>('callbackCredentials');

export interface CallbackCredentials {
	credentials: ICredentialDataDecryptedObject;
	/** Read from n8n for this request, not taken from the snapshot. */
	fresh: boolean;
}

/** The trigger's credential as n8n answered at most `STORES.callbackCredentials.maxAgeMs` ago, or now when `fresh`. */
export async function callbackCredentials(this: IWebhookFunctions, fresh = false): Promise<CallbackCredentials> {
	const id = this.getNode().credentials?.[CREDENTIAL_TYPE]?.id;
	if (!id) return { credentials: await this.getCredentials(CREDENTIAL_TYPE), fresh: true };
	let read = false;
	const credentials = await snapshots.get(
		id,
		async () => {
			read = true;
			return await this.getCredentials(CREDENTIAL_TYPE);
		},
		{ fresh },
	);
	return { credentials, fresh: read };
}
