import { SEED, SEED_ASSETS } from '../../../emulator';
import { MODES, byId, byUri, outputJson, useTestbed, type Mode } from './testbed';

const bed = useTestbed({ resetCounters: true });

const visibleConnectors = (mode: Mode) =>
	SEED.connectors.filter((connector) => mode === 'corp' || connector.type === 'self_built' || connector.inSuiteScope);

describe.each(MODES)('dropdowns and look-ups (%s app)', (mode) => {
	const credentials = { dingTalkConnectApi: mode };

	it('lists every visible connector across the three types, all pages, with the type in the label', async () => {
		const { results } = await bed.harness.listSearch({
			nodeType: 'dingTalkConnect',
			method: 'searchConnectors',
			parameters: {},
			credentials,
		});

		const expected = visibleConnectors(mode);
		expect(expected.length).toBeGreaterThan(mode === 'corp' ? 59 : 20);
		expect(results.map((result) => result.value).sort()).toEqual(expected.map((connector) => connector.id).sort());
		expect(results.some((result) => result.name.endsWith('(Self-Built)'))).toBe(true);
		expect(results.some((result) => result.name.endsWith('(Official)'))).toBe(true);
	});

	it('filters the connector list by the search text', async () => {
		const target = visibleConnectors(mode)[0];
		const { results } = await bed.harness.listSearch({
			nodeType: 'dingTalkConnect',
			method: 'searchConnectors',
			parameters: {},
			credentials,
			filter: target.name.slice(0, 4),
		});
		expect(results.map((result) => result.value)).toContain(target.id);
		expect(results.length).toBeLessThan(visibleConnectors(mode).length);
	});

	it('lists every action of a connector with more than 50, and asks DingTalk again on every look-up', async () => {
		const search = async () =>
			await bed.harness.listSearch({
				nodeType: 'dingTalkConnect',
				method: 'searchActions',
				parameters: { connector: byId(SEED.bulkConnectorId) },
				credentials,
			});
		const { results } = await search();
		const expected = SEED.actions.filter(
			(action) => action.connectorId === SEED.bulkConnectorId && action.integrationType === 'basic',
		);
		expect(expected.length).toBeGreaterThan(50);
		expect(results.map((result) => result.value).sort()).toEqual(expected.map((action) => action.connectAssetUri).sort());

		// The editor's look-ups are fresh: a repeat (the user pressing refresh) pages through DingTalk again.
		const before = bed.emulator.counters().requests.searchActions;
		await search();
		expect(bed.emulator.counters().requests.searchActions).toBe(before + Math.ceil(expected.length / 50));
	});

	it("builds the Fields from the action's input schema", async () => {
		const { fields } = await bed.harness.resourceMapping({
			nodeType: 'dingTalkConnect',
			method: 'getActionInputFields',
			parameters: { action: byUri(SEED_ASSETS.echoForm.connectAssetUri) },
			credentials,
		});
		const field = (id: string) => fields.find((candidate) => candidate.id === id);
		expect(field('name')).toEqual(expect.objectContaining({ type: 'string', required: true }));
		expect(field('name')?.displayName).toMatch(/^姓名 Name/);
		expect(field('age')).toEqual(expect.objectContaining({ type: 'number', required: true }));
		expect(field('active')?.type).toBe('boolean');
		expect(field('level')).toEqual(expect.objectContaining({ type: 'options', required: true }));
		expect(field('level')?.options?.map((option) => option.value)).toEqual(['junior', 'senior', 'expert']);
		expect(field('rating')?.options?.map((option) => option.value)).toEqual([1, 2, 3, 4, 5]);
		expect(field('birthday')?.type).toBe('dateTime');
		expect(field('tags')?.type).toBe('array');
		expect(field('address')?.type).toBe('object');
		expect(field('password')?.required).toBe(false);
	});

	it('Connector → Get Many returns every visible connector, or up to the limit, with its type', async () => {
		const all = outputJson(
			await bed.run(mode, { resource: 'connector', operation: 'getMany', connectorType: 'all', returnAll: true }),
		);
		expect(all).toHaveLength(visibleConnectors(mode).length);

		const some = outputJson(
			await bed.run(mode, { resource: 'connector', operation: 'getMany', connectorType: 'self_built', returnAll: false, limit: 7 }),
		);
		expect(some).toHaveLength(7);
		expect(some.every((connector) => connector.type === 'self_built')).toBe(true);
	});

	it('Action → Get Many lists a connector\'s actions by integration type', async () => {
		const { connectorId } = SEED_ASSETS.integrationFlow;
		const basic = outputJson(
			await bed.run(mode, {
				resource: 'action',
				operation: 'getMany',
				connector: byId(connectorId),
				integrationTypes: ['basic'],
				returnAll: true,
			}),
		);
		const flows = outputJson(
			await bed.run(mode, {
				resource: 'action',
				operation: 'getMany',
				connector: byId(connectorId),
				integrationTypes: ['integration_endpoint'],
				returnAll: true,
			}),
		);
		expect(basic.every((action) => action.integrationType === 'basic')).toBe(true);
		expect(flows.map((action) => action.connectAssetUri)).toEqual([SEED_ASSETS.integrationFlow.connectAssetUri]);

		const limited = outputJson(
			await bed.run(mode, {
				resource: 'action',
				operation: 'getMany',
				connector: byId(SEED.bulkConnectorId),
				integrationTypes: ['basic'],
				returnAll: false,
				limit: 12,
			}),
		);
		expect(limited).toHaveLength(12);
	});

	it("Action → Get returns the action's schemas as objects", async () => {
		const [detail] = outputJson(
			await bed.run(mode, { resource: 'action', operation: 'get', action: byUri(SEED_ASSETS.createTodo.connectAssetUri) }),
		);
		expect(detail.connectAssetUri).toBe(SEED_ASSETS.createTodo.connectAssetUri);
		expect((detail.inputSchema as { required: string[] }).required).toEqual(['subject', 'creatorId']);
		expect(typeof detail.outputSchema).toBe('object');
	});

	it('Instance → Create creates an instance under the given key', async () => {
		const [created] = outputJson(
			await bed.run(mode, {
				resource: 'instance',
				operation: 'create',
				action: byUri(SEED_ASSETS.addNumbers.connectAssetUri),
				instanceKey: `shared-${mode}`,
			}),
		);
		expect(created).toEqual(expect.objectContaining({ instanceKey: `shared-${mode}` }));
		expect(bed.emulator.instances()).toContainEqual(
			expect.objectContaining({ connectAssetUri: SEED_ASSETS.addNumbers.connectAssetUri, instanceKey: `shared-${mode}` }),
		);
	});

	it('Trigger Event → Send pushes one event per item', async () => {
		const trigger = SEED.triggers[0];
		const out = outputJson(
			await bed.run(
				mode,
				{
					resource: 'triggerEvent',
					operation: 'send',
					appId: SEED.syncAppIds[0],
					triggerId: trigger.triggerId,
					data: '={{ JSON.stringify({ id: $json.id, title: $json.title }) }}',
					dataAction: 'add',
					options: {},
				},
				{ items: [{ json: { id: 'r1', title: '第一条' } }, { json: { id: 'r2', title: 'second' } }] },
			),
		);
		expect(out).toHaveLength(2);
		expect(out.every((result) => result.success === true)).toBe(true);
		expect(bed.emulator.counters().executed.syncData).toBe(2);
	});
});

describe('Get on an action the organisation has not authorised for the third-party app', () => {
	it('tells its authorisation state and link', async () => {
		const [detail] = outputJson(
			await bed.run('suite', {
				resource: 'action',
				operation: 'get',
				connector: byId(SEED_ASSETS.unauthorisedForSuite.connectorId),
				action: byUri(SEED_ASSETS.unauthorisedForSuite.connectAssetUri),
			}),
		);
		expect(detail.authorized).toBe(false);
		expect(String(detail.authorityUrl)).toMatch(/^dingtalk:\/\//);
	});
});
