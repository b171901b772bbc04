import { SEED, SEED_ASSETS } from '../../../../../../emulator';
import { parseSchema } from '../../../../../../nodes/DingTalkConnect/helpers/jsonSchema';
import { schemaToToolFields } from '../../../../../../nodes/DingTalkConnect/helpers/toolFields';
import { resetProcessMemory } from '../../../../../harness/processMemory';
import { MODES, invokeFields, invokeJson, outputJson, useTestbed } from '../../testbed';

const bed = useTestbed({ resetCounters: true });

const todoUri = SEED_ASSETS.createTodo.connectAssetUri;
const rows = [
	{ json: { task: 'Review contract', owner: 'manager4321' } },
	{ json: { task: '准备周报 🚀', owner: 'user0002' } },
	{ json: { task: 'Book meeting room', owner: 'user0003' } },
];
const todoFromRow = invokeFields(todoUri, {
	subject: '={{ $json.task }}',
	creatorId: '={{ $json.owner }}',
	priority: 30,
});

describe.each(MODES)('Action → Invoke (%s app)', (mode) => {
	const workflowId = `wf-invoke-${mode}`;

	it('creates one to-do per item, in order, creating the missing instance once', async () => {
		const out = outputJson(await bed.run(mode, todoFromRow, { items: rows, workflowId }));

		expect(out.map((json) => json.subject)).toEqual(['Review contract', '准备周报 🚀', 'Book meeting room']);
		expect(out.every((json) => typeof json.id === 'string' && json.id.startsWith('todo-'))).toBe(true);
		expect(new Set(out.map((json) => json.id)).size).toBe(3);
		expect(out[0].priority).toBe(30);
		const counters = bed.emulator.counters();
		expect(counters.requests.createInstance).toBe(1);
		expect(counters.executed.invokeInstance).toBe(3);
		// Invoke goes first: each item that found the instance missing is sent once more after the creation.
		const notFound = bed.emulator.log().filter((entry) => entry.api === 'invokeInstance' && !entry.executed).length;
		expect(notFound).toBeGreaterThanOrEqual(1);
		expect(counters.requests.invokeInstance).toBe(3 + notFound);
	});

	it.each([
		['sends one invoke per item and no creation in a new process when the instance exists', true],
		['makes no token, instance or schema call on a warm second run', false],
	])('%s', async (_what, newProcess) => {
		await bed.run(mode, todoFromRow, { items: rows, workflowId });
		if (newProcess) resetProcessMemory();
		bed.emulator.resetCounters();

		const out = outputJson(await bed.run(mode, todoFromRow, { items: rows, workflowId }));

		expect(out).toHaveLength(3);
		const { requests } = bed.emulator.counters();
		expect(requests.createInstance).toBe(0);
		expect(requests.invokeInstance).toBe(3);
		if (!newProcess) {
			expect(requests.getActionDetail).toBe(0);
			expect(requests.accessToken + requests.corpAccessToken).toBe(0);
		}
	});

	it('gives another workflow its own instance', async () => {
		await bed.run(mode, todoFromRow, { items: rows.slice(0, 1), workflowId: `${workflowId}-a` });
		await bed.run(mode, todoFromRow, { items: rows.slice(0, 1), workflowId: `${workflowId}-b` });

		const keys = bed.emulator
			.instances()
			.filter((instance) => instance.connectAssetUri === todoUri)
			.map((instance) => instance.instanceKey);
		expect(new Set(keys).size).toBeGreaterThanOrEqual(2);
		expect(bed.emulator.counters().executed.createInstance).toBe(2);
	});

	it('creates the instance again, once, when it was deleted between runs', async () => {
		const id = `${workflowId}-deleted`;
		await bed.run(mode, todoFromRow, { items: rows, workflowId: id });
		expect(bed.emulator.deleteInstances({ connectAssetUri: todoUri })).toBeGreaterThan(0);
		bed.emulator.resetCounters();

		const out = outputJson(await bed.run(mode, todoFromRow, { items: rows, workflowId: id }));

		expect(out).toHaveLength(3);
		const counters = bed.emulator.counters();
		expect(counters.executed.createInstance).toBe(1);
		expect(counters.executed.invokeInstance).toBe(3);
	});

	it('sends each field as the panel shows it: a True/False choice as a boolean, an empty field not at all', async () => {
		const echoUri = SEED_ASSETS.echoForm.connectAssetUri;
		const form = { name: 'Ada', age: 36, level: 'senior', rating: 3 };
		const chosen = outputJson(await bed.run(mode, invokeFields(echoUri, { ...form, active: false, tags: null })));
		expect(chosen).toEqual([{ ...form, active: false }]);
		const byExpression = outputJson(await bed.run(mode, invokeFields(echoUri, { ...form, active: '={{ 1 > 0 }}' })));
		expect(byExpression).toEqual([{ ...form, active: true }]);
		// Unset (as the panel shows it: an empty choice), the boolean is left to DingTalk.
		expect(outputJson(await bed.run(mode, invokeFields(echoUri, form)))).toEqual([form]);
	});

	it('takes the whole input as JSON, built by an expression', async () => {
		const parameters = invokeJson(
			SEED_ASSETS.addNumbers.connectAssetUri,
			'={{ JSON.stringify({ a: $json.x, b: $json.y, more: [1, 2] }) }}',
		);
		const out = outputJson(
			await bed.run(mode, parameters, { items: [{ json: { x: 1.5, y: 2 } }, { json: { x: -1, y: 1 } }], workflowId }),
		);
		expect(out.map((json) => json.sum)).toEqual([6.5, 3]);
	});

	it('maps the input item automatically', async () => {
		const parameters = invokeFields(SEED_ASSETS.addNumbers.connectAssetUri, {}, {}, 'autoMapInputData');
		const out = outputJson(await bed.run(mode, parameters, { items: [{ json: { a: 2, b: 40, unrelated: 'x' } }], workflowId }));
		expect(out[0].sum).toBe(42);
	});

	it('adds the call metadata when asked', async () => {
		const parameters = invokeFields(SEED_ASSETS.addNumbers.connectAssetUri, { a: 1, b: 2 }, { includeMetadata: true });
		const [json] = outputJson(await bed.run(mode, parameters, { workflowId }));
		expect(json.sum).toBe(3);
		expect(json._dingtalk).toEqual(
			expect.objectContaining({
				connectAssetUri: SEED_ASSETS.addNumbers.connectAssetUri,
				instanceKey: expect.stringMatching(/^n8n-/),
				instanceId: expect.any(String),
			}),
		);
	});

	it('runs an action whose schema is empty', async () => {
		const parameters = invokeFields(SEED_ASSETS.emptySchema.connectAssetUri, {});
		const [json] = outputJson(await bed.run(mode, parameters, { workflowId }));
		expect(json.pong).toBe(true);
	});
});

describe('items that fail', () => {
	const addUri = SEED_ASSETS.addNumbers.connectAssetUri;
	const mixed = [{ json: { a: 1, b: 2 } }, { json: { a: 'three', b: 2 } }, { json: { a: 4 } }, { json: { a: 5, b: 5 } }];
	const parameters = invokeJson(addUri, '={{ JSON.stringify($json) }}');

	it('yields one output per item, in order, under Continue On Fail, sending only the good ones', async () => {
		const out = outputJson(await bed.run('corp', parameters, { items: mixed, continueOnFail: true, workflowId: 'wf-mixed' }));

		expect(out).toHaveLength(4);
		expect(out[0].sum).toBe(3);
		expect(out[1].error).toMatch(/Item 1/);
		expect(out[1].error).toMatch(/"a"/);
		expect(out[2].error).toMatch(/Item 2/);
		expect(out[2].error).toMatch(/"b"/);
		expect(out[3].sum).toBe(10);
		const ran = bed.emulator.log().filter((entry) => entry.api === 'invokeInstance' && entry.executed);
		const inputs = ran.map((entry) => JSON.parse((entry.body as { inputJsonString: string }).inputJsonString) as { a: number });
		expect(inputs.sort((x, y) => x.a - y.a)).toEqual([
			{ a: 1, b: 2 },
			{ a: 5, b: 5 },
		]);
	});

	it('fails the node on the first bad item without Continue On Fail, naming the item and the field', async () => {
		const result = await bed.run('corp', parameters, { items: mixed, workflowId: 'wf-mixed' });
		expect(result.error?.message).toMatch(/Item 1: .*"a"/);
	});

	it('tells an AI Agent model the field, the value it sent and what is allowed, without an item number', async () => {
		const answer = invokeFields(todoUri, { subject: 'Quarterly review', creatorId: 'manager4321', priority: '35' });
		// The tool variant's fields, as its editor stores them (every one text, for the node to read).
		const todo = SEED.actions.find((action) => action.connectAssetUri === todoUri)!;
		(answer.parameters as { schema: unknown }).schema = schemaToToolFields(parseSchema(todo.inputSchema));
		const result = await bed.run('corp', answer, { workflowId: 'wf-tool-bad', asTool: true });
		expect(result.error?.message).toBe('Field "priority" must be one of: 10, 20, 30, 40 (sent: 35)');
		expect(bed.emulator.log().filter((entry) => entry.api === 'invokeInstance')).toEqual([]);
	});

	it("gives the schema's hint of each field at fault with the error, as the panel's labels carry the title alone", async () => {
		const bad = invokeJson(todoUri, '{"subject": "", "creatorId": "manager4321", "dueTime": "next Friday", "priority": 20}');
		const result = await bed.run('corp', bad, { workflowId: 'wf-bad-hint' });
		const error = result.error as Error & { description?: string };
		expect(error.message).toMatch(/Item 0: .*"subject".*"dueTime"/);
		expect(error.description).toBe(
			"Nothing was sent to DingTalk. Fix the input so that it matches the action's schema. What the schema says: " +
				'标题 Subject: What has to be done; 截止时间 Due Time: ISO 8601, e.g. 2024-06-30T18:00:00+08:00',
		);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(0);
	});

	it('turns a connector-level errorCode into an error of that item', async () => {
		const failing = invokeFields(SEED_ASSETS.alwaysFails.connectAssetUri, { payload: 'x' });
		const out = outputJson(
			await bed.run('corp', failing, { items: [{ json: {} }, { json: {} }], continueOnFail: true, workflowId: 'wf-fails' }),
		);
		expect(out).toHaveLength(2);
		expect(out.every((json) => String(json.error).includes('CONNECTOR_TIMEOUT'))).toBe(true);
	});

	it('refuses an input that breaks the schema before sending it (Fields mode)', async () => {
		const bad = invokeFields(SEED_ASSETS.echoForm.connectAssetUri, { name: 'Li Lei', age: 30, level: 'guru' });
		const result = await bed.run('corp', bad, { workflowId: 'wf-bad-enum' });
		// n8n itself checks an option field against the stored field list, before the node runs.
		expect(result.error?.message).toMatch(/level/);
		expect(result.error?.message).toMatch(/item 0/i);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(0);
	});

	it('refuses a value that breaks a nested rule of the schema before sending it', async () => {
		const bad = invokeFields(SEED_ASSETS.echoForm.connectAssetUri, {
			name: 'Li Lei',
			age: 30,
			level: 'senior',
			address: '{"street": "Wangfujing"}',
		});
		const result = await bed.run('corp', bad, { workflowId: 'wf-bad-nested' });
		expect(result.error?.message).toMatch(/Item 0: .*address\.city/);
		expect(bed.emulator.counters().requests.invokeInstance).toBe(0);
	});

	it('tells a third-party app how to authorise an action the organisation has not authorised', async () => {
		await bed.harness.listSearch({
			nodeType: 'dingTalkConnect',
			method: 'searchActions',
			parameters: { connector: { __rl: true, mode: 'id', value: SEED_ASSETS.unauthorisedForSuite.connectorId } },
			credentials: { dingTalkConnectApi: 'suite' },
		});
		const parameters = invokeJson(SEED_ASSETS.unauthorisedForSuite.connectAssetUri, '{"record": {"title": "Q3 budget"}}');
		const result = await bed.run('suite', parameters, { workflowId: 'wf-4003' });
		const error = result.error as Error & { description?: string };
		expect(`${error.message} ${error.description}`).toMatch(/4003|authoris/i);
		expect(`${error.message} ${error.description}`).toMatch(/dingtalk:\/\//);
		expect(bed.emulator.counters().executed.invokeInstance).toBe(0);
	});
});
