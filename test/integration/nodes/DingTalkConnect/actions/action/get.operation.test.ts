import { SEED_ASSETS } from '../../../../../../emulator';
import { MODES, byId, byUri, outputJson, useTestbed } from '../../testbed';

const bed = useTestbed({ resetCounters: true });

describe.each(MODES)('Action → Get (%s app)', (mode) => {
	it("returns the action's schemas as objects", async () => {
		const [detail] = outputJson(
			await bed.run(mode, { resource: 'action', operation: 'get', action: byUri(SEED_ASSETS.createTodo.connectAssetUri) }),
		);
		expect(detail.connectAssetUri).toBe(SEED_ASSETS.createTodo.connectAssetUri);
		expect((detail.inputSchema as { required: string[] }).required).toEqual(['subject', 'creatorId']);
		expect(typeof detail.outputSchema).toBe('object');
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
