import type { DingTalkFailure, FailureKind } from '../../../../../nodes/DingTalkConnect/transport/errors';
import type { CallKind, RetryPolicy, RetryState } from '../../../../../nodes/DingTalkConnect/transport/retry';
import { backoffDelay, decideRetry, isIdempotent } from '../../../../../nodes/DingTalkConnect/transport/retry';
import { DEFAULT_RETRY_POLICY, getRetryPolicy, resetProcessMemory, setRetryPolicy } from '../../../../harness/processMemory';

const KINDS: CallKind[] = ['read', 'create', 'invoke', 'write'];
const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
const fresh: RetryState = { attempts: 1, waitedMs: 0, refreshed: false, transientRetries: 0 };
const midRandom = () => 0.5;

function decide(kind: CallKind, failure: DingTalkFailure, state: Partial<RetryState> = {}) {
	return decideRetry(kind, failure, { ...fresh, ...state }, policy, midRandom);
}

describe('decideRetry: every call kind × failure', () => {
	// Expected first decision with a fresh state: 'refresh', 'wait' or 'fail'.
	const table: Array<[FailureKind, Record<CallKind, 'refresh' | 'wait' | 'fail'>]> = [
		['expiredToken', { read: 'refresh', create: 'refresh', invoke: 'refresh', write: 'refresh' }],
		['throttled', { read: 'wait', create: 'wait', invoke: 'wait', write: 'wait' }],
		['connectionRefused', { read: 'wait', create: 'wait', invoke: 'wait', write: 'wait' }],
		['serverError', { read: 'wait', create: 'wait', invoke: 'fail', write: 'fail' }],
		['connectionDropped', { read: 'wait', create: 'wait', invoke: 'fail', write: 'fail' }],
		['timeout', { read: 'wait', create: 'wait', invoke: 'fail', write: 'fail' }],
		['nonJson', { read: 'wait', create: 'wait', invoke: 'fail', write: 'fail' }],
		['networkError', { read: 'wait', create: 'wait', invoke: 'fail', write: 'fail' }],
		['quotaExhausted', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['ipBanned', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['permissionDenied', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['ipNotAllowed', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['missingToken', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['tokenRejected', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['badRequest', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['notAuthorised', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['notFound', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['connectorError', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['apiError', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['hostNotFound', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
		['cancelled', { read: 'fail', create: 'fail', invoke: 'fail', write: 'fail' }],
	];
	for (const [failureKind, expected] of table) {
		for (const callKind of KINDS) {
			it(`${callKind} after ${failureKind} → ${expected[callKind]}`, () => {
				expect(decide(callKind, { kind: failureKind }).action).toBe(expected[callKind]);
			});
		}
	}

	it('reads and instance creation are idempotent; invoke and SyncData are not', () => {
		expect(KINDS.filter(isIdempotent)).toEqual(['read', 'create']);
	});
});

describe('decideRetry: bounds', () => {
	it('refreshes the token exactly once per call', () => {
		expect(decide('invoke', { kind: 'expiredToken' }, { refreshed: true }).action).toBe('fail');
	});

	it('stops throttling retries after maxAttempts attempts', () => {
		const throttled: DingTalkFailure = { kind: 'throttled', code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' };
		expect(decide('read', throttled, { attempts: policy.maxAttempts - 1 }).action).toBe('wait');
		expect(decide('read', throttled, { attempts: policy.maxAttempts }).action).toBe('fail');
	});

	it('stops when the next wait would exceed the total wait budget', () => {
		const throttled: DingTalkFailure = { kind: 'throttled' };
		expect(decide('read', throttled, { waitedMs: policy.maxTotalWaitMs }).action).toBe('fail');
		expect(decide('read', { kind: 'serverError' }, { waitedMs: policy.maxTotalWaitMs }).action).toBe('fail');
	});

	it('stops transient retries after maxTransientRetries', () => {
		expect(decide('read', { kind: 'serverError' }, { transientRetries: policy.maxTransientRetries - 1 }).action).toBe('wait');
		expect(decide('read', { kind: 'serverError' }, { transientRetries: policy.maxTransientRetries }).action).toBe('fail');
		expect(decide('invoke', { kind: 'connectionRefused' }, { transientRetries: policy.maxTransientRetries }).action).toBe('fail');
	});

	it('waits at least the global-limit delay after QpsLimitForApi, and honours Retry-After', () => {
		const global = decide('read', { kind: 'throttled', code: 'Forbidden.AccessDenied.QpsLimitForApi' });
		expect(global).toEqual({ action: 'wait', delayMs: policy.globalThrottleDelayMs, reason: 'throttled' });
		const after = decide('read', { kind: 'throttled', retryAfterMs: 3000 });
		expect(after).toEqual({ action: 'wait', delayMs: 3000, reason: 'throttled' });
	});

	it('labels why it waits', () => {
		expect(decide('invoke', { kind: 'connectionRefused' })).toMatchObject({ reason: 'notSent' });
		expect(decide('read', { kind: 'timeout' })).toMatchObject({ reason: 'transient' });
	});
});

describe('backoffDelay', () => {
	it('doubles per retry between half and all of its ceiling, capped at maxDelayMs', () => {
		for (let retry = 1; retry <= 10; retry++) {
			const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
			expect(backoffDelay(retry, policy, () => 0)).toBe(ceiling / 2);
			expect(backoffDelay(retry, policy, () => 0.999999)).toBe(ceiling);
		}
		expect(backoffDelay(30, policy, () => 1)).toBe(policy.maxDelayMs);
	});

	it('spreads concurrent callers (jitter)', () => {
		const delays = new Set([0.1, 0.4, 0.7].map((r) => backoffDelay(3, policy, () => r)));
		expect(delays.size).toBe(3);
	});

	it('keeps a whole throttled call within the documented bounds', () => {
		let waited = 0;
		let attempts = 1;
		for (;;) {
			const decision = decideRetry('read', { kind: 'throttled' }, { attempts, waitedMs: waited, refreshed: false, transientRetries: 0 }, policy, () => 1);
			if (decision.action !== 'wait') break;
			waited += decision.delayMs;
			attempts++;
		}
		expect(attempts).toBe(policy.maxAttempts);
		expect(waited).toBeLessThanOrEqual(policy.maxTotalWaitMs);
	});
});

describe('setRetryPolicy', () => {
	afterEach(() => resetProcessMemory());

	it('changes the shared policy until reset', () => {
		setRetryPolicy({ baseDelayMs: 1, maxDelayMs: 2 });
		expect(getRetryPolicy()).toMatchObject({ baseDelayMs: 1, maxDelayMs: 2, maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts });
		resetProcessMemory();
		expect(getRetryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
	});
});
