import type { IHttpRequestHelper } from 'n8n-workflow';

import type { AppScope, DingTalkContext } from './appScope';
import { fetchAccessToken } from './token';

// Tokens of the organisations a third-party credential acts for besides its own (the Authorising Corp
// ID option), keyed by the whole scope (credential, suite, organisation, base URL). Memory only: never
// stored in the credential, never in any output.
const MAX_ORG_TOKENS = 1000;
const orgTokens = new Map<string, string>();

export function orgToken(scope: AppScope): string {
	return orgTokens.get(scope.key) ?? '';
}

/** Fetches the organisation's token with the suite credential and keeps it for the scope. */
export async function fetchOrgToken(context: DingTalkContext, scope: AppScope): Promise<string> {
	const helper = { helpers: { httpRequest: context.helpers.httpRequest } } as IHttpRequestHelper;
	const { accessToken } = await fetchAccessToken.call(helper, scope.credentials);
	orgTokens.delete(scope.key);
	orgTokens.set(scope.key, accessToken);
	if (orgTokens.size > MAX_ORG_TOKENS) {
		const oldest = orgTokens.keys().next().value;
		if (oldest !== undefined) orgTokens.delete(oldest);
	}
	return accessToken;
}

/** Test hook: forget every organisation's token. */
export function forgetOrgTokens(): void {
	orgTokens.clear();
}
