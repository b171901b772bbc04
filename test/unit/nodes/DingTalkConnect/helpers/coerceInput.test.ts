import { coerceInput, offsetMinutes, withOffset } from '../../../../../nodes/DingTalkConnect/helpers/coerceInput';
import { resetProcessMemory } from '../../../../harness/processMemory';
import { validateInput } from '../../../../../nodes/DingTalkConnect/helpers/inputValidation';
import type { JsonSchema } from '../../../../../nodes/DingTalkConnect/helpers/jsonSchema';
import { meetingSchema } from './fixtures';

const todo: JsonSchema = {
	type: 'object',
	properties: {
		priority: { type: 'integer', enum: [10, 20, 30, 40] },
		done: { type: 'boolean' },
		count: { type: 'integer' },
		code: { type: 'string' },
		dueTime: { type: 'string', format: 'date-time' },
		list: { type: 'array', items: { type: 'object', properties: { n: { type: 'number' }, at: { $ref: '#/$defs/when' } } } },
	},
	$defs: { when: { type: 'string', format: 'date-time' } },
};

describe('coerceInput', () => {
	it('reads a model\'s natural answers as the schema means them', () => {
		const input = coerceInput(
			todo,
			{ priority: '30', done: 'false', count: ' 7 ', code: '007', dueTime: '2026-12-01T18:00', list: [{ n: '1.5', at: '2026-12-01 08:30:05' }] },
			'Asia/Shanghai',
		);
		expect(input).toEqual({
			priority: 30,
			done: false,
			count: 7,
			code: '007',
			dueTime: '2026-12-01T18:00:00+08:00',
			list: [{ n: 1.5, at: '2026-12-01T08:30:05+08:00' }],
		});
		expect(validateInput(todo, input)).toEqual([]);
	});

	it('leaves what does not fit for validation to report, and does not change its argument', () => {
		const given = { priority: '35', done: 'yes', count: 'seven', dueTime: '2026-12-01T18:00:00Z' };
		const input = coerceInput(todo, given, 'Asia/Shanghai');
		expect(input).toEqual({ ...given, priority: 35 });
		expect(given.priority).toBe('35');
		expect(validateInput(todo, input).map((problem) => problem.path)).toEqual(['priority', 'done', 'count']);
		expect(validateInput(todo, input)[0].message).toBe('must be one of: 10, 20, 30, 40');
	});

	it('keeps enum text that is itself a value, and matches numeric enums in nested objects', () => {
		expect(coerceInput(meetingSchema, { priority: 'high', level: '2', room: { building: 'A', floor: '3' } })).toEqual({
			priority: 'high',
			level: 2,
			room: { building: 'A', floor: 3 },
		});
	});

	it('is a no-op without a schema', () => {
		const given = { a: '1' };
		expect(coerceInput(undefined, given)).toBe(given);
	});
});

describe('withOffset', () => {
	it('adds the zone offset in force at that wall-clock time', () => {
		expect(withOffset('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T12:00:00+02:00');
		expect(withOffset('2026-01-01T12:00:00.250', 'Europe/Berlin')).toBe('2026-01-01T12:00:00.250+01:00');
		expect(withOffset('2026-01-01T12:00', 'America/St_Johns')).toBe('2026-01-01T12:00:00-03:30');
		expect(withOffset('2026-01-01T12:00', 'UTC')).toBe('2026-01-01T12:00:00+00:00');
	});

	it('leaves values with an offset, other text and unknown zones alone', () => {
		expect(withOffset('2026-01-01T12:00+08:00', 'UTC')).toBe('2026-01-01T12:00+08:00');
		expect(withOffset('tomorrow', 'UTC')).toBe('tomorrow');
		expect(withOffset('2026-01-01T12:00', 'Mars/Olympus')).toBe('2026-01-01T12:00');
		expect(withOffset('2026-01-01T12:00', undefined)).toBe('2026-01-01T12:00');
	});
});

describe('offsetMinutes', () => {
	afterEach(() => jest.restoreAllMocks());

	it('builds one formatter per time zone, however many events ask, and remembers an unknown zone', () => {
		resetProcessMemory();
		const built = jest.spyOn(Intl, 'DateTimeFormat');
		const summer = Date.UTC(2024, 6, 1, 12);
		const winter = Date.UTC(2024, 0, 1, 12);
		for (let i = 0; i < 50; i++) {
			expect(offsetMinutes('Asia/Shanghai', summer + i * 1000)).toBe(480);
			expect(offsetMinutes('America/New_York', i % 2 === 0 ? summer : winter)).toBe(i % 2 === 0 ? -240 : -300);
			expect(offsetMinutes('Mars/Olympus_Mons', summer)).toBeUndefined();
		}
		expect(built).toHaveBeenCalledTimes(3);
	});

	it('reads a zone once per second, however many events ask in it, and changes at the second a transition happens', () => {
		resetProcessMemory();
		const read = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
		const second = Date.UTC(2026, 11, 5, 9, 30, 0);
		for (let i = 0; i < 50; i++) expect(offsetMinutes('Asia/Shanghai', second + i * 20)).toBe(480);
		expect(read).toHaveBeenCalledTimes(1);
		expect(offsetMinutes('Asia/Shanghai', second + 1000)).toBe(480);
		expect(read).toHaveBeenCalledTimes(2);
		// New York springs forward at 2024-03-10T07:00:00Z.
		const spring = Date.UTC(2024, 2, 10, 7);
		expect(offsetMinutes('America/New_York', spring - 1)).toBe(-300);
		expect(offsetMinutes('America/New_York', spring - 1000)).toBe(-300);
		expect(offsetMinutes('America/New_York', spring)).toBe(-240);
		expect(offsetMinutes('America/New_York', spring + 999)).toBe(-240);
		expect(offsetMinutes('America/New_York', spring - 1)).toBe(-300);
	});
});
