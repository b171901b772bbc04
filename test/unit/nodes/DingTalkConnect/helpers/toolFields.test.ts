import { extractFromAICalls, generateZodSchema } from 'n8n-workflow';

import {
	fromAiExpression,
	isToolNodeType,
	quoteForExpression,
	schemaToToolFields,
	toolKeys,
} from '../../../../../nodes/DingTalkConnect/helpers/toolFields';
import { coerceInput } from '../../../../../nodes/DingTalkConnect/helpers/coerceInput';
import { validateInput } from '../../../../../nodes/DingTalkConnect/helpers/inputValidation';
import type { JsonSchema } from '../../../../../nodes/DingTalkConnect/helpers/jsonSchema';
import { mapperValuesToInput } from '../../../../../nodes/DingTalkConnect/helpers/mapperValues';
import { meetingSchema } from './fixtures';

// The way n8n reads a tool's parameters: every $fromAI call in them, parsed by n8n's own parser.
function calls(schema: JsonSchema) {
	return schemaToToolFields(schema).map((field) => {
		const found = extractFromAICalls(String(field.defaultValue));
		expect(found).toHaveLength(1);
		return { field, call: found[0] };
	});
}

describe('schemaToToolFields', () => {
	const byId = Object.fromEntries(calls(meetingSchema).map(({ field, call }) => [field.id, { field, call }]));

	it('keys each $fromAI call by the property name, typed where n8n can keep the property optional', () => {
		expect(Object.fromEntries(Object.entries(byId).map(([id, { call }]) => [id, [call.key, call.type]]))).toEqual({
			title: ['title', 'string'],
			durationHours: ['durationHours', 'string'],
			seats: ['seats', 'number'],
			online: ['online', 'boolean'],
			priority: ['priority', 'string'],
			level: ['level', 'string'],
			startTime: ['startTime', 'string'],
			day: ['day', 'string'],
			tags: ['tags', 'string'],
			attendees: ['attendees', 'json'],
			room: ['room', 'string'],
		});
	});

	it('gives required properties no default and optional ones their schema default or empty text', () => {
		expect(byId.title.call.defaultValue).toBeUndefined();
		expect(byId.startTime.call.defaultValue).toBeUndefined();
		expect(byId.attendees.call.defaultValue).toBeUndefined();
		expect(byId.seats.call.defaultValue).toBe(10);
		expect(byId.online.call.defaultValue).toBe(true);
		expect(byId.priority.call.defaultValue).toBe('normal');
		for (const id of ['durationHours', 'level', 'day', 'tags', 'room']) expect(byId[id].call.defaultValue).toBe('');
	});

	it('describes meaning, type, allowed values, format and nested shape', () => {
		expect(byId.title.call.description).toBe('会议标题. Shown to attendees. Type: string');
		expect(byId.seats.call.description).toBe('Seats. Type: integer. Default: 10');
		expect(byId.level.call.description).toBe('Type: integer. Allowed values: 1, 2, 3. Give it as text');
		expect(byId.priority.call.description).toContain('Allowed values: "low", "normal", "high"');
		expect(byId.startTime.call.description).toContain('Type: string, format date-time');
		expect(byId.startTime.call.description).toContain("without an offset it is read in the workflow's time zone");
		expect(byId.room.call.description).toMatch(/JSON Schema: \{.*"building".*\}\. Give it as JSON text$/);
		const attendees = byId.attendees.call.description ?? '';
		const shape = JSON.parse(attendees.slice(attendees.indexOf('JSON Schema: ') + 13)) as JsonSchema;
		expect(shape).toEqual({
			type: 'array',
			title: 'Attendees',
			items: {
				type: 'object',
				properties: { name: { type: 'string', minLength: 1 }, userId: { type: 'string', pattern: '^[0-9]+$' } },
				required: ['name'],
				additionalProperties: false,
			},
		});
	});

	it('stores every field as text, so that n8n passes "30" or \'\' on for the node to read', () => {
		expect(new Set(Object.values(byId).map(({ field }) => field.type))).toEqual(new Set(['string']));
		expect(byId.level.field.options).toBeUndefined();
		expect(byId.title.field.required).toBe(true);
		expect(byId.seats.field.required).toBe(false);
	});

	it('turns a model\'s answers, as n8n hands them over, into a valid input', () => {
		const values = {
			title: '周会',
			durationHours: '1.5',
			seats: 8,
			online: false,
			priority: 'high',
			level: '2',
			startTime: '2024-05-01T09:30',
			day: '',
			tags: '["a"]',
			attendees: [{ name: '张三' }],
			room: '',
		};
		const { input, problems } = mapperValuesToInput(meetingSchema, values);
		expect(problems).toEqual([]);
		const coerced = coerceInput(meetingSchema, input, 'Asia/Shanghai');
		expect(coerced).toEqual({
			title: '周会',
			durationHours: 1.5,
			seats: 8,
			online: false,
			priority: 'high',
			level: 2,
			startTime: '2024-05-01T09:30:00+08:00',
			tags: ['a'],
			attendees: [{ name: '张三' }],
		});
		expect(validateInput(meetingSchema, coerced)).toEqual([]);
	});

	it('builds a schema n8n accepts: required keys required, optional keys defaulted', () => {
		const seats = generateZodSchema(byId.seats.call);
		expect(seats.safeParse(undefined)).toEqual({ success: true, data: 10 });
		expect(generateZodSchema(byId.title.call).safeParse(undefined).success).toBe(false);
		expect(generateZodSchema(byId.attendees.call).safeParse([{ name: 'x' }]).success).toBe(true);
	});

	it('replaces keys n8n would refuse and keeps them unique', () => {
		const schema: JsonSchema = {
			type: 'object',
			properties: {
				标题: { type: 'string' },
				'due.time': { type: 'string' },
				due_time: { type: 'string' },
				constructor: { type: 'string' },
				query: { type: 'string' },
			},
		};
		const found = calls(schema).map(({ call }) => call);
		expect(found.map((call) => call.key)).toEqual(['field_1', 'due_time_2', 'due_time', 'field_4', 'query_value']);
		expect(found[0].description).toBe('input property "标题". Type: string');
	});
});

// n8n's editor (fromAIOverride.utils.ts): a value is "defined automatically by the model" when it starts
// so, and the editor reads its description box back with this preparation before n8n's own parser.
const editorOverridePrefix = '={{ /*n8n-auto-generated-fromAI-override*/ $fromAI(';
const editorDescription = (value: string) => extractFromAICalls(value.replace(/\\[^`]/g, '\\\\'))[0]?.description;

describe('the editor\'s model-defined state', () => {
	it('marks every field as n8n marks the parameters it lets the model define', () => {
		for (const field of schemaToToolFields(meetingSchema)) {
			expect(String(field.defaultValue).startsWith(editorOverridePrefix)).toBe(true);
		}
	});

	it('quotes descriptions as the editor does, so that its description box shows them as the model reads them', () => {
		const hostile = "it's a \\ \"path\" with `ticks` and ${x}";
		const value = fromAiExpression('k', hostile, 'string');
		expect(value).toBe("={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('k', `it's a \\\\ \"path\" with 'ticks' and $ {x}`, 'string') }}");
		expect(editorDescription(value)).toBe(extractFromAICalls(value)[0].description);
		expect(extractFromAICalls(value)[0].description).toBe("it's a \\ \"path\" with 'ticks' and $ {x}");
	});
});

describe('quoteForExpression', () => {
	it('survives quotes, backslashes, braces, newlines and nested $fromAI', () => {
		const hostile = "it's a \\ path\nwith }} and {{ and $fromAI('x')";
		const expression = fromAiExpression('k', hostile, 'string');
		expect(expression).not.toMatch(/\}\}.*\}\}/);
		const [call, ...rest] = extractFromAICalls(expression);
		expect(rest).toEqual([]);
		expect(call.description).toBe("it's a \\ path with } } and { { and fromAI('x')");
		expect(quoteForExpression('x'.repeat(2000))).toHaveLength(1002);
	});
});

describe('toolKeys and isToolNodeType', () => {
	it('keeps valid names and tells the tool variant by its type name', () => {
		expect([...toolKeys(['a', 'b-c']).values()]).toEqual(['a', 'b-c']);
		expect(isToolNodeType('CUSTOM.dingTalkConnectTool')).toBe(true);
		expect(isToolNodeType('n8n-nodes-dingtalk-connect.dingTalkConnect')).toBe(false);
	});
});
