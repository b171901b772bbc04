export interface BoundedMapOptions {
	/** Entries kept at most; setting one more evicts the oldest. */
	maxSize: number;
	/** Setting a key that is present makes it the newest, so it is evicted last (default true). */
	refreshOnSet?: boolean;
}

/**
 * A Map that keeps at most `maxSize` entries and evicts the oldest (insertion order) past it, so a
 * store kept across executions cannot grow with every credential, app or event it ever saw.
 */
export class BoundedMap<K, V> extends Map<K, V> {
	readonly maxSize: number;

	private readonly refreshOnSet: boolean;

	constructor(options: BoundedMapOptions) {
		super();
		if (!Number.isInteger(options.maxSize) || options.maxSize < 1) throw new RangeError(`maxSize must be a positive integer (got ${options.maxSize})`);
		this.maxSize = options.maxSize;
		this.refreshOnSet = options.refreshOnSet ?? true;
	}

	set(key: K, value: V): this {
		if (this.refreshOnSet) super.delete(key);
		super.set(key, value);
		while (this.size > this.maxSize) {
			const oldest = this.keys().next();
			if (oldest.done === true) break;
			super.delete(oldest.value);
		}
		return this;
	}
}
