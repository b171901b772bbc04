/**
 * Where one key's requests go within each calendar second: the rate gives the second a whole number
 * of sends (the fraction carries over while callers keep waiting), spread evenly from the second's
 * start (or from the first request after a pause) to just before its end. A process with more sends in a second
 * sends its last one later in it, so when processes sharing a limit together go over it, the last
 * requests of the second, the ones refused, are mostly those of the process taking the most: it
 * decreases and the shares even out. Pure: time is passed in.
 */
const SECOND_MS = 1000;
/** The sends of a second end this long before it does: a timer woken late, or a request slow on the wire, still counts in its own second. */
const GUARD_MS = 50;

export class SecondBudget {
	private second = Number.NEGATIVE_INFINITY;
	/** Where this second's sends start: the second's start, or the first request after a pause. */
	private anchor = 0;
	private sent = 0;
	/** The part of a send the seconds before this one were allowed but could not use. */
	private carry = 0;
	/** Sends this second's share of the rate allows (last computed), fraction included. */
	private allowance = 0;
	/** After a pause, the first request goes at once, however low the rate. */
	private fresh = true;

	/** The earliest time the next request may go at `rate` requests/s: `now`, or later. */
	slotAt(now: number, rate: number): number {
		this.roll(now);
		const end = (this.second + 1) * SECOND_MS;
		this.allowance = (Math.max(0, rate) * (end - this.anchor)) / SECOND_MS + this.carry;
		const budget = Math.max(this.fresh ? 1 : 0, Math.floor(this.allowance + 1e-9));
		if (this.sent >= budget) return end;
		const spread = Math.max(0, end - GUARD_MS - this.anchor);
		return Math.max(now, this.anchor + (this.sent * spread) / budget);
	}

	/** A request went at `now` (after slotAt allowed it). */
	took(now: number): void {
		this.roll(now);
		this.sent++;
	}

	/** Requests sent so far in the calendar second `now` is in. */
	sentIn(now: number): number {
		return Math.floor(now / SECOND_MS) === this.second ? this.sent : 0;
	}

	/** The start of the calendar second after the one `now` is in. */
	static nextSecond(now: number): number {
		return (Math.floor(now / SECOND_MS) + 1) * SECOND_MS;
	}

	private roll(now: number): void {
		const second = Math.floor(now / SECOND_MS);
		if (second === this.second) return;
		// Callers used all the last second allowed (maybe none, at a rate below one a second) and kept waiting: this second goes on from its start.
		const continued = second === this.second + 1 && this.sent >= Math.floor(this.allowance + 1e-9);
		this.carry = continued ? Math.min(1, Math.max(0, this.allowance - this.sent)) : 0;
		this.anchor = continued ? second * SECOND_MS : now;
		this.fresh = !continued;
		this.second = second;
		this.sent = 0;
	}
}
