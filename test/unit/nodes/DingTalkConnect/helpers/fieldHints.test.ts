import { fieldHint, problemHints } from '../../../../../nodes/DingTalkConnect/helpers/fieldHints';
import type { JsonSchema } from '../../../../../nodes/DingTalkConnect/helpers/jsonSchema';

const schema: JsonSchema = {
	type: 'object',
	properties: {
		dueTime: { type: 'string', format: 'date-time', title: '截止时间 Due Time', description: 'ISO 8601, e.g. 2024-06-30T18:00:00+08:00', examples: ['2024-06-30T18:00:00+08:00'] },
		score: { type: 'number', title: 'Score', description: 'A decimal number', examples: [92.5] },
		tags: { type: 'array', examples: [['a', 'b']] },
		attendees: { type: 'array', title: 'Attendees', description: 'Who comes', items: { type: 'object', properties: { name: { type: 'string' } } } },
		'full name': { type: 'string', description: 'Given and family name' },
		owner: { $ref: '#/definitions/user', description: 'Who owns it' },
		plain: { type: 'string', title: 'Plain' },
	},
	definitions: { user: { type: 'string', title: 'User', description: 'A userId' } },
};

describe('fieldHint', () => {
	it("is the property's description, with its first example when the description does not already hold it", () => {
		expect(fieldHint(schema, 'dueTime')).toBe('ISO 8601, e.g. 2024-06-30T18:00:00+08:00');
		expect(fieldHint(schema, 'score')).toBe('A decimal number, e.g. 92.5');
		expect(fieldHint(schema, 'tags')).toBe('e.g. ["a","b"]');
	});

	it("keeps a property's own description over the one of the schema it refers to", () => {
		expect(fieldHint(schema, 'owner')).toBe('Who owns it');
	});

	it('is undefined for a property the schema says nothing more of, and for one it does not declare', () => {
		expect(fieldHint(schema, 'plain')).toBeUndefined();
		expect(fieldHint(schema, 'missing')).toBeUndefined();
		expect(fieldHint(undefined, 'dueTime')).toBeUndefined();
	});
});

describe('problemHints', () => {
	it('names each field at fault once, by the label the panel shows, with its hint, in the order of the problems', () => {
		const problems = [
			{ path: 'score', message: 'must be a number' },
			{ path: 'attendees[1].name', message: 'must be a string' },
			{ path: 'attendees[2].name', message: 'must be a string' },
			{ path: '["full name"]', message: 'is required' },
			{ path: 'plain', message: 'is too long' },
			{ path: '', message: 'must be an object' },
		];
		expect(problemHints(schema, problems)).toBe('Score: A decimal number, e.g. 92.5; Attendees: Who comes; full name: Given and family name');
	});

	it('is empty when no field at fault has a hint', () => {
		expect(problemHints(schema, [{ path: 'plain', message: 'is too long' }])).toBe('');
		expect(problemHints(schema, [])).toBe('');
	});
});
