import { registerStore } from '../../processMemory/processMemory';
import type { DingTalkFailure, FailureKind } from './errors';

/**
 * `read` (search, detail) and `create` (instance creation and deletion) are safe to send twice.
 * `invoke` runs a third-party system and `write` (SyncData) fans events out: neither is.
 */
export type CallKind = 'read' | 'create' | 'invoke' | 'write';

export interface RetryPolicy {
	/** First backoff step; doubled per retry, with jitter. */
	baseDelayMs: number;
	/** Largest single backoff step. */
	maxDelayMs: number;
	/** Attempts in all (first try included) while DingTalk keeps throttling. */
	maxAttempts: number;
	/** Total time a call may spend waiting between attempts. */
	maxTotalWaitMs: number;
	/** Retries after a server error or a lost connection (idempotent calls only). */
	maxTransientRetries: number;
	/** DingTalk advises waiting about a second after QpsLimitForApi (its global limit). */
	globalThrottleDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
	baseDelayMs: 250,
	maxDelayMs: 4000,
	maxAttempts: 8,
	maxTotalWaitMs: 30000,
	maxTransientRetries: 3,
	globalThrottleDelayMs: 1000,
});

const retryPolicy = registerStore('retryPolicy', {
	current: { ...DEFAULT_RETRY_POLICY } as RetryPolicy,
	clear(): void {
		this.current = { ...DEFAULT_RETRY_POLICY };
	},
	get size(): number {
		const changed = (Object.keys(DEFAULT_RETRY_POLICY) as Array<keyof RetryPolicy>).some((name) => this.current[name] !== DEFAULT_RETRY_POLICY[name]);
		return changed ? 1 : 0;
	},
});

/** Tests and benchmarks shorten the delays with this (resetProcessMemory restores them); the node never calls it. */
export function setRetryPolicy(patch: Partial<RetryPolicy>): void {
	retryPolicy.current = { ...retryPolicy.current, ...patch };
}

export function getRetryPolicy(): RetryPolicy {
	return { ...retryPolicy.current };
}

export function isIdempotent(kind: CallKind): boolean {
	return kind === 'read' || kind === 'create';
}

export interface RetryState {
	/** Attempts made so far, the failed one included. */
	attempts: number;
	/** Time already spent waiting between attempts. */
	waitedMs: number;
	/** The token was already refreshed once for this call. */
	refreshed: boolean;
	/** Retries already spent on server errors and lost connections. */
	transientRetries: number;
}

export type RetryDecision =
	| { action: 'fail' }
	| { action: 'refresh' }
	| { action: 'wait'; delayMs: number; reason: 'throttled' | 'notSent' | 'transient' };

/** Exponential backoff with "equal jitter": a step lies between half and all of its ceiling. */
export function backoffDelay(
	retryNumber: number,
	policy: RetryPolicy = retryPolicy.current,
	random: () => number = Math.random,
): number {
	const exponent = Math.max(0, retryNumber - 1);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Answers that prove DingTalk executed nothing, whatever the call kind. */
const NOT_EXECUTED_KINDS = new Set<FailureKind>(['throttled', 'connectionRefused']);

/** Failures after which the request may or may not have been executed. */
const TRANSIENT_KINDS = new Set<FailureKind>(['serverError', 'connectionDropped', 'timeout', 'nonJson', 'networkError']);

/** Whether to try a failed call again, and after how long. */
export function decideRetry(
	kind: CallKind,
	failure: DingTalkFailure,
	state: RetryState,
	policy: RetryPolicy = retryPolicy.current,
	random: () => number = Math.random,
): RetryDecision {
	if (failure.kind === 'expiredToken') {
		return state.refreshed ? { action: 'fail' } : { action: 'refresh' };
	}
	const fits = (delayMs: number) => state.waitedMs + delayMs <= policy.maxTotalWaitMs;

	if (failure.kind === 'throttled') {
		if (state.attempts >= policy.maxAttempts) return { action: 'fail' };
		let delayMs = backoffDelay(state.attempts, policy, random);
		if (failure.code === 'Forbidden.AccessDenied.QpsLimitForApi') {
			delayMs = Math.max(delayMs, policy.globalThrottleDelayMs);
		}
		if (failure.retryAfterMs !== undefined) delayMs = Math.max(delayMs, failure.retryAfterMs);
		return fits(delayMs) ? { action: 'wait', delayMs, reason: 'throttled' } : { action: 'fail' };
	}

	if (NOT_EXECUTED_KINDS.has(failure.kind) || (TRANSIENT_KINDS.has(failure.kind) && isIdempotent(kind))) {
		if (state.transientRetries >= policy.maxTransientRetries) return { action: 'fail' };
		const delayMs = backoffDelay(state.transientRetries + 1, policy, random);
		if (!fits(delayMs)) return { action: 'fail' };
		return {
			action: 'wait',
			delayMs,
			reason: NOT_EXECUTED_KINDS.has(failure.kind) ? 'notSent' : 'transient',
		};
	}
	return { action: 'fail' };
}
