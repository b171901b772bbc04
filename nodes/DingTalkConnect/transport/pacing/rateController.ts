/**
 * The rate one process allows itself for one (app, base URL, API), learnt from DingTalk's answers:
 * multiplicative decrease on a throttled answer, a remembered ceiling (the rate that was throttled)
 * approached quickly and held below, then a probe above it that starts gently and speeds up while
 * nothing is throttled. Processes sharing a limit each run one, unaware of the others: a throttle that
 * comes while settled below the ceiling means another process took more, and lowers the ceiling, and
 * every hold but a short check grows, so that one process's probe does not set off the next one's.
 * Pure: time is passed in.
 */
export interface RateControllerPolicy {
	/** DingTalk's standard edition allows 20 requests/s per app and API. */
	startRate: number;
	/** Never slower than this, however often DingTalk throttles. */
	minRate: number;
	/** Decrease on the first throttled answer after a calm spell, and on one that follows a decrease. */
	decrease: number;
	repeatedDecrease: number;
	/** A throttled answer within this long of the last decrease counts as a repeat. */
	repeatWindowMs: number;
	/** Share of the remembered ceiling the rate settles at, and at least this many requests/s below it. */
	settleShare: number;
	settleMargin: number;
	/** How fast the rate closes on its settling point (time constant). */
	approachMs: number;
	/**
	 * The hold before probing a ceiling to check soon: the first one (in the second processes starting
	 * together first meet the limit, who gets through is luck, and a busy machine's late timers make the
	 * start's overshoot read low), and one far below the last (another process has joined, and may
	 * leave soon, or took the share this one let go).
	 */
	firstHoldMs: number;
	/** The least hold below any other ceiling. */
	holdMs: number;
	/** Each further throttle that is not a check makes the hold this many times longer (from holdMs, up to maxHoldMs). */
	holdGrowth: number;
	maxHoldMs: number;
	/**
	 * Probe above the ceiling: requests/s gained per second in the probe's first second, one more such
	 * step each further second. The same for every process, so processes sharing a limit converge on
	 * equal shares; gentle where the limit probably is, quick when it has gone up.
	 */
	probePerSecond: number;
	/** Growth per second while no ceiling is known (slow start), e.g. 0.5 = +50 %/s; also the fastest a probe grows. */
	unknownGrowth: number;
	/** A ceiling found below this share of the last one is far below it; at least this share, a probe found the same one (give or take requests counted in the next second). */
	farBelowShare: number;
}

export const DEFAULT_RATE_POLICY: Readonly<RateControllerPolicy> = Object.freeze({
	startRate: 20,
	minRate: 0.5,
	decrease: 0.85,
	repeatedDecrease: 0.7,
	repeatWindowMs: 3000,
	settleShare: 0.98,
	settleMargin: 0.25,
	approachMs: 700,
	firstHoldMs: 3000,
	holdMs: 20000,
	holdGrowth: 2,
	maxHoldMs: 120000,
	probePerSecond: 0.4,
	unknownGrowth: 0.5,
	farBelowShare: 0.8,
});

export class RateController {
	private current: number;
	/** A rate DingTalk throttled; undefined until it first does. */
	private ceiling: number | undefined;
	private lastDecreaseAt = Number.NEGATIVE_INFINITY;
	private lastUpdateAt: number;
	private holdMs: number;

	constructor(
		private readonly policy: RateControllerPolicy,
		now: number,
	) {
		this.current = policy.startRate;
		this.lastUpdateAt = now;
		this.holdMs = policy.holdMs;
	}

	get rate(): number {
		return this.current;
	}

	get rememberedCeiling(): number | undefined {
		return this.ceiling;
	}

	/** How long the rate stays below the ceiling after the last decrease before it probes above it. */
	get currentHoldMs(): number {
		return this.holdMs;
	}

	/** A cap (the user's Requests per Second, or what answers let through): the rate never grows past it, so a throttle decreases from it. */
	capAt(ceiling: number | undefined): void {
		if (ceiling !== undefined && this.current > ceiling) this.current = ceiling;
	}

	/**
	 * A throttled answer to a request sent at the current rate. `passedRate` (answers that got
	 * through per second, lately) bounds the new rate and the ceiling: that many did pass, more did not.
	 */
	throttled(now: number, passedRate: number): void {
		const policy = this.policy;
		const repeated = now - this.lastDecreaseAt < policy.repeatWindowMs;
		const failed = this.current;
		const decreased = failed * (repeated ? policy.repeatedDecrease : policy.decrease);
		const previous = this.ceiling;
		// Guards against a share that was small by chance in that second; the first throttle may be far above the limit.
		const passed = Math.max(passedRate, failed * (previous === undefined ? 0.2 : 0.5));
		this.current = Math.max(policy.minRate, Math.min(decreased, settleBelow(passed, policy)));
		const estimate = Math.min(failed, passed);
		const found = this.judge(estimate, failed, previous, repeated);
		this.ceiling = Math.max(this.current, found === 'same' && previous !== undefined ? Math.max(estimate, previous) : estimate);
		if (found === 'check') this.holdMs = policy.firstHoldMs;
		else if (found !== 'repeat') this.holdMs = Math.min(policy.maxHoldMs, Math.max(policy.holdMs, this.holdMs * policy.holdGrowth));
		this.lastDecreaseAt = now;
		this.lastUpdateAt = now;
	}

	/**
	 * What a throttled answer says of the ceiling. `check`: a reading to check soon (firstHoldMs).
	 * `repeat`: a throttle right after a decrease, the hold kept. `same`: a probe above the ceiling
	 * found it where it was. `lower`: throttled while settled below it, not probing: another process
	 * took more of the limit (or it fell a little), so the ceiling is what got through.
	 */
	private judge(estimate: number, failed: number, previous: number | undefined, repeated: boolean): 'check' | 'repeat' | 'same' | 'lower' {
		if (previous === undefined || estimate < previous * this.policy.farBelowShare) return 'check';
		if (repeated) return 'repeat';
		return failed > settleBelow(previous, this.policy) + 0.01 ? 'same' : 'lower';
	}

	/**
	 * Time passed with answers getting through. `busy`: callers were waiting on the rate, so it is
	 * worth raising (an idle key must not grow a rate it never uses).
	 */
	advance(now: number, busy: boolean): void {
		const policy = this.policy;
		const dt = Math.min(1, Math.max(0, (now - this.lastUpdateAt) / 1000));
		this.lastUpdateAt = now;
		if (!busy || dt === 0) return;
		const ceiling = this.ceiling;
		if (ceiling === undefined) {
			this.current *= (1 + policy.unknownGrowth) ** dt;
			return;
		}
		const settle = settleBelow(ceiling, policy);
		if (this.current < settle) {
			const closed = settle - (settle - this.current) * Math.exp((-dt * 1000) / policy.approachMs);
			this.current = Math.min(settle, Math.max(closed, this.current + 0.05 * dt));
			return;
		}
		const probingMs = now - this.lastDecreaseAt - this.holdMs;
		if (probingMs < 0) return;
		const growth = Math.min(policy.unknownGrowth * this.current, policy.probePerSecond * (1 + probingMs / 1000));
		this.current += growth * dt;
	}
}

/** Where the rate settles below a ceiling: processes sharing a limit, each a little under its share, leave a margin between them. */
function settleBelow(ceiling: number, policy: RateControllerPolicy): number {
	return Math.max(ceiling * 0.5, Math.min(ceiling * policy.settleShare, ceiling - policy.settleMargin));
}
