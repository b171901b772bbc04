import type { IWebhookFunctions } from 'n8n-workflow';

import { DingTalkConnectStreamTrigger } from '../../../../nodes/DingTalkConnectStreamTrigger/DingTalkConnectStreamTrigger.node';
import { DingTalkConnectTrigger } from '../../../../nodes/DingTalkConnectTrigger/DingTalkConnectTrigger.node';
import { EVENT_TYPE_OPTIONS, eventTypesOf, eventTypesProperties } from '../../../../nodes/events/eventTypesProperty';

const reading = (parameters: Record<string, unknown>) =>
	eventTypesOf.call({ getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback } as unknown as IWebhookFunctions);

describe('Event Types', () => {
	it('is a list from the given version and the old text before it, under one name', () => {
		const [text, list, other] = eventTypesProperties(1.2);
		expect([text.name, text.type, text.displayOptions?.show?.['@version']]).toEqual(['eventTypes', 'string', [{ _cnd: { lt: 1.2 } }]]);
		expect([list.name, list.type, list.displayOptions?.show?.['@version']]).toEqual(['eventTypes', 'multiOptions', [{ _cnd: { gte: 1.2 } }]]);
		expect([other.name, other.type, other.displayOptions?.show?.['@version']]).toEqual(['otherEventTypes', 'string', [{ _cnd: { gte: 1.2 } }]]);
	});

	it('lists DingTalk names, each once, found by its name or its meaning', () => {
		const values = EVENT_TYPE_OPTIONS.map((option) => option.value);
		expect(new Set(values).size).toBe(values.length);
		expect(values).toEqual(expect.arrayContaining(['user_add_org', 'user_modify_org', 'user_leave_org', 'org_dept_create', 'bpms_instance_change', 'bpms_task_change', 'attendance_check_record', 'chat_add_member']));
		for (const option of EVENT_TYPE_OPTIONS) expect(option.name).toMatch(new RegExp(`^${String(option.value)} \\(.+\\)$`));
	});

	it("reads a saved workflow's text, the list, and the other names alike", () => {
		expect(reading({ eventTypes: 'bpms_instance_change, user_add_org' })).toEqual(['bpms_instance_change', 'user_add_org']);
		expect(reading({ eventTypes: ['bpms_instance_change'], otherEventTypes: 'edu_user_insert' })).toEqual(['bpms_instance_change', 'edu_user_insert']);
		expect(reading({ eventTypes: [], otherEventTypes: '' })).toEqual([]);
	});

	it('is the newest version of both triggers, the older versions kept', () => {
		expect(new DingTalkConnectTrigger().description.version).toEqual([1, 1.1, 1.2]);
		expect(new DingTalkConnectStreamTrigger().description.version).toEqual([1, 1.1]);
	});
});
