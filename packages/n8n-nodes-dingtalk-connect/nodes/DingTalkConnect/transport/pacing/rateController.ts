/**
 * The rate one process allows itself for one (app, base URL, API), learnt from DingTalk's answers:
 * multiplicative decrease on a throttled answer, a remembered ceiling (the rate that was throttled)
 * approached quickly and held below, then a gentle additive probe above it. Pure: time is passed in.
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
	/** Share of the remembered ceiling the rate settles at. */
	settleShare: number;
	/** How fast the rate closes on its settling point (time constant). */
	approachMs: number;
	/** How long to stay settled below the ceiling before probing above it; doubled (up to maxHoldMs) each time a probe finds the same ceiling. */
	holdMs: number;
	maxHoldMs: number;
	/** Additive probe above the ceiling, requests/s gained per second. */
	probePerSecond: number;
	/** Growth per second while no ceiling is known (slow start), e.g. 0.5 = +50 %/s. */
	unknownGrowth: number;
	/** Probing this far above the ceiling without a throttle means the limit went up: forget it. */
	forgetAboveShare: number;
}

export const DEFAULT_RATE_POLICY: Readonly<RateControllerPolicy> = Object.freeze({
	startRate: 20,
	minRate: 0.5,
	decrease: 0.85,
	repeatedDecrease: 0.7,
	repeatWindowMs: 3000,
	settleShare: 0.98,
	approachMs: 700,
	holdMs: 15000,
	maxHoldMs: 120000,
	probePerSecond: 0.2,
	unknownGrowth: 0.5,
	forgetAboveShare: 1.25,
});

export class RateController {
	private current: number;
	/** A rate DingTalk throttled; undefined until it first does (or after the limit seems to have gone up). */
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

	/** The user's Requests per Second: the rate never grows past it, so a throttle decreases from it. */
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
		this.current = Math.max(policy.minRate, Math.min(decreased, passed * policy.settleShare));
		const estimate = Math.min(failed, passed);
		// A probe that found the ceiling where it was (give or take a request counted in the next second): keep it, probe less often.
		const same = !repeated && previous !== undefined && estimate >= previous * 0.9;
		this.ceiling = Math.max(this.current, same ? Math.max(estimate, previous) : estimate);
		this.holdMs = same ? Math.min(policy.maxHoldMs, this.holdMs * 2) : repeated ? this.holdMs : policy.holdMs;
		this.lastDecreaseAt = now;
		this.lastUpdateAt = now;
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
		const settle = ceiling * policy.settleShare;
		if (this.current < settle) {
			const closed = settle - (settle - this.current) * Math.exp((-dt * 1000) / policy.approachMs);
			this.current = Math.min(settle, Math.max(closed, this.current + 0.05 * dt));
			return;
		}
		if (now - this.lastDecreaseAt < this.holdMs) return;
		this.current += policy.probePerSecond * dt;
		if (this.current > ceiling * policy.forgetAboveShare) this.ceiling = undefined;
	}
}
