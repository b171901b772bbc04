import { BoundedMap } from '../../processMemory/boundedMap';
import { registerStore, STORES, type ExpiringStoreName } from '../../processMemory/processMemory';
import { readAppScope, type AppTarget, type DingTalkContext } from '../transport';

export interface CacheRead {
	/** Load anew even when a fresh entry exists, and keep the result (the editor's look-ups). */
	fresh?: boolean;
}

/**
 * A small in-process cache whose loads are shared: callers asking for the same key while it loads wait
 * for the one load. Failed loads are not kept. Time is read on access (nodes may not use timers).
 */
export class TtlCache<V> {
	private readonly entries: BoundedMap<string, { value: Promise<V>; expiresAt: number }>;

	constructor(
		private readonly ttlMs: number,
		maxEntries = 500,
	) {
		this.entries = new BoundedMap({ maxSize: maxEntries });
	}

	async get(key: string, load: () => Promise<V>, read: CacheRead = {}): Promise<V> {
		const now = Date.now();
		const hit = this.entries.get(key);
		if (hit && hit.expiresAt > now && !read.fresh) return await hit.value;

		const value = load();
		this.entries.set(key, { value, expiresAt: now + this.ttlMs });
		value.catch(() => {
			if (this.entries.get(key)?.value === value) this.entries.delete(key);
		});
		return await value;
	}

	/** The entry of `key` for the app (and organisation) a call acts as now (its AppScope key). */
	async getForApp(context: DingTalkContext, key: string, load: () => Promise<V>, read: CacheRead = {}, target: AppTarget = {}): Promise<V> {
		return await (await this.readerForApp(context, target))(key, load, read);
	}

	/** getForApp for many keys of one app: the credential is read once, not once per key. */
	async readerForApp(context: DingTalkContext, target: AppTarget = {}): Promise<(key: string, load: () => Promise<V>, read?: CacheRead) => Promise<V>> {
		const scope = await readAppScope.call(context, target);
		return async (key, load, read = {}) => await this.get(`${scope.key}|${key}`, load, read);
	}

	clear(): void {
		this.entries.clear();
	}

	get size(): number {
		return this.entries.size;
	}
}

/** The TtlCache of a store in process memory, with that store's age and size. */
export function cacheStore<V>(name: ExpiringStoreName): TtlCache<V> {
	const { maxAgeMs, maxEntries } = STORES[name];
	return registerStore(name, new TtlCache<V>(maxAgeMs, maxEntries));
}
