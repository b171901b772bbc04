import { SEED, SEED_ASSETS } from '../../../../../../emulator';
import { MODES, byId, outputJson, useTestbed, type Mode } from '../../testbed';

const bed = useTestbed({ resetCounters: true });

/** Action → Get Many on a connector, for some integration types, all of them or up to a limit. */
async function actionsOf(mode: Mode, connectorId: string, integrationTypes: string[], limit?: number) {
	const paging = limit === undefined ? { returnAll: true } : { returnAll: false, limit };
	return outputJson(
		await bed.run(mode, { resource: 'action', operation: 'getMany', connector: byId(connectorId), integrationTypes, ...paging }),
	);
}

describe.each(MODES)('Action → Get Many (%s app)', (mode) => {
	it("lists a connector's actions by integration type", async () => {
		const { connectorId, connectAssetUri } = SEED_ASSETS.integrationFlow;
		const basic = await actionsOf(mode, connectorId, ['basic']);
		const flows = await actionsOf(mode, connectorId, ['integration_endpoint']);

		expect(basic.length).toBeGreaterThan(0);
		expect(basic.every((action) => action.integrationType === 'basic')).toBe(true);
		expect(flows.map((action) => action.connectAssetUri)).toEqual([connectAssetUri]);
	});

	it('returns up to the limit across pages', async () => {
		expect(await actionsOf(mode, SEED.bulkConnectorId, ['basic'], 12)).toHaveLength(12);
	});
});

describe('Action → Get Many as an AI Agent tool', () => {
	it("returns the connector's actions that match the model's search, up to its limit", async () => {
		const connectorId = SEED.bulkConnectorId;
		const all = await actionsOf('corp', connectorId, ['basic']);
		const word = String(all[all.length - 1].name);
		const tool = (answers: Record<string, unknown>) => ({
			resource: 'action',
			operation: 'getMany',
			connector: byId(connectorId),
			integrationTypes: ['basic'],
			returnAll: false,
			...answers,
		});
		const found = outputJson(await bed.run('corp', tool({ search: word.toLowerCase(), limit: 50 }), { asTool: true }));
		expect(found.length).toBeGreaterThan(0);
		expect(found.every((action) => String(action.name).toLowerCase().includes(word.toLowerCase()) || String(action.description).toLowerCase().includes(word.toLowerCase()) || String(action.id).toLowerCase().includes(word.toLowerCase()) || String(action.connectAssetUri).toLowerCase().includes(word.toLowerCase()))).toBe(true);
		expect(found.map((action) => action.connectAssetUri)).toContain(all[all.length - 1].connectAssetUri);
		expect(outputJson(await bed.run('corp', tool({ search: '', limit: '5' }), { asTool: true }))).toHaveLength(5);
	});
});
