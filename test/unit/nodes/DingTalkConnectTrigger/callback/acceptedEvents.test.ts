import { AcceptedEvents, sightingsOfBoth } from '../../../../../nodes/DingTalkConnectTrigger/callback/acceptedEvents';
import { RecentIds } from '../../../../../nodes/events/recentIds';

const APP = '["wf-1","node-1","webhook","dingapp"]';
const HOUR = 3_600_000;

function process(nowMs: () => number, maxEntries = 100): AcceptedEvents {
	return new AcceptedEvents({ maxEntries, maxAgeMs: HOUR, now: nowMs });
}

describe('AcceptedEvents: accepted events shared through static data', () => {
	let now = 1_780_000_000_000;
	const clock = () => now;

	it('takes an event once and stores 16 characters per event, no event id in the clear', () => {
		const list = process(clock);
		expect(list.firstSighting(APP, 'evt-secret-1')).toBe(true);
		expect(list.firstSighting(APP, 'evt-secret-1')).toBe(false);
		expect(list.firstSighting(APP, 'evt-2')).toBe(true);
		expect(list.stored).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(list.stored).not.toContain('evt');
	});

	it('recognises an event another process or an earlier run of this one took', () => {
		const one = process(clock);
		one.firstSighting(APP, 'evt-1');
		const other = process(clock);
		other.read(one.stored);
		expect(other.firstSighting(APP, 'evt-1')).toBe(false);
		expect(other.firstSighting(APP, 'evt-2')).toBe(true);
		// The same event for another app or node is another event.
		expect(other.firstSighting('["wf-1","node-2","webhook","dingapp"]', 'evt-1')).toBe(true);
	});

	it("brings back an entry another process's write dropped, with its next write", () => {
		const a = process(clock);
		const b = process(clock);
		let database = '';
		// Both read before either writes; n8n saves each whole, so B's write drops A's event.
		a.read(database);
		b.read(database);
		a.firstSighting(APP, 'evt-a');
		database = a.stored;
		b.firstSighting(APP, 'evt-b');
		database = b.stored;
		const late = process(clock);
		late.read(database);
		expect(late.firstSighting(APP, 'evt-a')).toBe(true);
		// A's next callback writes its whole copy: both events are back for every reader.
		a.read(database);
		a.firstSighting(APP, 'evt-c');
		database = a.stored;
		const reader = process(clock);
		reader.read(database);
		expect(['evt-a', 'evt-b', 'evt-c'].map((id) => reader.firstSighting(APP, id))).toEqual([false, false, false]);
		// B has now seen A's events, so no later write of B drops them.
		b.read(database);
		b.firstSighting(APP, 'evt-d');
		const afterB = process(clock);
		afterB.read(b.stored);
		expect(['evt-a', 'evt-b', 'evt-c', 'evt-d'].map((id) => afterB.firstSighting(APP, id))).toEqual([false, false, false, false]);
	});

	it('keeps the newest entries up to the count and for the age', () => {
		const list = process(clock, 3);
		for (const id of ['e1', 'e2', 'e3', 'e4']) list.firstSighting(APP, id);
		expect(list.size).toBe(3);
		expect(list.stored).toHaveLength(48);
		const reader = process(clock);
		reader.read(list.stored);
		expect(reader.firstSighting(APP, 'e1')).toBe(true);
		expect(reader.firstSighting(APP, 'e4')).toBe(false);
		now += HOUR;
		const later = process(clock);
		later.read(list.stored);
		expect(later.size).toBe(0);
		expect(list.firstSighting(APP, 'e4')).toBe(true);
		expect(list.size).toBe(1);
	});

	it('ignores static data that is not a list it wrote', () => {
		const good = process(clock);
		good.firstSighting(APP, 'evt-1');
		const farFuture = process(() => now + 10 * HOUR);
		farFuture.firstSighting(APP, 'evt-2');
		for (const stored of [undefined, 42, { evt: 1 }, 'not base64!!!!!!', good.stored.slice(0, 15), `${'!'.repeat(8)}${good.stored.slice(8)}`, farFuture.stored]) {
			const list = process(clock);
			expect(() => list.read(stored)).not.toThrow();
			expect(list.size).toBe(0);
		}
		const list = process(clock);
		list.read(`${good.stored}garbage`);
		expect(list.size).toBe(1);
		expect(list.firstSighting(APP, 'evt-1')).toBe(false);
	});

	it('forgets an event so that its repeat runs', () => {
		const list = process(clock);
		list.firstSighting(APP, 'evt-1');
		list.firstSighting(APP, 'evt-2');
		list.forget(APP, 'evt-1');
		const reader = process(clock);
		reader.read(list.stored);
		expect(reader.firstSighting(APP, 'evt-1')).toBe(true);
		expect(reader.firstSighting(APP, 'evt-2')).toBe(false);
	});

	it('counts a sighting as first only when both memories say so, and records it in both', () => {
		const local = new RecentIds({ maxSize: 10, maxAgeMs: HOUR });
		const shared = process(clock);
		local.firstSighting(APP, 'known-here');
		const both = sightingsOfBoth(local, shared);
		expect(both.firstSighting(APP, 'known-here')).toBe(false);
		expect(shared.firstSighting(APP, 'known-here')).toBe(false);
		expect(both.firstSighting(APP, 'new')).toBe(true);
		expect(local.firstSighting(APP, 'new')).toBe(false);
		both.forget(APP, 'new');
		expect([local.firstSighting(APP, 'new'), shared.firstSighting(APP, 'new')]).toEqual([true, true]);
	});
});
