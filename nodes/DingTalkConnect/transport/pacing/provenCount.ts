/**
 * What one key may send in a second before DingTalk has throttled it once, from what its answers have
 * proven: requests beyond the most that got through in one second go only a few ahead of their answers
 * (the second that first meets the limit is refused about those few, not every request sent at a
 * risen rate in the latency before the first throttled answer), and processes starting together send
 * a few each, not the standard edition's 20 each, before any of them has an answer. The count also
 * ramps up with time from the first request of a burst (a new key's first, or the first after no
 * caller waited for a while), so a slow connector, whose answers are seconds away, is not held to a
 * few requests a second. Pure: time is passed in.
 */
export interface ProvenPolicy {
	startRate: number;
	/** Requests beyond the proven count this many at a time, or this share of the count if more. */
	unprovenInFlight: number;
	unprovenShare: number;
	/** Over this long from the first request of a burst, the unproven count grows from none to startRate. */
	provenRampMs: number;
}

const SECOND_MS = 1000;
/** No caller waiting for this long ends a burst: the next request (a warm worker's next run) starts the ramp again. */
const PAUSE_MS = 500;

export class ProvenCount {
	/** Answers that got through, by the calendar second their request was sent in (the last few). */
	private readonly bySecond = new Map<number, number>();
	/** The most requests of one second that got through. */
	private most = 0;
	private rampFrom = Number.NEGATIVE_INFINITY;
	/** Since when no caller has waited (always, for a new key), or undefined while callers wait. */
	private idleSince: number | undefined = Number.NEGATIVE_INFINITY;

	/** No caller is waiting any more. */
	idle(now: number): void {
		this.idleSince ??= now;
	}

	/** A request went at `now`. */
	sent(now: number): void {
		if (this.pausedLongEnough(now)) this.rampFrom = now;
		this.idleSince = undefined;
	}

	/** An answer that got through, to a request sent at `sentAt`: its second's count may be the most so far. */
	passed(sentAt: number): void {
		const second = Math.floor(sentAt / SECOND_MS);
		const count = (this.bySecond.get(second) ?? 0) + 1;
		this.bySecond.set(second, count);
		this.most = Math.max(this.most, count);
		for (const key of this.bySecond.keys()) if (key < second - 3) this.bySecond.delete(key);
	}

	/** How many requests the second `now` is in may have sent before the next waits for an answer. */
	allowed(now: number, policy: ProvenPolicy): number {
		// A burst's first request starts the ramp again.
		const from = this.pausedLongEnough(now) ? now : this.rampFrom;
		const ramp = policy.startRate * Math.min(1, (now - from) / policy.provenRampMs);
		const proven = Math.max(this.most, ramp);
		return proven + Math.max(policy.unprovenInFlight, proven * policy.unprovenShare);
	}

	private pausedLongEnough(now: number): boolean {
		return this.idleSince !== undefined && now - this.idleSince > PAUSE_MS;
	}
}
