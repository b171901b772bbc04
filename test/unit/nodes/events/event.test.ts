import { isKept, parseEventTypes, toOutputItem, type DingTalkEvent } from '../../../../nodes/events/event';

const EVENT: DingTalkEvent = { eventType: 'user_add_org', eventId: 'e1', corpId: 'c', bornTime: '1', data: { a: 1 }, headers: {} };

describe('parseEventTypes / isKept', () => {
	it('reads a comma- or space-separated list, empty meaning every type', () => {
		expect(parseEventTypes(' bpms_instance_change,user_add_org  ,, chat_add ')).toEqual(['bpms_instance_change', 'user_add_org', 'chat_add']);
		expect(parseEventTypes('')).toEqual([]);
		expect(parseEventTypes(undefined)).toEqual([]);
		expect(isKept([], EVENT)).toBe(true);
		expect(isKept(['user_add_org'], EVENT)).toBe(true);
		expect(isKept(['user_leave_org'], EVENT)).toBe(false);
	});
});

describe('toOutputItem', () => {
	it('emits DingTalk fields and drops a suite ticket at any depth', () => {
		const item = toOutputItem({ ...EVENT, eventType: 'suite_ticket', suiteTicket: 'T', data: { SuiteTicket: 'T', biz_data: { suiteTicket: 'T', x: 1 } } });
		expect(item.json).toEqual({ eventType: 'suite_ticket', eventId: 'e1', corpId: 'c', bornTime: '1', data: { biz_data: { x: 1 } }, headers: {} });
	});
});

describe('toOutputItem with hostile keys', () => {
	it('keeps a "__proto__" key as data, not as the prototype', () => {
		const data = JSON.parse('{"SuiteTicket":"T","__proto__":{"polluted":true},"x":1}');
		const item = toOutputItem({ ...EVENT, suiteTicket: 'T', data });
		const copied = item.json.data as Record<string, unknown>;
		expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
		expect((copied as { polluted?: boolean }).polluted).toBeUndefined();
		expect(Object.keys(copied).sort()).toEqual(['__proto__', 'x']);
	});
});
