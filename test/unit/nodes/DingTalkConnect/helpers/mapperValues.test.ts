import { DateTime } from 'luxon';

import { validateInput } from '../../../../../nodes/DingTalkConnect/helpers/inputValidation';
import type { JsonSchema } from '../../../../../nodes/DingTalkConnect/helpers/jsonSchema';
import { mapperValuesToInput } from '../../../../../nodes/DingTalkConnect/helpers/mapperValues';
import { meetingSchema } from './fixtures';

describe('mapperValuesToInput', () => {
	it('turns typical resource-mapper values into a valid input', () => {
		const scalars = {
			title: '周会',
			durationHours: 1,
			seats: 8,
			online: true,
			priority: 'high',
			level: 2,
			startTime: '2024-05-01T09:30:00.000+08:00',
		};
		const { input, problems } = mapperValuesToInput(meetingSchema, {
			...scalars,
			day: null,
			tags: '["a","b"]',
			attendees: '[{"name":"张三"}]',
			room: { building: 'A' },
		});
		expect(problems).toEqual([]);
		expect(input).toEqual({ ...scalars, tags: ['a', 'b'], attendees: [{ name: '张三' }], room: { building: 'A' } });
		expect(validateInput(meetingSchema, input)).toEqual([]);
	});

	it('reports JSON that does not parse, naming the field, and leaves the field out', () => {
		const { input, problems } = mapperValuesToInput(meetingSchema, {
			title: 'x',
			tags: '["a",',
			room: '{building: A}',
		});
		expect(problems).toEqual([
			{ path: 'tags', message: 'is not valid JSON (expected a JSON array)' },
			{ path: 'room', message: 'is not valid JSON (expected a JSON object)' },
		]);
		expect(input).toEqual({ title: 'x' });
	});

	it('leaves parsed JSON of the wrong kind for validation to report', () => {
		const { input, problems } = mapperValuesToInput(meetingSchema, { tags: '{"a":1}' });
		expect(problems).toEqual([]);
		expect(input).toEqual({ tags: { a: 1 } });
		expect(validateInput(meetingSchema, input)).toContainEqual({ path: 'tags', message: 'must be a list (JSON array)' });
	});

	it('writes Luxon DateTimes and Dates as ISO strings, date-only fields as the day', () => {
		const start = DateTime.fromISO('2024-05-01T09:30:00', { zone: 'Asia/Shanghai' });
		const { input } = mapperValuesToInput(meetingSchema, { startTime: start, day: start });
		expect(input).toEqual({ startTime: '2024-05-01T09:30:00.000+08:00', day: '2024-05-01' });

		const fromDate = mapperValuesToInput(meetingSchema, {
			startTime: new Date(Date.UTC(2024, 4, 1, 1, 30)),
			day: '2024-05-01T00:00:00.000+08:00',
		});
		expect(fromDate.input).toEqual({ startTime: '2024-05-01T01:30:00.000Z', day: '2024-05-01' });
	});

	it('drops unset fields: null, undefined, empty and blank strings', () => {
		const { input, problems } = mapperValuesToInput(meetingSchema, {
			title: '',
			seats: null,
			online: undefined,
			tags: '  ',
			room: '',
			priority: 'low',
		});
		expect(problems).toEqual([]);
		expect(input).toEqual({ priority: 'low' });
		// A required field left empty is reported by validation, not sent as ''.
		expect(validateInput(meetingSchema, input)).toContainEqual({ path: 'title', message: 'is required' });
	});

	it('keeps false and 0, which are set values', () => {
		const { input } = mapperValuesToInput(meetingSchema, { online: false, seats: 0 });
		expect(input).toEqual({ online: false, seats: 0 });
	});

	it('converts numbers, booleans and option values that arrive as text', () => {
		const { input } = mapperValuesToInput(meetingSchema, {
			seats: '12',
			durationHours: 'many',
			online: 'false',
			level: '3',
			title: 42,
		});
		expect(input).toEqual({ seats: 12, durationHours: 'many', online: false, level: 3, title: '42' });
	});

	it('keeps only the schema properties unless additionalProperties allows more', () => {
		expect(mapperValuesToInput(meetingSchema, { title: 'x', stale: 1 }).input).toEqual({ title: 'x' });
		const open: JsonSchema = { ...meetingSchema, additionalProperties: true };
		expect(mapperValuesToInput(open, { title: 'x', extra: 1, blank: '' }).input).toEqual({ title: 'x', extra: 1 });
		expect(mapperValuesToInput(undefined, { anything: [1], blank: null }).input).toEqual({ anything: [1] });
	});

	it('reads JSON-or-text fields as JSON when the schema accepts it, else as text', () => {
		const schema: JsonSchema = {
			properties: {
				idOrName: { oneOf: [{ type: 'integer' }, { type: 'string', pattern: '^[a-z]+$' }] },
				code: { anyOf: [{ type: 'string' }, { type: 'object' }] },
				loose: {},
			},
		};
		expect(mapperValuesToInput(schema, { idOrName: '42', code: '123', loose: 'plain text' }).input).toEqual({
			idOrName: 42,
			code: '123',
			loose: 'plain text',
		});
		expect(mapperValuesToInput(schema, { code: '{"a":1}', loose: '[1,2]' }).input).toEqual({
			code: { a: 1 },
			loose: [1, 2],
		});
	});

	it('handles missing values and a property named __proto__ safely', () => {
		expect(mapperValuesToInput(meetingSchema, null)).toEqual({ input: {}, problems: [] });
		expect(mapperValuesToInput(meetingSchema, undefined)).toEqual({ input: {}, problems: [] });
		const schema: JsonSchema = { properties: { ['__proto__']: { type: 'object' } } };
		const values = JSON.parse('{"__proto__": "{\\"polluted\\": true}"}') as Record<string, unknown>;
		const { input } = mapperValuesToInput(schema, values);
		expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
		expect(Object.getOwnPropertyDescriptor(input, '__proto__')?.value).toEqual({ polluted: true });
	});
});
