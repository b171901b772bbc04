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
		const wait = slot - now;
		if (wait > 0) await this.clock.sleep(wait);
		return wait;
	}

	/** Keys whose next slot is in the past hold no state worth keeping. */
	private forgetIdleKeys(now: number): void {
		if (this.nextSlot.size < 1000) return;
		for (const [key, slot] of this.nextSlot) {
			if (slot < now) this.nextSlot.delete(key);
		}
	}

	reset(): void {
		this.nextSlot.clear();
	}
}

/** Shared by every execution of the node in this process. */
export const rateLimiter = new RateLimiter({ now: () => Date.now(), sleep: async (ms) => await sleep(ms) });
