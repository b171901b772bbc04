import { RecentIds } from '../../../../nodes/events/recentIds';

describe('RecentIds', () => {
	it('sees each (app, id) once within its age, and again after it', () => {
		let now = 0;
		const recent = new RecentIds({ maxSize: 10, maxAgeMs: 1000, now: () => now });
		expect(recent.firstSighting('app1', 'e1')).toBe(true);
		expect(recent.firstSighting('app1', 'e1')).toBe(false);
		expect(recent.firstSighting('app2', 'e1')).toBe(true);
		now = 999;
		expect(recent.firstSighting('app1', 'e1')).toBe(false);
		now = 2100;
		expect(recent.firstSighting('app1', 'e1')).toBe(true);
		expect(recent.size).toBe(1);
	});

	it('never holds more than its size, dropping the oldest', () => {
		const recent = new RecentIds({ maxSize: 3, maxAgeMs: 60_000, now: () => 0 });
		for (const id of ['a', 'b', 'c', 'd']) recent.firstSighting('app', id);
		expect(recent.size).toBe(3);
		expect(recent.firstSighting('app', 'a')).toBe(true);
		expect(recent.firstSighting('app', 'd')).toBe(false);
	});

	it('does not confuse identities that concatenate alike', () => {
		const recent = new RecentIds({ maxSize: 10, maxAgeMs: 60_000 });
		recent.firstSighting('a:b', 'c');
		expect(recent.firstSighting('a', 'b:c')).toBe(true);
	});

	it('forgets an id on request', () => {
		const recent = new RecentIds({ maxSize: 10, maxAgeMs: 60_000 });
		recent.firstSighting('app', 'x');
		recent.forget('app', 'x');
		expect(recent.firstSighting('app', 'x')).toBe(true);
	});
});
