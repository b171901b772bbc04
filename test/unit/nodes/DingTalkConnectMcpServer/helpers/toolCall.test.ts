import { checkArguments, errorResult, outputResult } from '../../../../../nodes/DingTalkConnectMcpServer/helpers/toolCall';

const schema = {
	type: 'object',
	required: ['subject'],
	properties: {
		subject: { type: 'string' },
		priority: { type: 'integer', enum: [10, 20, 30, 40] },
		dueTime: { type: 'string', format: 'date-time' },
		done: { type: 'boolean' },
	},
};

describe('checkArguments', () => {
	it("reads the model's natural strings as the schema means them", () => {
		expect(checkArguments(schema, { subject: 'x', priority: '30', done: 'false', dueTime: '2026-12-01T18:00' }, 'Asia/Shanghai')).toEqual({
			ok: true,
			input: { subject: 'x', priority: 30, done: false, dueTime: '2026-12-01T18:00:00+08:00' },
		});
	});

	it('names each field, the value sent and what is allowed', () => {
		const checked = checkArguments(schema, { priority: 35, dueTime: 'tomorrow' });
		expect(checked).toEqual({
			ok: false,
			text:
				'Field "subject" is required; field "priority" must be one of: 10, 20, 30, 40 (sent: 35); field "dueTime" must be an ISO 8601 date-time, e.g. 2024-05-01T09:30:00+08:00 (sent: "tomorrow"). Nothing was sent to DingTalk: call the tool again with these fields corrected.',
		});
	});
});

describe('tool results', () => {
	it('carry the output as structured content and as text, or a failure as isError', () => {
		expect(outputResult({ id: 'todo-1' })).toEqual({ content: [{ type: 'text', text: '{"id":"todo-1"}' }], structuredContent: { id: 'todo-1' } });
		expect(errorResult('bad')).toEqual({ content: [{ type: 'text', text: 'bad' }], isError: true });
	});
});
