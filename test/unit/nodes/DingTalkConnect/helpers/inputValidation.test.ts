import {
	describeProblems,
	valueAtPath,
	isIsoDateTime,
	validateInput,
	type InputProblem,
} from '../../../../../nodes/DingTalkConnect/helpers/inputValidation';
import type { JsonSchema } from '../../../../../nodes/DingTalkConnect/helpers/jsonSchema';
import { meetingSchema } from './fixtures';

const validMeeting = {
	title: '周会 🗓',
	durationHours: 1.5,
	seats: 12,
	online: false,
	priority: 'high',
	level: 2,
	startTime: '2024-05-01T09:30:00+08:00',
	day: '2024-05-01',
	tags: ['a', 'b'],
	attendees: [{ name: '张三', userId: '0123' }, { name: 'Li' }],
	room: { building: 'A', floor: 3 },
};

function paths(problems: InputProblem[]): string[] {
	return problems.map((problem) => problem.path);
}

describe('validateInput', () => {
	it('accepts a valid input', () => {
		expect(validateInput(meetingSchema, validMeeting)).toEqual([]);
	});

	it('accepts anything without a schema', () => {
		expect(validateInput(undefined, { whatever: 1 })).toEqual([]);
	});

	it('reports every missing required property, at every depth', () => {
		const problems = validateInput(meetingSchema, {
			room: { floor: 1 },
			attendees: [{ name: 'a' }, { userId: '1' }],
		});
		expect(problems).toEqual([
			{ path: 'title', message: 'is required' },
			{ path: 'startTime', message: 'is required' },
			{ path: 'attendees[1].name', message: 'is required' },
			{ path: 'room.building', message: 'is required' },
		]);
	});

	it('requires the input itself to be an object', () => {
		expect(validateInput(meetingSchema, 'text')).toEqual([{ path: '', message: 'must be an object' }]);
		expect(validateInput(meetingSchema, [])).toEqual([{ path: '', message: 'must be an object' }]);
	});

	it.each([
		['title', 5, 'must be a string'],
		['seats', 1.5, 'must be an integer'],
		['seats', '12', 'must be an integer'],
		['durationHours', '2', 'must be a number'],
		['durationHours', Number.NaN, 'must be a number'],
		['online', 'yes', 'must be true or false'],
		['tags', 'a,b', 'must be a list (JSON array)'],
		['room', [], 'must be an object'],
		['room', null, 'must be an object'],
	])('checks the type of %s (%p)', (path, value, message) => {
		expect(validateInput(meetingSchema, { ...validMeeting, [path]: value })).toEqual([{ path, message }]);
	});

	it('accepts an integer where a number is asked, and null where the type list allows it', () => {
		const schema: JsonSchema = { properties: { n: { type: 'number' }, s: { type: ['string', 'null'] } } };
		expect(validateInput(schema, { n: 3, s: null })).toEqual([]);
		expect(validateInput(schema, { s: 1 })).toEqual([{ path: 's', message: 'must be a string or null' }]);
	});

	it('checks enums, string and numeric', () => {
		expect(validateInput(meetingSchema, { ...validMeeting, priority: 'urgent', level: '2' })).toEqual([
			{ path: 'priority', message: 'must be one of: low, normal, high' },
			{ path: 'level', message: 'must be an integer' },
		]);
		expect(validateInput(meetingSchema, { ...validMeeting, level: 4 })).toEqual([
			{ path: 'level', message: 'must be one of: 1, 2, 3' },
		]);
	});

	it('checks const, including objects', () => {
		const schema: JsonSchema = { properties: { v: { const: 'v1' }, o: { const: { a: [1] } } } };
		expect(validateInput(schema, { v: 'v1', o: { a: [1] } })).toEqual([]);
		expect(validateInput(schema, { v: 'v2', o: { a: [2] } })).toEqual([
			{ path: 'v', message: 'must be v1' },
			{ path: 'o', message: 'must be {"a":[1]}' },
		]);
	});

	it('checks date-time and date formats', () => {
		expect(validateInput(meetingSchema, { ...validMeeting, startTime: 'tomorrow', day: '2024-02-30' })).toEqual([
			{ path: 'startTime', message: 'must be an ISO 8601 date-time, e.g. 2024-05-01T09:30:00+08:00' },
			{ path: 'day', message: 'must be a date, e.g. 2024-05-01' },
		]);
	});

	it.each([
		['2024-05-01T09:30:00Z', true],
		['2024-05-01T09:30:00.123+08:00', true],
		['2024-05-01T09:30+0800', true],
		['2024-05-01 09:30:00', true],
		['2024-02-29T00:00:00Z', true],
		['2023-02-29T00:00:00Z', false],
		['2024-13-01T00:00:00Z', false],
		['2024-05-01T24:00:00Z', false],
		['2024-05-01', false],
		['1714527000000', false],
	])('isIsoDateTime(%s) is %p', (text, expected) => {
		expect(isIsoDateTime(text)).toBe(expected);
	});

	it('counts string length in characters, so emoji and Chinese count once', () => {
		expect(validateInput(meetingSchema, { ...validMeeting, title: '会' })).toEqual([
			{ path: 'title', message: 'must be at least 2 characters long' },
		]);
		expect(validateInput(meetingSchema, { ...validMeeting, title: '😀'.repeat(20) })).toEqual([]);
		expect(validateInput(meetingSchema, { ...validMeeting, title: '😀'.repeat(21) })).toEqual([
			{ path: 'title', message: 'must be at most 20 characters long' },
		]);
	});

	it('checks minimum and maximum, and the exclusive forms', () => {
		expect(validateInput(meetingSchema, { ...validMeeting, durationHours: 0.25 })).toEqual([
			{ path: 'durationHours', message: 'must be at least 0.5' },
		]);
		expect(validateInput(meetingSchema, { ...validMeeting, durationHours: 9 })).toEqual([
			{ path: 'durationHours', message: 'must be at most 8' },
		]);
		const schema: JsonSchema = { properties: { n: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 } } };
		expect(paths(validateInput(schema, { n: 0 }))).toEqual(['n']);
		expect(paths(validateInput(schema, { n: 1 }))).toEqual(['n']);
		expect(validateInput(schema, { n: 0.5 })).toEqual([]);
	});

	it('checks patterns and skips a pattern JavaScript cannot compile', () => {
		expect(
			validateInput(meetingSchema, { ...validMeeting, attendees: [{ name: 'a', userId: 'u1' }] }),
		).toEqual([{ path: 'attendees[0].userId', message: 'must match the pattern ^[0-9]+$' }]);
		const schema: JsonSchema = { properties: { s: { type: 'string', pattern: '(?<' } } };
		expect(validateInput(schema, { s: 'anything' })).toEqual([]);
	});

	it('checks array items, tuples and item counts', () => {
		expect(validateInput(meetingSchema, { ...validMeeting, tags: ['a', 2, 'c', true] })).toEqual([
			{ path: 'tags[1]', message: 'must be a string' },
			{ path: 'tags[3]', message: 'must be a string' },
		]);
		const tuple: JsonSchema = {
			properties: { pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }], minItems: 2, maxItems: 2 } },
		};
		expect(validateInput(tuple, { pair: ['a', 1] })).toEqual([]);
		expect(validateInput(tuple, { pair: [1, 'a', 3] })).toEqual([
			{ path: 'pair', message: 'must have at most 2 items' },
			{ path: 'pair[0]', message: 'must be a string' },
			{ path: 'pair[1]', message: 'must be a number' },
		]);
	});

	it('rejects extra properties only where additionalProperties is false, and checks them against a schema', () => {
		expect(validateInput(meetingSchema, { ...validMeeting, extra: 1 })).toEqual([]);
		expect(
			validateInput(meetingSchema, { ...validMeeting, attendees: [{ name: 'a', role: 'host' }] }),
		).toEqual([{ path: 'attendees[0].role', message: 'is not allowed' }]);
		const schema: JsonSchema = { type: 'object', additionalProperties: { type: 'number' } };
		expect(validateInput(schema, { a: 1, b: 'x' })).toEqual([{ path: 'b', message: 'must be a number' }]);
	});

	it('ignores unknown keywords', () => {
		const schema: JsonSchema = {
			type: 'object',
			properties: { a: { type: 'string', 'x-widget': 'textarea', format: 'email', contentEncoding: 'base64' } },
			'x-vendor': 1,
		};
		expect(validateInput(schema, { a: 'not an email' })).toEqual([]);
	});

	it('checks anyOf, oneOf, allOf and local $ref', () => {
		const schema: JsonSchema = {
			definitions: { id: { type: 'string', minLength: 3 } },
			properties: {
				any: { anyOf: [{ type: 'string' }, { type: 'number' }] },
				one: { oneOf: [{ type: 'number' }, { type: 'integer' }] },
				all: { allOf: [{ minimum: 1 }, { maximum: 5 }] },
				ref: { $ref: '#/definitions/id' },
				remote: { $ref: 'https://example.com/x.json' },
			},
		};
		expect(validateInput(schema, { any: 'a', one: 1.5, all: 3, ref: 'abc', remote: 1 })).toEqual([]);
		expect(validateInput(schema, { any: true, one: 2, all: 9, ref: 'ab' })).toEqual([
			{ path: 'any', message: 'does not match any of the allowed forms' },
			{ path: 'one', message: 'matches more than one of the allowed forms' },
			{ path: 'all', message: 'must be at most 5' },
			{ path: 'ref', message: 'must be at least 3 characters long' },
		]);
	});

	it('terminates on recursive schemas', () => {
		const schema: JsonSchema = {
			$defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } },
			$ref: '#/$defs/node',
		};
		let value: Record<string, unknown> = { child: 'leaf' };
		for (let depth = 0; depth < 100; depth++) value = { child: value };
		expect(Array.isArray(validateInput(schema, value))).toBe(true);
		expect(validateInput(schema, { child: { child: 'x' } })).toEqual([
			{ path: 'child.child', message: 'must be an object' },
		]);
	});

	it('quotes property names that would make the path ambiguous', () => {
		const schema: JsonSchema = { properties: { 'a.b': { type: 'string' }, 姓名: { type: 'string' } }, required: ['a.b'] };
		expect(validateInput(schema, { 姓名: 1 })).toEqual([
			{ path: '["a.b"]', message: 'is required' },
			{ path: '姓名', message: 'must be a string' },
		]);
	});
});

describe('describeProblems', () => {
	it('writes one sentence naming each field', () => {
		expect(
			describeProblems([
				{ path: 'title', message: 'is required' },
				{ path: 'priority', message: 'must be one of: low, normal, high' },
			]),
		).toBe('Field "title" is required; field "priority" must be one of: low, normal, high');
	});

	it('speaks of the input when the path is empty', () => {
		expect(describeProblems([{ path: '', message: 'must be an object' }])).toBe('Input must be an object');
	});

	it('keeps long lists readable', () => {
		const problems = Array.from({ length: 13 }, (_, index) => ({ path: `f${index}`, message: 'is required' }));
		const sentence = describeProblems(problems);
		expect(sentence.split('; ')).toHaveLength(11);
		expect(sentence.endsWith('and 3 more problems')).toBe(true);
	});

	it('is empty for no problems', () => {
		expect(describeProblems([])).toBe('');
	});

	it('repeats the value sent beside each problem when asked, and nothing for a missing one', () => {
		const input = { priority: 35, attendees: [{ name: 'x' }, { name: 7 }], 'odd key': 'a' };
		const problems = [
			{ path: 'title', message: 'is required' },
			{ path: 'priority', message: 'must be one of: 10, 20' },
			{ path: 'attendees[1].name', message: 'must be a string' },
			{ path: '["odd key"]', message: 'must be at least 3 characters long' },
		];
		expect(describeProblems(problems, { input })).toBe(
			'Field "title" is required; field "priority" must be one of: 10, 20 (sent: 35); field "attendees[1].name" must be a string (sent: 7); field "["odd key"]" must be at least 3 characters long (sent: "a")',
		);
		expect(describeProblems([{ path: 'note', message: 'is too long' }], { input: { note: 'x'.repeat(500) } })).toHaveLength(233);
	});
});

describe('valueAtPath', () => {
	it('reads the value a problem path names, undefined where there is none', () => {
		const input = { a: { b: [1, { c: 'd' }] }, 'x y': null };
		expect(valueAtPath(input, 'a.b[1].c')).toBe('d');
		expect(valueAtPath(input, '["x y"]')).toBeNull();
		expect(valueAtPath(input, '')).toBe(input);
		expect(valueAtPath(input, 'a.missing')).toBeUndefined();
		expect(valueAtPath(input, 'a.b[5]')).toBeUndefined();
	});
});
