import { SEED_ASSETS } from '../../../../../../emulator';
import { MODES, byUri, invokeJson, outputJson, useTestbed } from '../../testbed';

const bed = useTestbed({ resetCounters: true });
const ADD = SEED_ASSETS.addNumbers.connectAssetUri;

describe.each(MODES)('Instance → Delete (%s app)', (mode) => {
	const instance = (operation: 'create' | 'delete', instanceKey: string) => ({ resource: 'instance', operation, action: byUri(ADD), instanceKey });
	const held = (instanceKey: string) => bed.emulator.instances().some((record) => record.instanceKey === instanceKey);

	it('deletes the instance under the given key and says so, leaving the others', async () => {
		await bed.run(mode, instance('create', `kept-${mode}`));
		await bed.run(mode, instance('create', `gone-${mode}`));

		const [deleted] = outputJson(await bed.run(mode, instance('delete', `gone-${mode}`)));

		expect(deleted).toEqual({ connectAssetUri: ADD, instanceKey: `gone-${mode}`, deleted: true });
		expect(held(`gone-${mode}`)).toBe(false);
		expect(held(`kept-${mode}`)).toBe(true);
	});

	it('answers, without an error, when there is nothing left to delete', async () => {
		const [gone] = outputJson(await bed.run(mode, instance('delete', `never-${mode}`)));

		expect(gone).toEqual(expect.objectContaining({ instanceKey: `never-${mode}` }));
		expect(typeof gone.deleted).toBe('boolean');
	});

	it('lets a later Invoke under that key create the instance again, once', async () => {
		const instanceKey = `again-${mode}`;
		const invoke = invokeJson(ADD, JSON.stringify({ a: 1, b: 2 }), { instanceKey });
		await bed.run(mode, instance('create', instanceKey));
		await bed.run(mode, instance('delete', instanceKey));
		const before = bed.emulator.counters().requests.createInstance;

		const [sum] = outputJson(await bed.run(mode, invoke));

		expect(sum).toEqual(expect.objectContaining({ sum: 3 }));

		expect(bed.emulator.counters().requests.createInstance).toBe(before + 1);
		expect(held(instanceKey)).toBe(true);
	});
});
