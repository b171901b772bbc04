import { eventTypeOf } from '../../../../bench/events/push';

describe('events benchmark pushes', () => {
	it('mixes event types over a morning, attendance first, and keeps one type in the other phases', () => {
		const morning = Array.from({ length: 20 }, (_, i) => eventTypeOf('morning', i));
		const counts = morning.reduce<Record<string, number>>((all, type) => ({ ...all, [type]: (all[type] ?? 0) + 1 }), {});
		expect(Object.keys(counts).length).toBeGreaterThanOrEqual(5);
		expect(Math.max(...Object.values(counts))).toBe(counts.attendance_check_record);
		expect(new Set(Array.from({ length: 20 }, (_, i) => eventTypeOf('burst', i)))).toEqual(new Set(['user_add_org']));
		expect(eventTypeOf('paced', 7)).toBe('user_add_org');
	});
});
