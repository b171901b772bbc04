import type { ResourceMapperField } from 'n8n-workflow';

import { parseSchema, type JsonSchema } from '../../../../../nodes/DingTalkConnect/helpers/jsonSchema';
import { schemaToFields } from '../../../../../nodes/DingTalkConnect/helpers/schemaToFields';
import { meetingSchema, meetingSchemaText } from './fixtures';

function byId(fields: ResourceMapperField[]): Record<string, ResourceMapperField> {
	return Object.fromEntries(fields.map((field) => [field.id, field]));
}

describe('schemaToFields on a rich schema', () => {
	const fields = schemaToFields(parseSchema(meetingSchemaText));
	const field = byId(fields);

	it('makes one field per top-level property, in schema order', () => {
		expect(fields.map((f) => f.id)).toEqual(Object.keys(meetingSchema.properties ?? {}));
	});

	it('sets the fixed resource-mapper flags on every field', () => {
		for (const f of fields) {
			expect(f).toMatchObject({ defaultMatch: false, canBeUsedToMatch: false, display: true });
		}
	});

	it('marks exactly the required properties as required', () => {
		expect(fields.filter((f) => f.required).map((f) => f.id)).toEqual(['title', 'startTime', 'attendees']);
	});

	it('uses the title alone as label, Chinese kept, else the property name', () => {
		expect(field.title.displayName).toBe('会议标题');
		expect(field.seats.displayName).toBe('Seats');
		expect(field.durationHours.displayName).toBe('durationHours');
	});

	it('maps scalar types', () => {
		const types = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, field[id].type]));
		expect(types(['title', 'durationHours', 'seats', 'online', 'startTime', 'day'])).toEqual({
			title: 'string',
			durationHours: 'number',
			seats: 'number',
			online: 'options',
			startTime: 'dateTime',
			day: 'dateTime',
		});
	});

	it('maps string and numeric enums to options, keeping number values', () => {
		expect(field.priority.type).toBe('options');
		expect(field.priority.options).toEqual([
			{ name: 'low', value: 'low' },
			{ name: 'normal', value: 'normal' },
			{ name: 'high', value: 'high' },
		]);
		expect(field.level.options).toEqual([
			{ name: '1', value: 1 },
			{ name: '2', value: 2 },
			{ name: '3', value: 3 },
		]);
	});

	it('maps required arrays and objects to JSON fields, and optional ones to text taking JSON, labelled by their title or name', () => {
		const shown = (id: string) => ({ type: field[id].type, required: field[id].required, displayName: field[id].displayName });
		// n8n's JSON editor marks an empty document as an error; an optional field starts empty.
		expect(['tags', 'attendees', 'room'].map(shown)).toEqual([
			{ type: 'string', required: false, displayName: 'tags' },
			{ type: 'array', required: true, displayName: 'Attendees' },
			{ type: 'string', required: false, displayName: 'room' },
		]);
	});

	it('offers a boolean as a choice of true and false, so that an unset one shows empty', () => {
		expect(field.online).toMatchObject({
			type: 'options',
			options: [
				{ name: 'True', value: true },
				{ name: 'False', value: false },
			],
		});
	});

	it('carries defaults that fit the field', () => {
		expect(field.seats.defaultValue).toBe(10);
		expect(field.online.defaultValue).toBe(true);
		expect(field.priority.defaultValue).toBe('normal');
		expect(field.title).not.toHaveProperty('defaultValue');
	});
});

describe('schemaToFields edge cases', () => {
	it.each([
		['no schema', undefined],
		['an empty schema', {}],
		['an object without properties', { type: 'object' }],
		['properties that are not an object', { type: 'object', properties: 'x' } as unknown as JsonSchema],
	])('returns no fields for %s', (_name, schema) => {
		expect(schemaToFields(schema)).toEqual([]);
	});

	it('never drops a property it cannot map cleanly: JSON-or-text string fields', () => {
		const fields = byId(
			schemaToFields({
				type: 'object',
				properties: {
					either: { oneOf: [{ type: 'string' }, { type: 'number' }] },
					any: { anyOf: [{ type: 'string' }, { type: 'object' }] },
					remote: { $ref: 'https://example.com/x.json' },
					untyped: { title: 'Untyped' },
					mixed: { type: ['string', 'number'] },
					strange: { type: 'file' },
					broken: 'not a schema' as unknown as JsonSchema,
				},
			}),
		);
		for (const id of ['either', 'any', 'remote', 'untyped', 'mixed', 'strange', 'broken']) {
			expect(fields[id]).toBeDefined();
			expect(fields[id].type).toBe('string');
			expect(fields[id].displayName).toBe(id === 'untyped' ? 'Untyped' : id);
		}
	});

	it('maps a nullable type list to its non-null type', () => {
		const fields = byId(
			schemaToFields({
				properties: {
					note: { type: ['string', 'null'] },
					count: { type: ['null', 'integer'] },
				},
			}),
		);
		expect(fields.note.type).toBe('string');
		expect(fields.count.type).toBe('number');
	});

	it('resolves local $ref properties, keeping the property title', () => {
		const fields = byId(
			schemaToFields({
				type: 'object',
				required: ['home'],
				definitions: { address: { type: 'object', title: 'Address', properties: { city: { type: 'string' } } } },
				properties: {
					home: { $ref: '#/definitions/address' },
					work: { $ref: '#/definitions/address', title: '工作地址' },
				},
			}),
		);
		expect(fields.home).toMatchObject({ type: 'object', displayName: 'Address' });
		expect(fields.work).toMatchObject({ type: 'string', displayName: '工作地址' });
	});

	it('infers object and array from properties or items when type is missing', () => {
		const fields = byId(
			schemaToFields({ required: ['o', 'l'], properties: { o: { properties: { a: { type: 'string' } } }, l: { items: { type: 'number' } } } }),
		);
		expect(fields.o.type).toBe('object');
		expect(fields.l.type).toBe('array');
	});

	it('uses enumNames as option labels, keeps boolean enums and a const, ignores null choices', () => {
		const fields = byId(
			schemaToFields({
				properties: {
					status: { type: 'string', enum: ['a', 'b', null], enumNames: ['同意', '拒绝'] },
					flag: { enum: [true, false] },
					fixed: { const: 'v1' },
				},
			}),
		);
		expect(fields.status.options).toEqual([
			{ name: '同意', value: 'a' },
			{ name: '拒绝', value: 'b' },
		]);
		expect(fields.flag.options).toEqual([
			{ name: 'true', value: true },
			{ name: 'false', value: false },
		]);
		expect(fields.fixed).toMatchObject({ type: 'options', options: [{ name: 'v1', value: 'v1' }] });
	});

	it('falls back to JSON text for enums of objects', () => {
		const [field] = schemaToFields({ properties: { shape: { enum: [{ a: 1 }, { a: 2 }] } } });
		expect(field.type).toBe('string');
	});

	it('leaves descriptions out of the label, however short', () => {
		const fields = byId(
			schemaToFields({
				properties: {
					text: { type: 'string', description: 'Short' },
					data: { type: 'object', title: 'Data', description: 'x'.repeat(200) },
				},
			}),
		);
		expect(fields.text.displayName).toBe('text');
		expect(fields.data.displayName).toBe('Data');
	});

	it('turns object defaults into JSON text and drops defaults of the wrong type', () => {
		const fields = byId(
			schemaToFields({
				properties: {
					o: { type: 'object', default: { a: 1 } },
					n: { type: 'number', default: 'seven' },
					e: { enum: ['x', 'y'], default: 'z' },
				},
			}),
		);
		expect(fields.o.defaultValue).toBe('{"a":1}');
		expect(fields.n).not.toHaveProperty('defaultValue');
		expect(fields.e).not.toHaveProperty('defaultValue');
	});
});
