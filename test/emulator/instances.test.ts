// Contract of instances, InvokeInstance (validation, the rich actions, 4001/4003/4004) and SyncData.
import { ALWAYS_FAILS_ERROR_CODE, DEMO_CORP_ID, DEMO_CREDENTIALS, SEED, SEED_ASSETS } from '../../emulator';
import { useEmulator } from './bed';
import { PATHS } from './client';

const bed = useEmulator({ config: { qpsLimit: 0 }, tokens: ['corp', 'suite'] });

async function ready(token: string, uri: string, key = 'key-1'): Promise<void> {
	const answer = await bed.client.createInstance(token, uri, key);
	expect(answer.status).toBe(200);
}

describe('CreateInvocableInstance and delete', () => {
	it('creates an instance and answers connectAssetUri and versionId', async () => {
		const answer = await bed.client.createInstance(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri, 'n8n-wf1');
		expect(answer.status).toBe(200);
		expect(answer.data).toEqual({ connectAssetUri: SEED_ASSETS.addNumbers.connectAssetUri, versionId: expect.stringMatching(/^v\d/) });
		expect(bed.emulator.instances()).toEqual([
			{ connectAssetUri: SEED_ASSETS.addNumbers.connectAssetUri, instanceKey: 'n8n-wf1', app: DEMO_CREDENTIALS.corp.appKey, corpId: DEMO_CORP_ID },
		]);
		expect(bed.emulator.counters().executed.createInstance).toBe(1);
	});

	it('succeeds again for an existing instance by default', async () => {
		await ready(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri);
		const again = await bed.client.createInstance(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri, 'key-1');
		expect(again.status).toBe(200);
		expect(again.data.connectAssetUri).toBe(SEED_ASSETS.addNumbers.connectAssetUri);
		expect(bed.emulator.instances()).toHaveLength(1);
	});

	it('answers "already exists" for an existing instance when so configured', async () => {
		bed.emulator.configure({ secondCreation: { status: 400, code: 'InstanceAlreadyExists' } });
		await ready(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri);
		const again = await bed.client.createInstance(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri, 'key-1');
		expect(again.status).toBe(400);
		expect(again.data.code).toBe('InstanceAlreadyExists');
		expect(again.data.message).toContain('already exists');
	});

	it('answers 4004 for an unknown asset and 4001 without instanceKey', async () => {
		const unknown = await bed.client.createInstance(bed.corp, 'dca://x.connect.dingtalk.com/x/action/G-ACT-NONE', 'k');
		expect(unknown.status).toBe(404);
		expect(unknown.data.code).toBe('4004');
		const missing = await bed.client.post(PATHS.instances, bed.corp, { connectAssetUri: SEED_ASSETS.addNumbers.connectAssetUri });
		expect(missing.status).toBe(400);
		expect(missing.data.code).toBe('4001');
	});

	it('deletes an instance over HTTP; invoking it then answers 4004', async () => {
		const uri = SEED_ASSETS.addNumbers.connectAssetUri;
		await ready(bed.corp, uri);
		const deleted = await bed.client.delete(PATHS.instances, bed.corp, { connectAssetUri: uri, instanceKey: 'key-1' });
		expect(deleted.status).toBe(200);
		expect(bed.emulator.instances()).toEqual([]);
		const again = await bed.client.delete(PATHS.instances, bed.corp, { connectAssetUri: uri, instanceKey: 'key-1' });
		expect(again.data.code).toBe('4004');
		const invoke = await bed.client.invoke(bed.corp, uri, 'key-1', { a: 1, b: 2 });
		expect(invoke.data.code).toBe('4004');
	});

	it('deleteInstances() filters by asset and key', async () => {
		await ready(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri, 'a');
		await ready(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri, 'b');
		await ready(bed.corp, SEED_ASSETS.echoForm.connectAssetUri, 'a');
		expect(bed.emulator.deleteInstances({ instanceKey: 'a' })).toBe(2);
		expect(bed.emulator.instances().map((i) => i.instanceKey)).toEqual(['b']);
		expect(bed.emulator.deleteInstances()).toBe(1);
	});
});

describe('InvokeInstance: the rich actions', () => {
	it('creates to-dos with stable increasing ids and returns what was created', async () => {
		const uri = SEED_ASSETS.createTodo.connectAssetUri;
		await ready(bed.corp, uri);
		const first = await bed.client.invoke(bed.corp, uri, 'key-1', { subject: '提交周报', creatorId: 'manager4321', priority: 30, executorIds: ['user01'] });
		expect(first.status).toBe(200);
		expect(first.data.errorCode).toBe('0');
		expect(first.data.errorMessage).toBe('');
		expect(typeof first.data.cost).toBe('number');
		expect(first.data.instanceId).toMatch(/^inv-/);
		const output = JSON.parse(first.data.outputJson);
		expect(output).toMatchObject({ id: 'todo-0001', subject: '提交周报', creatorId: 'manager4321', priority: 30, executorIds: ['user01'], done: false });
		const second = await bed.client.invoke(bed.corp, uri, 'key-1', { subject: 'Second', creatorId: 'user02' });
		expect(JSON.parse(second.data.outputJson)).toMatchObject({ id: 'todo-0002', priority: 20, executorIds: ['user02'] });
		expect(second.data.instanceId).not.toBe(first.data.instanceId);
		expect(bed.emulator.invocations().map((i) => (i.output as { id: string }).id)).toEqual(['todo-0001', 'todo-0002']);
	});

	it('adds numbers', async () => {
		await ready(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri);
		const answer = await bed.client.invoke(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri, 'key-1', { a: 0.1, b: 0.2, more: [3], decimals: 2 });
		expect(JSON.parse(answer.data.outputJson)).toEqual({ sum: 3.3, count: 3 });
	});

	it('looks a user up by mobile; an unknown mobile is an empty result, not an error', async () => {
		const uri = SEED_ASSETS.lookupUser.connectAssetUri;
		await ready(bed.corp, uri);
		const known = await bed.client.invoke(bed.corp, uri, 'key-1', { mobile: '13800000003', includeEmail: true });
		expect(JSON.parse(known.data.outputJson)).toEqual({
			found: true,
			users: [{ userId: 'user02', name: '李娜', mobile: '13800000003', title: 'HRBP', deptIds: [3], email: 'li.na@example.com' }],
		});
		const unknown = await bed.client.invoke(bed.corp, uri, 'key-1', { mobile: '19999999999' });
		expect(unknown.data.errorCode).toBe('0');
		expect(JSON.parse(unknown.data.outputJson)).toEqual({ found: false, users: [] });
	});

	it('sends a work notice and returns a message id', async () => {
		const uri = SEED_ASSETS.sendWorkNotice.connectAssetUri;
		await ready(bed.suite, uri);
		const answer = await bed.client.invoke(bed.suite, uri, 'key-1', { userIds: ['user01', 'user02'], msg: { msgtype: 'text', text: { content: '下午三点开会' } } });
		expect(JSON.parse(answer.data.outputJson)).toEqual({ messageId: 'msg-000001', taskId: 100001, recipients: 2 });
	});

	it('echoes a form', async () => {
		const uri = SEED_ASSETS.echoForm.connectAssetUri;
		await ready(bed.corp, uri);
		const form = {
			name: '王芳',
			age: 31,
			score: 92.5,
			active: true,
			level: 'senior',
			rating: 4,
			ratio: 0.5,
			birthday: '1993-05-01T00:00:00+08:00',
			tags: ['a', 'b'],
			contacts: [{ name: 'Li', phone: '123' }],
			address: { city: '杭州', geo: { lat: 30.27, lng: 120.15 } },
		};
		const answer = await bed.client.invoke(bed.corp, uri, 'key-1', form);
		expect(JSON.parse(answer.data.outputJson)).toEqual(form);
	});

	it('runs the empty-schema action and the integration flow', async () => {
		await ready(bed.corp, SEED_ASSETS.emptySchema.connectAssetUri);
		const ping = await bed.client.post(PATHS.invoke, bed.corp, { connectAssetUri: SEED_ASSETS.emptySchema.connectAssetUri, instanceKey: 'key-1', inputJsonString: '{}' });
		expect(JSON.parse(ping.data.outputJson)).toEqual({ pong: true });
		await ready(bed.corp, SEED_ASSETS.integrationFlow.connectAssetUri);
		const flow = await bed.client.invoke(bed.corp, SEED_ASSETS.integrationFlow.connectAssetUri, 'key-1', { applicant: 'user01', amount: 20000 });
		expect(JSON.parse(flow.data.outputJson)).toEqual({ approved: false, approver: 'manager4321', amount: 20000, currency: 'CNY' });
	});

	it('answers a connector-level errorCode in a 200 for the always-failing action, executing nothing', async () => {
		await ready(bed.corp, SEED_ASSETS.alwaysFails.connectAssetUri);
		const answer = await bed.client.invoke(bed.corp, SEED_ASSETS.alwaysFails.connectAssetUri, 'key-1', {});
		expect(answer.status).toBe(200);
		expect(answer.data.errorCode).toBe(ALWAYS_FAILS_ERROR_CODE);
		expect(answer.data.errorMessage).toBeTruthy();
		expect(bed.emulator.invocations()).toEqual([]);
	});
});

describe('InvokeInstance: input validation', () => {
	const uri = SEED_ASSETS.echoForm.connectAssetUri;
	const valid = { name: 'A', age: 3, level: 'junior' };

	it.each([
		['a missing required field', { name: 'A', level: 'junior' }, 'input.age is required'],
		['a string for an integer', { ...valid, age: '3' }, 'input.age'],
		['a decimal for an integer', { ...valid, age: 3.5 }, 'input.age'],
		['a string for a number', { ...valid, score: 'high' }, 'input.score'],
		['a string for a boolean', { ...valid, active: 'yes' }, 'input.active'],
		['a value outside a string enum', { ...valid, level: 'boss' }, 'input.level'],
		['a value outside a numeric enum', { ...valid, rating: 7 }, 'input.rating'],
		['a malformed date-time', { ...valid, birthday: '01/05/1993' }, 'input.birthday'],
		['a number in an array of strings', { ...valid, tags: ['a', 1] }, 'input.tags[1]'],
		['an array item missing its required field', { ...valid, contacts: [{ phone: '1' }] }, 'input.contacts[0].name is required'],
		['a nested object missing its required field', { ...valid, address: { street: 'x' } }, 'input.address.city is required'],
		['a wrong type deep inside', { ...valid, address: { city: 'x', geo: { lat: 'north' } } }, 'input.address.geo.lat'],
		['an array where an object belongs', { ...valid, address: [] }, 'input.address'],
		['a non-object input', 42, 'input must be of type object'],
	])('refuses %s with INPUT_INVALID naming the field, executing nothing', async (_name, input, field) => {
		await ready(bed.corp, uri);
		const answer = await bed.client.invoke(bed.corp, uri, 'key-1', input);
		expect(answer.status).toBe(200);
		expect(answer.data.errorCode).toBe('INPUT_INVALID');
		expect(answer.data.errorMessage).toContain(field);
		expect(bed.emulator.invocations()).toEqual([]);
		expect(bed.emulator.counters().executed.invokeInstance).toBe(0);
	});

	it('accepts numbers for number fields and integers for number fields', async () => {
		await ready(bed.corp, uri);
		const answer = await bed.client.invoke(bed.corp, uri, 'key-1', { ...valid, score: 90 });
		expect(answer.data.errorCode).toBe('0');
	});

	it('answers 4001 for inputJsonString that is not JSON, or not a string, or a missing instanceKey', async () => {
		await ready(bed.corp, uri);
		const bodies = [
			{ connectAssetUri: uri, instanceKey: 'key-1', inputJsonString: '{name:' },
			{ connectAssetUri: uri, instanceKey: 'key-1', inputJsonString: { name: 'A' } },
			{ connectAssetUri: uri, inputJsonString: '{}' },
		];
		for (const body of bodies) {
			const answer = await bed.client.post(PATHS.invoke, bed.corp, body);
			expect(answer.status).toBe(400);
			expect(answer.data.code).toBe('4001');
		}
		const notJson = await bed.client.http.post(PATHS.invoke, 'not json', { headers: { 'x-acs-dingtalk-access-token': bed.corp, 'content-type': 'application/json' } });
		expect(notJson.data.code).toBe('4001');
	});
});

describe('InvokeInstance: 4003, 4004 and the carriers', () => {
	it('answers 4004 without a created instance and for an unknown asset', async () => {
		const noInstance = await bed.client.invoke(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri, 'never-created', { a: 1, b: 1 });
		expect(noInstance.status).toBe(404);
		expect(noInstance.data.code).toBe('4004');
		const unknown = await bed.client.invoke(bed.corp, 'dca://x.connect.dingtalk.com/x/action/G-ACT-NONE', 'k', {});
		expect(unknown.data.code).toBe('4004');
	});

	it('answers 4003 when the suite invokes an action the org has not authorised; the corp app may', async () => {
		const uri = SEED_ASSETS.unauthorisedForSuite.connectAssetUri;
		await ready(bed.suite, uri);
		const input = { record: { title: 'x' } };
		const denied = await bed.client.invoke(bed.suite, uri, 'key-1', input);
		expect(denied.status).toBe(403);
		expect(denied.data.code).toBe('4003');
		expect(denied.data.message).toContain('dingtalk://');
		const allowed = await bed.client.invoke(bed.corp, uri, 'key-1', input);
		expect(allowed.data.errorCode).toBe('0');
	});

	it('answers 4004 when the suite uses an asset outside its scope', async () => {
		const answer = await bed.client.createInstance(bed.suite, SEED_ASSETS.outsideSuiteScope.connectAssetUri, 'k');
		expect(answer.data.code).toBe('4004');
	});

	it('carries 4001/4003/4004 in a 200 answer errorCode when so configured', async () => {
		bed.emulator.configure({ connectErrorCarrier: 'errorCode' });
		const noInstance = await bed.client.invoke(bed.corp, SEED_ASSETS.addNumbers.connectAssetUri, 'never-created', { a: 1, b: 1 });
		expect(noInstance.status).toBe(200);
		expect(noInstance.data).toEqual({ errorCode: '4004', errorMessage: expect.any(String), outputJson: '', instanceId: '', cost: 0 });
		await ready(bed.suite, SEED_ASSETS.unauthorisedForSuite.connectAssetUri);
		const denied = await bed.client.invoke(bed.suite, SEED_ASSETS.unauthorisedForSuite.connectAssetUri, 'key-1', {});
		expect(denied.status).toBe(200);
		expect(denied.data.errorCode).toBe('4003');
		const malformed = await bed.client.post(PATHS.invoke, bed.corp, { connectAssetUri: SEED_ASSETS.addNumbers.connectAssetUri, instanceKey: 'k', inputJsonString: '{' });
		expect(malformed.status).toBe(200);
		expect(malformed.data.errorCode).toBe('4001');
	});
});

describe('SyncData (POST /v1.0/connector/triggers/data/sync)', () => {
	const trigger = SEED.triggers[0].triggerId;
	const item = (patch: Record<string, unknown> = {}) => ({
		triggerId: trigger,
		jsonData: JSON.stringify({ id: 'order-1', amount: 5 }),
		dataGmtCreate: 1717200000000,
		dataGmtModified: 1717200000000,
		action: 'add',
		...patch,
	});

	it('syncs trigger data and keeps it', async () => {
		const answer = await bed.client.post(PATHS.sync, bed.corp, { appId: SEED.syncAppIds[0], triggerDataList: [item(), item({ jsonData: '{"bizPrimaryKey":"k2"}', action: 'update' })] });
		expect(answer.status).toBe(200);
		expect(answer.data.list).toEqual([
			{ triggerId: trigger, bizPrimaryKey: 'order-1', success: true, subErrCode: '', subErrMsg: '' },
			{ triggerId: trigger, bizPrimaryKey: 'k2', success: true, subErrCode: '', subErrMsg: '' },
		]);
		expect(bed.emulator.syncedEvents().map((e) => [e.bizPrimaryKey, e.action])).toEqual([
			['order-1', 'add'],
			['k2', 'update'],
		]);
	});

	it('reports an item whose jsonData is not JSON in its list entry', async () => {
		const answer = await bed.client.post(PATHS.sync, bed.corp, { appId: SEED.syncAppIds[0], triggerDataList: [item({ jsonData: '{oops' })] });
		expect(answer.status).toBe(200);
		expect(answer.data.list[0]).toMatchObject({ success: false, subErrCode: 'jsonData.invalid' });
		expect(bed.emulator.syncedEvents()).toEqual([]);
	});

	it.each([
		['invalid.appid', { appId: 'nope', triggerDataList: [item()] }],
		['moreThanMaxListSize', { appId: SEED.syncAppIds[0], triggerDataList: Array.from({ length: 101 }, () => item()) }],
		['invalidTriggerId', { appId: SEED.syncAppIds[0], triggerDataList: [item({ triggerId: 'G-TRG-NONE' })] }],
		['invalid.data.action', { appId: SEED.syncAppIds[0], triggerDataList: [item({ action: 'upsert' })] }],
		['jsonData.empty', { appId: SEED.syncAppIds[0], triggerDataList: [item({ jsonData: '' })] }],
	])('answers 400 %s and keeps nothing', async (code, body) => {
		const answer = await bed.client.post(PATHS.sync, bed.corp, body);
		expect(answer.status).toBe(400);
		expect(answer.data.code).toBe(code);
		expect(bed.emulator.syncedEvents()).toEqual([]);
	});
});
