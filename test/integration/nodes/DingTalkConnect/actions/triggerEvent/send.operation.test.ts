import { SEED } from '../../../../../../emulator';
import { MODES, outputJson, useTestbed } from '../../testbed';

const bed = useTestbed({ resetCounters: true });

describe.each(MODES)('Trigger Event → Send (%s app)', (mode) => {
	it('pushes one event per item', async () => {
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
