import { SEED_ASSETS } from '../../../../../../emulator';
import { MODES, byUri, outputJson, useTestbed } from '../../testbed';

const bed = useTestbed({ resetCounters: true });

describe.each(MODES)('Instance → Create (%s app)', (mode) => {
	it('creates an instance under the given key', async () => {
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
});
