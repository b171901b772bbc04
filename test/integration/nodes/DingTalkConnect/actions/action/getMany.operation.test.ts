import { SEED, SEED_ASSETS } from '../../../../../../emulator';
import { MODES, byId, outputJson, useTestbed } from '../../testbed';

const bed = useTestbed({ resetCounters: true });

describe.each(MODES)('Action → Get Many (%s app)', (mode) => {
	it('lists a connector\'s actions by integration type', async () => {
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
});
