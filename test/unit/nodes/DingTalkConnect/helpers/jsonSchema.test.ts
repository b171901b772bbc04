import {
	dereference,
	describedProperty,
	nonNullTypes,
	parseSchema,
	resolveRef,
	type JsonSchema,
} from '../../../../../nodes/DingTalkConnect/helpers/jsonSchema';
import { meetingSchema, meetingSchemaText } from './fixtures';

describe('parseSchema', () => {
	it('parses the JSON string GetActionDetail returns', () => {
		expect(parseSchema(meetingSchemaText)).toEqual(meetingSchema);
	});

	it('accepts a schema that is already an object', () => {
		const schema = { type: 'object', properties: { a: { type: 'string' } } };
		expect(parseSchema(schema)).toBe(schema);
	});

	it('unwraps a double-encoded schema string', () => {
		expect(parseSchema(JSON.stringify(meetingSchemaText))).toEqual(meetingSchema);
	});

	it.each([
		['an empty string', ''],
		['whitespace', '   '],
		['an empty object text', '{}'],
		['an empty object', {}],
		['null', null],
		['undefined', undefined],
		['the text null', 'null'],
		['not JSON', '{"type": "object", '],
		['plain words', 'no schema'],
		['a JSON array', '[1,2]'],
		['a JSON number', '42'],
		['a number', 42],
		['an array', [{ type: 'object' }]],
	])('returns undefined for %s', (_name, raw) => {
		expect(parseSchema(raw)).toBeUndefined();
	});

	it('keeps unknown keywords and Chinese text intact', () => {
		const parsed = parseSchema('{"title":"请假单 📝","x-widget":"textarea","type":"object"}');
		expect(parsed).toEqual({ title: '请假单 📝', 'x-widget': 'textarea', type: 'object' });
	});
});

describe('schema references and types', () => {
	const root: JsonSchema = {
		definitions: { person: { type: 'object', title: 'Person' }, 'a/b': { type: 'string' } },
		$defs: { loop: { $ref: '#/$defs/loop' } },
	};

	it('resolves local JSON pointers, including escaped tokens', () => {
		expect(resolveRef(root, '#/definitions/person')).toEqual({ type: 'object', title: 'Person' });
		expect(resolveRef(root, '#/definitions/a~1b')).toEqual({ type: 'string' });
		expect(resolveRef(root, '#')).toBe(root);
	});

	it('does not resolve remote or missing references', () => {
		expect(resolveRef(root, 'https://example.com/schema.json')).toBeUndefined();
		expect(resolveRef(root, '#/definitions/nobody')).toBeUndefined();
		expect(resolveRef(root, '#/definitions/person/title')).toBeUndefined();
	});

	it('stops at reference cycles', () => {
		expect(dereference(root, { $ref: '#/$defs/loop' })).toEqual({ $ref: '#/$defs/loop' });
	});

	it('drops null from type lists', () => {
		expect(nonNullTypes({ type: ['string', 'null'] })).toEqual(['string']);
		expect(nonNullTypes({ type: 'null' })).toEqual([]);
		expect(nonNullTypes({})).toEqual([]);
	});
});

describe('describedProperty', () => {
	const user: JsonSchema = { type: 'string', title: 'User', description: 'A user id', default: 'u0' };
	const root: JsonSchema = { definitions: { user } };

	it("follows the $ref, keeping the property's own title, description and default over the target's", () => {
		expect(describedProperty(root, { $ref: '#/definitions/user', title: '审批人', default: 'u1' })).toEqual({
			type: 'string',
			title: '审批人',
			description: 'A user id',
			default: 'u1',
		});
		expect(describedProperty(root, { $ref: '#/definitions/user' })).toEqual(user);
	});

	it('reads anything that is not a schema object as an empty schema', () => {
		for (const raw of [null, 'string', [1], 3]) expect(describedProperty(root, raw)).toEqual({});
	});
});
