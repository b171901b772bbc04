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
