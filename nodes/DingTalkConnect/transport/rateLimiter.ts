import { sleep } from 'n8n-workflow';

export interface RateLimiterClock {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
}

/**
 * Spaces requests sharing a key (credential identity + API path) at least 1/rps apart.
 * Each caller reserves its slot synchronously before waiting, so concurrent callers are
 * served in arrival order and never wake up together.
 */
export class RateLimiter {
	private readonly nextSlot = new Map<string, number>();

	/** Send times of the last second per key, oldest first. */
	private readonly recentSends = new Map<string, number[]>();

	constructor(private readonly clock: RateLimiterClock) {}

	/** Resolves when the caller may send; returns how long it waited (ms). */
	async acquire(key: string, requestsPerSecond: number | undefined): Promise<number> {
		if (requestsPerSecond === undefined || !(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
			return 0;
		}
		const interval = 1000 / requestsPerSecond;
		const now = this.clock.now();
		const slot = Math.max(now, this.nextSlot.get(key) ?? now);
		this.nextSlot.set(key, slot + interval);
		this.forgetIdleKeys(now);
		const waited = slot - now;
		if (waited > 0) await this.clock.sleep(waited);
		return waited + (await this.holdWindow(key, requestsPerSecond));
	}

	/**
	 * Timers fire late on a busy machine and wake several callers at once: never let more than
	 * `requestsPerSecond` requests out in any one-second window, whatever the timers did.
	 */
	private async holdWindow(key: string, requestsPerSecond: number): Promise<number> {
		const limit = Math.max(1, Math.floor(requestsPerSecond));
		let waited = 0;
		for (;;) {
			const now = this.clock.now();
			const sent = this.recentSends.get(key) ?? [];
			while (sent.length > 0 && sent[0] <= now - 1000) sent.shift();
			if (sent.length < limit) {
				sent.push(now);
				this.recentSends.set(key, sent);
				return waited;
			}
			const wait = sent[0] + 1000 - now;
			await this.clock.sleep(wait);
			waited += wait;
		}
	}

	/** Keys whose next slot is in the past hold no state worth keeping. */
	private forgetIdleKeys(now: number): void {
		if (this.nextSlot.size < 1000) return;
		for (const [key, slot] of this.nextSlot) {
			if (slot < now - 1000) {
				this.nextSlot.delete(key);
				this.recentSends.delete(key);
			}
		}
	}

	reset(): void {
		this.nextSlot.clear();
		this.recentSends.clear();
	}
}

/** Shared by every execution of the node in this process. */
export const rateLimiter = new RateLimiter({ now: () => Date.now(), sleep: async (ms) => await sleep(ms) });
