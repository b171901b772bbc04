import { toInputSchema, toOutputSchema } from '../../../../../nodes/DingTalkConnectMcpServer/helpers/toolSchema';

describe('toInputSchema', () => {
	it('keeps every keyword of meaning, writes references out and drops the rest', () => {
		const schema = toInputSchema({
			$schema: 'http://json-schema.org/draft-07/schema#',
			$id: 'urn:x',
			title: 'Book',
			type: 'object',
			required: ['durationMinutes', 'start'],
			'x-vendor': true,
			properties: {
				durationMinutes: { type: 'integer', enum: [15, 30, 60], default: 30, description: 'Length' },
				start: { $ref: '#/definitions/when', description: 'Start time' },
				attendees: { type: 'array', minItems: 1, items: { $ref: '#/definitions/person' } },
				room: { type: 'object', additionalProperties: false, properties: { code: { type: 'string', pattern: '^R\\d+$' } } },
				budget: { type: 'number', minimum: 0, exclusiveMinimum: true },
			},
			definitions: {
				when: { type: 'string', format: 'date-time' },
				person: { type: 'object', required: ['id'], properties: { id: { type: 'string', title: 'User ID' } } },
			},
		});
		expect(schema).toEqual({
			type: 'object',
			title: 'Book',
			description: 'Book',
			required: ['durationMinutes', 'start'],
			properties: {
				durationMinutes: { type: 'integer', enum: [15, 30, 60], default: 30, description: 'Length' },
				start: { type: 'string', format: 'date-time', description: 'Start time' },
				attendees: {
					type: 'array',
					minItems: 1,
					items: { type: 'object', required: ['id'], properties: { id: { type: 'string', title: 'User ID', description: 'User ID' } } },
				},
				room: { type: 'object', additionalProperties: false, properties: { code: { type: 'string', pattern: '^R\\d+$' } } },
				budget: { type: 'number', exclusiveMinimum: 0 },
			},
		});
	});

	it('ends a recursive reference as any value and reads $defs', () => {
		const schema = toInputSchema({
			type: 'object',
			properties: { node: { $ref: '#/$defs/node' } },
			$defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node', description: 'Child' } } } },
		});
		expect(schema.properties?.node).toEqual({ type: 'object', properties: { child: { description: 'Child' } } });
	});

	it('gives an object for an action without a readable schema', () => {
		expect(toInputSchema(undefined)).toEqual({ type: 'object' });
		expect(toInputSchema({ properties: { a: { type: 'string' } } })).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
	});

	it('reads tuple items as any of their forms', () => {
		const schema = toInputSchema({ type: 'object', properties: { pair: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] } } });
		expect(schema.properties?.pair).toEqual({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } });
	});
});

describe('toOutputSchema', () => {
	it('keeps shape, types and descriptions, and accepts nulls and missing fields', () => {
		expect(
			toOutputSchema({
				type: 'object',
				required: ['id'],
				properties: {
					id: { type: 'string', title: 'To-do ID' },
					priority: { type: 'integer', enum: [10, 20] },
					dueTime: { type: 'string', format: 'date-time' },
					executorIds: { type: 'array', items: { type: 'string' } },
				},
			}),
		).toEqual({
			type: 'object',
			properties: {
				id: { type: ['string', 'null'], title: 'To-do ID', description: 'To-do ID' },
				priority: { type: ['integer', 'null'] },
				dueTime: { type: ['string', 'null'] },
				executorIds: { type: ['array', 'null'], items: { type: ['string', 'null'] } },
			},
		});
	});

	it('puts an output that is not an object under "result", and gives none without a schema', () => {
		expect(toOutputSchema({ type: 'array', items: { type: 'string' } })).toEqual({
			type: 'object',
			properties: { result: { type: ['array', 'null'], items: { type: ['string', 'null'] } } },
		});
		expect(toOutputSchema(undefined)).toBeUndefined();
	});
});
