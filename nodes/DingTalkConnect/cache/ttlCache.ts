/**
 * A small in-process cache whose loads are shared: callers asking for the same key while it loads wait
 * for the one load. Failed loads are not kept. Time is read on access (nodes may not use timers).
 */
export class TtlCache<V> {
	private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

	constructor(
		private readonly ttlMs: number,
		private readonly maxEntries = 500,
	) {}

	async get(key: string, load: () => Promise<V>): Promise<V> {
		const now = Date.now();
		const hit = this.entries.get(key);
		if (hit && hit.expiresAt > now) return await hit.value;

		const value = load();
		this.entries.set(key, { value, expiresAt: now + this.ttlMs });
		this.evictOldest();
		try {
			return await value;
		} catch (error) {
			if (this.entries.get(key)?.value === value) this.entries.delete(key);
			throw error;
		}
	}

	delete(key: string): void {
		this.entries.delete(key);
	}

	clear(): void {
		this.entries.clear();
	}

	private evictOldest(): void {
		while (this.entries.size > this.maxEntries) {
			const oldest = this.entries.keys().next().value;
			if (oldest === undefined) return;
			this.entries.delete(oldest);
		}
	}
}
