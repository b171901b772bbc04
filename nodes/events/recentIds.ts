import { BoundedMap } from '../processMemory/boundedMap';

/** What a trigger asks of its memory of accepted events. */
export interface RecentSightings {
	/** True the first time an id is seen (and records it), false for a repeat. */
	firstSighting(appIdentity: string, eventId: string): boolean;
	/** Forgets an id, e.g. when the event could not be handed to the workflow and will come again. */
	forget(appIdentity: string, eventId: string): void;
}

/**
 * A bounded set of recently seen event ids.
 * Keys join the app identity and the event id, so two apps never shadow each other's events.
 * Entries expire by age (time read on each access) and the oldest go first past `maxSize`.
 */
export class RecentIds implements RecentSightings {
	private readonly seenAt: BoundedMap<string, number>;

	constructor(private readonly options: { maxSize: number; maxAgeMs: number; now?: () => number }) {
		this.seenAt = new BoundedMap({ maxSize: options.maxSize });
	}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	private static key(appIdentity: string, eventId: string): string {
		return JSON.stringify([appIdentity, eventId]);
	}

	private prune(now: number): void {
		for (const [key, at] of this.seenAt) {
			if (now - at < this.options.maxAgeMs) break;
			this.seenAt.delete(key);
		}
	}

	/** True the first time an id is seen (and records it), false for a repeat within the window. */
	firstSighting(appIdentity: string, eventId: string): boolean {
		const now = this.now();
		this.prune(now);
		const key = RecentIds.key(appIdentity, eventId);
		const at = this.seenAt.get(key);
		if (at !== undefined && now - at < this.options.maxAgeMs) return false;
		this.seenAt.set(key, now);
		return true;
	}

	/** Forgets an id, e.g. when the event could not be handed to the workflow and will come again. */
	forget(appIdentity: string, eventId: string): void {
		this.seenAt.delete(RecentIds.key(appIdentity, eventId));
	}

	clear(): void {
		this.seenAt.clear();
	}

	get size(): number {
		return this.seenAt.size;
	}
}
