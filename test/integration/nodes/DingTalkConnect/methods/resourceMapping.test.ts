import { SEED_ASSETS } from '../../../../../emulator';
import { MODES, actionInputFields, useTestbed } from '../testbed';

const bed = useTestbed({ resetCounters: true });

describe.each(MODES)('Fields of an action (%s app)', (mode) => {
	it("builds the Fields from the action's input schema", async () => {
		const fields = await actionInputFields(bed, mode, SEED_ASSETS.echoForm.connectAssetUri);
		const field = (id: string) => fields.find((candidate) => candidate.id === id);
		expect(field('name')).toEqual(expect.objectContaining({ type: 'string', required: true }));
		// The label is the schema's title alone; its description ("Full name") would cut it off.
		expect(field('name')?.displayName).toBe('姓名 Name');
		expect(field('age')).toEqual(expect.objectContaining({ type: 'number', required: true }));
		// A choice, not a switch: n8n shows an unset switch as ON although nothing is sent.
		expect(field('active')).toEqual(
			expect.objectContaining({ type: 'options', options: [{ name: 'True', value: true }, { name: 'False', value: false }], defaultValue: true }),
		);
		expect(field('level')).toEqual(expect.objectContaining({ type: 'options', required: true }));
		expect(field('level')?.options?.map((option) => option.value)).toEqual(['junior', 'senior', 'expert']);
		expect(field('rating')?.options?.map((option) => option.value)).toEqual([1, 2, 3, 4, 5]);
		expect(field('birthday')?.type).toBe('dateTime');
		// Optional lists and objects take JSON text: n8n's JSON editor marks an empty one as an error.
		expect(field('tags')?.type).toBe('string');
		expect(field('address')?.type).toBe('string');
		expect(field('password')?.required).toBe(false);
	});
});
