import type { IHttpRequestHelper } from 'n8n-workflow';

import { boundedStore } from '../../processMemory/processMemory';
import type { AppScope, DingTalkContext } from './appScope';
import { fetchAccessToken } from './token';

// The Authorising Corp ID option's tokens. Memory only: never stored in the credential, never in any output.
const orgTokens = boundedStore<string, string>('orgTokens');

export function orgToken(scope: AppScope): string {
	return orgTokens.get(scope.key) ?? '';
}

/** Fetches the organisation's token with the suite credential and keeps it for the scope. */
export async function fetchOrgToken(context: DingTalkContext, scope: AppScope): Promise<string> {
	const helper = { helpers: { httpRequest: context.helpers.httpRequest } } as IHttpRequestHelper;
	const { accessToken } = await fetchAccessToken.call(helper, scope.credentials);
	orgTokens.set(scope.key, accessToken);
	return accessToken;
}
