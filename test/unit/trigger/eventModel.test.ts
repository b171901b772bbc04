import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { callbackKeysFrom, ownerKeyOf } from '../../../nodes/DingTalkConnectTrigger/helpers/callbackKeys';
import { RecentIds } from '../../../nodes/events/recentIds';
import { isKept, parseEventTypes, toOutputItem, type DingTalkEvent } from '../../../nodes/events/event';
import { CREDENTIALS, ENCODING_AES_KEY } from './callbackFixtures';

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

describe('RecentIds', () => {
	it('sees each (app, id) once within its age, and again after it', () => {
		let now = 0;
		const recent = new RecentIds({ maxSize: 10, maxAgeMs: 1000, now: () => now });
		expect(recent.firstSighting('app1', 'e1')).toBe(true);
		expect(recent.firstSighting('app1', 'e1')).toBe(false);
		expect(recent.firstSighting('app2', 'e1')).toBe(true);
		now = 999;
		expect(recent.firstSighting('app1', 'e1')).toBe(false);
		now = 2100;
		expect(recent.firstSighting('app1', 'e1')).toBe(true);
		expect(recent.size).toBe(1);
	});

	it('never holds more than its size, dropping the oldest', () => {
		const recent = new RecentIds({ maxSize: 3, maxAgeMs: 60_000, now: () => 0 });
		for (const id of ['a', 'b', 'c', 'd']) recent.firstSighting('app', id);
		expect(recent.size).toBe(3);
		expect(recent.firstSighting('app', 'a')).toBe(true);
		expect(recent.firstSighting('app', 'd')).toBe(false);
	});

	it('does not confuse identities that concatenate alike', () => {
		const recent = new RecentIds({ maxSize: 10, maxAgeMs: 60_000 });
		recent.firstSighting('a:b', 'c');
		expect(recent.firstSighting('a', 'b:c')).toBe(true);
	});

	it('forgets an id on request', () => {
		const recent = new RecentIds({ maxSize: 10, maxAgeMs: 60_000 });
		recent.firstSighting('app', 'x');
		recent.forget('app', 'x');
		expect(recent.firstSighting('app', 'x')).toBe(true);
	});
});

describe('callbackKeysFrom', () => {
	const base = CREDENTIALS as ICredentialDataDecryptedObject;

	it('closes with the app key of an internal app, the suite key of a third-party app, or the chosen corpId', () => {
		expect(ownerKeyOf(base)).toBe(CREDENTIALS.appKey);
		expect(ownerKeyOf({ ...base, appType: 'thirdParty', suiteKey: 'suiteabc' })).toBe('suiteabc');
		expect(ownerKeyOf({ ...base, eventOwnerKey: 'corpId', eventCorpId: ' dingcorp ' })).toBe('dingcorp');
	});

	it('refuses credentials without a token, with a malformed AES key, or without a closing key', () => {
		expect(callbackKeysFrom(base).ok).toBe(true);
		expect(callbackKeysFrom({ ...base, eventToken: ' ' })).toEqual({ ok: false, reason: 'credential has no Event Token' });
		expect(callbackKeysFrom({ ...base, eventAesSecretKey: ENCODING_AES_KEY.slice(2) })).toEqual({ ok: false, reason: 'credential has no valid Event AES Key' });
		expect(callbackKeysFrom({ ...base, eventOwnerKey: 'corpId' })).toEqual({ ok: false, reason: 'credential has no closing key' });
	});
});
