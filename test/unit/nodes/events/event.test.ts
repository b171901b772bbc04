import {
	bornTimeOf,
	isKept,
	organisationOf,
	parseEventTypes,
	plaintextId,
	receivedAtIn,
	toOutputItem,
	type DingTalkEvent,
} from '../../../../nodes/events/event';

const EVENT: DingTalkEvent = { eventType: 'user_add_org', eventId: 'e1', corpId: 'c', bornTime: 1, data: { a: 1 }, headers: {} };
const CONTEXT = { organisation: 'dingorg', receivedAt: '2026-12-05T17:30:00.000+08:00' };

describe('parseEventTypes / isKept', () => {
	it('reads the older comma- or space-separated text, empty meaning every type', () => {
		expect(parseEventTypes(' bpms_instance_change,user_add_org  ,, chat_add ')).toEqual(['bpms_instance_change', 'user_add_org', 'chat_add']);
		expect(parseEventTypes('')).toEqual([]);
		expect(parseEventTypes(undefined)).toEqual([]);
		expect(isKept([], EVENT)).toBe(true);
		expect(isKept(['user_add_org'], EVENT)).toBe(true);
		expect(isKept(['user_leave_org'], EVENT)).toBe(false);
	});

	it('joins the chosen list and the other names, once each', () => {
		expect(parseEventTypes(['user_add_org', 'bpms_task_change'], 'edu_user_insert, user_add_org')).toEqual([
			'user_add_org',
			'bpms_task_change',
			'edu_user_insert',
		]);
		expect(parseEventTypes([], '')).toEqual([]);
	});
});

describe('toOutputItem', () => {
	it('emits DingTalk fields and drops a suite ticket at any depth', () => {
		const item = toOutputItem({ ...EVENT, eventType: 'suite_ticket', suiteTicket: 'T', data: { SuiteTicket: 'T', biz_data: { suiteTicket: 'T', x: 1 } } }, CONTEXT);
		expect(item.json).toEqual({
			eventType: 'suite_ticket',
			eventId: 'e1',
			corpId: 'c',
			bornTime: 1,
			data: { biz_data: { x: 1 } },
			receivedAt: CONTEXT.receivedAt,
			headers: {},
		});
	});

	it("names the credential's organisation for an event that names none", () => {
		expect(toOutputItem({ ...EVENT, corpId: '' }, CONTEXT).json.corpId).toBe('dingorg');
		expect(toOutputItem({ ...EVENT, corpId: '' }, { ...CONTEXT, organisation: null }).json.corpId).toBeNull();
	});
});

describe('organisationOf', () => {
	it("is the authorising corp of a third-party app, the Event Corp ID of an internal app, else null", () => {
		expect(organisationOf({ appType: 'thirdParty', authCorpId: ' dingauth ', eventCorpId: 'x' })).toBe('dingauth');
		expect(organisationOf({ appType: 'internal', eventCorpId: 'dingown' })).toBe('dingown');
		expect(organisationOf({ appType: 'internal', appKey: 'k' })).toBeNull();
	});
});

describe('receivedAtIn', () => {
	const at = Date.UTC(2026, 11, 5, 9, 30, 0, 0);

	it("writes the workflow time zone's offset", () => {
		expect(receivedAtIn('Asia/Shanghai', at)).toBe('2026-12-05T17:30:00.000+08:00');
		expect(receivedAtIn('America/New_York', at)).toBe('2026-12-05T04:30:00.000-05:00');
		expect(receivedAtIn('UTC', at)).toBe('2026-12-05T09:30:00.000+00:00');
	});

	it('falls back to UTC for a zone it does not know', () => {
		expect(receivedAtIn('Not/AZone', at)).toBe('2026-12-05T09:30:00.000Z');
	});
});

describe('bornTimeOf', () => {
	it('reads seconds and milliseconds, as numbers or strings', () => {
		expect(bornTimeOf('1783610513')).toBe(1783610513000);
		expect(bornTimeOf(1783610513)).toBe(1783610513000);
		expect(bornTimeOf('1683533823336')).toBe(1683533823336);
		expect(bornTimeOf(1683533823336)).toBe(1683533823336);
	});

	it('reads an ISO time with an offset, and skips what names no instant', () => {
		expect(bornTimeOf('2026-12-05T17:30:00+08:00')).toBe(Date.UTC(2026, 11, 5, 9, 30));
		expect(bornTimeOf('2026-12-05 17:30:00', '', 'soon', -5, 1700000000)).toBe(1700000000000);
		expect(bornTimeOf(undefined, null, '2026-12-05 17:30:00', {})).toBeNull();
	});
});

describe('plaintextId', () => {
	it('is the same for the same plaintext and differs otherwise', () => {
		expect(plaintextId('{"EventType":"x"}')).toBe(plaintextId('{"EventType":"x"}'));
		expect(plaintextId('{"EventType":"x"}')).not.toBe(plaintextId('{"EventType":"y"}'));
		expect(plaintextId('a')).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('toOutputItem with hostile keys', () => {
	it('keeps a "__proto__" key as data, not as the prototype', () => {
		const data = JSON.parse('{"SuiteTicket":"T","__proto__":{"polluted":true},"x":1}');
		const item = toOutputItem({ ...EVENT, suiteTicket: 'T', data }, CONTEXT);
		const copied = item.json.data as Record<string, unknown>;
		expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
		expect((copied as { polluted?: boolean }).polluted).toBeUndefined();
		expect(Object.keys(copied).sort()).toEqual(['__proto__', 'x']);
	});
});
