import { readAppScope, type AppTarget, type DingTalkContext } from '../transport';

const allCaches = new Set<{ clear(): void }>();

/** Registers a process-wide cache so that `clearAllCaches` reaches it. */
export function registerCache<C extends { clear(): void }>(cache: C): C {
	allCaches.add(cache);
	return cache;
}

/** Forgets every cached list, schema and instance (tests start from a cold process with it). */
export function clearAllCaches(): void {
	for (const cache of allCaches) cache.clear();
}

export interface CacheRead {
	/** Load anew even when a fresh entry exists, and keep the result (the editor's look-ups). */
	fresh?: boolean;
}

/**
 * A small in-process cache whose loads are shared: callers asking for the same key while it loads wait
 * for the one load. Failed loads are not kept. Time is read on access (nodes may not use timers).
 */
export class TtlCache<V> {
	private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

	constructor(
		private readonly ttlMs: number,
		private readonly maxEntries = 500,
	) {
		registerCache(this);
	}

	async get(key: string, load: () => Promise<V>, read: CacheRead = {}): Promise<V> {
		const now = Date.now();
		const hit = this.entries.get(key);
		if (hit && hit.expiresAt > now && !read.fresh) return await hit.value;

		const value = load();
		this.entries.delete(key);
		this.entries.set(key, { value, expiresAt: now + this.ttlMs });
		this.evictOldest();
		value.catch(() => {
			if (this.entries.get(key)?.value === value) this.entries.delete(key);
		});
		return await value;
	}

	/** The entry of `key` for the app (and organisation) a call acts as now (its AppScope key). */
	async getForApp(context: DingTalkContext, key: string, load: () => Promise<V>, read: CacheRead = {}, target: AppTarget = {}): Promise<V> {
		const scope = await readAppScope.call(context, target);
		return await this.get(`${scope.key}|${key}`, load, read);
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
