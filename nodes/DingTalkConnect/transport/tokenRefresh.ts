import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { boundedStore } from '../../processMemory/processMemory';
import type { DingTalkFailure } from './errors';

export type RefreshOutcome = { ok: true } | { ok: false; failure: DingTalkFailure };

interface RefreshEntry {
	/** The token whose rejection (or absence, '') started this refresh. */
	failedToken: string;
	done: Promise<RefreshOutcome>;
	settled: boolean;
}

/**
 * One refresh per credential at a time, process-wide. A third-party app gets a NEW token on
 * every fetch, so a burst of calls that all see an expired token must not each fetch one.
 */
const refreshes = boundedStore<string, RefreshEntry>('tokenRefreshes');

export type RefreshClaim =
	/** Another call is fetching (or fetched) a replacement for this token: wait, then re-read. */
	| { kind: 'wait'; done: Promise<RefreshOutcome> }
	/** The stored token is already another one: use it. */
	| { kind: 'current' }
	/** This call fetches the token; it must call `settle` once it knows the outcome. */
	| { kind: 'lead'; settle: (outcome: RefreshOutcome) => void };

/**
 * Decides, synchronously (so concurrent callers cannot both lead), who fetches the token
 * that replaces `failedToken` for the credential `key`.
 */
export function claimRefresh(key: string, failedToken: string, storedToken: string): RefreshClaim {
	const entry = refreshes.get(key);
	if (entry !== undefined && entry.failedToken === failedToken && !entry.settled) {
		return { kind: 'wait', done: entry.done };
	}
	if (storedToken !== '' && storedToken !== failedToken) return { kind: 'current' };
	// Nothing in flight, or a finished refresh whose token is not the stored one any more
	// (e.g. the credential was edited): fetch again.

	let resolve: (outcome: RefreshOutcome) => void = () => undefined;
	const done = new Promise<RefreshOutcome>((r) => (resolve = r));
	const own: RefreshEntry = { failedToken, done, settled: false };
	refreshes.set(key, own);
	return {
		kind: 'lead',
		settle: (outcome) => {
			if (own.settled) return;
			own.settled = true;
			// A failed refresh must not answer later callers: they try again themselves.
			if (!outcome.ok && refreshes.get(key) === own) refreshes.delete(key);
			resolve(outcome);
		},
	};
}

/**
 * A copy of the credential data whose `accessToken` reports when it is set. n8n's
 * preAuthentication stores the new token with Object.assign on this very object, so the
 * leader can release the waiting calls as soon as the token exists, not when its own
 * (possibly slow) request has finished.
 */
export function watchAccessToken(
	data: ICredentialDataDecryptedObject,
	initialToken: string,
	onNewToken: () => void,
): ICredentialDataDecryptedObject {
	const watched: ICredentialDataDecryptedObject = { ...data };
	let token = initialToken;
	Object.defineProperty(watched, 'accessToken', {
		enumerable: true,
		configurable: true,
		get: () => token,
		set: (value: unknown) => {
			token = typeof value === 'string' ? value : '';
			if (token !== '') onNewToken();
		},
	});
	return watched;
}
