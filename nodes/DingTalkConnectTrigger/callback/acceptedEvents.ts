import { createHash } from 'crypto';

import type { RecentSightings } from '../../events/recentIds';

/**
 * One entry of the shared list: 8 base64url characters of the event's hash (48 bits), then 8 of the time
 * it was accepted (milliseconds, 48 bits). Fixed-width text keeps the list one short JSON string, which n8n
 * reads and writes with the workflow on every callback, and holds no event id in the clear.
 */
const HASH_CHARS = 8;
const ENTRY_CHARS = 16;
const TIME_BYTES = 6;

function hashOf(identity: string, eventId: string): string {
	return createHash('sha256').update(identity).update('\n').update(eventId).digest().subarray(0, 6).toString('base64url');
}

function encodeTime(ms: number): string {
	const bytes = Buffer.alloc(TIME_BYTES);
	bytes.writeUIntBE(Math.max(0, Math.floor(ms)), 0, TIME_BYTES);
	return bytes.toString('base64url');
}

function decodeTime(text: string): number | undefined {
	const bytes = Buffer.from(text, 'base64url');
	return bytes.length === TIME_BYTES && bytes.toString('base64url') === text ? bytes.readUIntBE(0, TIME_BYTES) : undefined;
}

export interface AcceptedEventsLimits {
	maxEntries: number;
	maxAgeMs: number;
	now?: () => number;
}

/**
 * This process's copy of one listening node's list of accepted events, which the workflow's static data
 * carries to every webhook process and across restarts.
 *
 * n8n saves static data whole and without a lock, so two processes answering at once overwrite each
 * other's newest entries. The copy only ever grows by what it reads (until entries age out or the count
 * is reached), and every write is the whole copy: an entry another process's write dropped comes back
 * with the next write of any process that has seen it.
 */
export class AcceptedEvents implements RecentSightings {
	private readonly acceptedAt = new Map<string, number>();
	/** The entries in the map's order, as the static data holds them. */
	private packed = '';
	private lastRead = '';

	constructor(private readonly limits: AcceptedEventsLimits) {}

	private now(): number {
		return (this.limits.now ?? Date.now)();
	}

	/** What to store in the static data: every entry this process knows of. */
	get stored(): string {
		return this.packed;
	}

	get size(): number {
		return this.acceptedAt.size;
	}

	/** Takes in what the static data holds now; anything that is not a well-formed list is ignored. */
	read(stored: unknown): void {
		if (typeof stored !== 'string' || stored === this.lastRead || stored === this.packed) return;
		this.lastRead = stored;
		const now = this.now();
		for (let at = 0; at + ENTRY_CHARS <= stored.length; at += ENTRY_CHARS) {
			const hash = stored.slice(at, at + HASH_CHARS);
			if (this.acceptedAt.has(hash) || Buffer.from(hash, 'base64url').toString('base64url') !== hash) continue;
			const time = decodeTime(stored.slice(at + HASH_CHARS, at + ENTRY_CHARS));
			// A time ahead of this clock by more than the window is no time a process of this n8n wrote.
			if (time === undefined || Math.abs(now - time) >= this.limits.maxAgeMs) continue;
			this.add(hash, time);
		}
		this.prune(now);
	}

	firstSighting(identity: string, eventId: string): boolean {
		const hash = hashOf(identity, eventId);
		const now = this.now();
		this.prune(now);
		if (this.acceptedAt.has(hash)) return false;
		this.add(hash, now);
		this.prune(now);
		return true;
	}

	forget(identity: string, eventId: string): void {
		if (!this.acceptedAt.delete(hashOf(identity, eventId))) return;
		this.packed = [...this.acceptedAt].map(([hash, time]) => hash + encodeTime(time)).join('');
	}

	clear(): void {
		this.acceptedAt.clear();
		this.packed = '';
		this.lastRead = '';
	}

	private add(hash: string, time: number): void {
		this.acceptedAt.set(hash, time);
		this.packed += hash + encodeTime(time);
	}

	/** Drops from the front (the first taken in) the entries past the count and those aged out. */
	private prune(now: number): void {
		let dropped = 0;
		for (const [hash, time] of this.acceptedAt) {
			if (this.acceptedAt.size <= this.limits.maxEntries && now - time < this.limits.maxAgeMs) break;
			this.acceptedAt.delete(hash);
			dropped++;
		}
		if (dropped > 0) this.packed = this.packed.slice(dropped * ENTRY_CHARS);
	}
}

/** A sighting is first only when it is first in both: each records it either way. */
export function sightingsOfBoth(one: RecentSightings, other: RecentSightings): RecentSightings {
	return {
		firstSighting(identity, eventId) {
			const firstInOne = one.firstSighting(identity, eventId);
			const firstInOther = other.firstSighting(identity, eventId);
			return firstInOne && firstInOther;
		},
		forget(identity, eventId) {
			one.forget(identity, eventId);
			other.forget(identity, eventId);
		},
	};
}
