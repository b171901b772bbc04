// Contract of schemas changed while the emulator runs: GetActionDetail shows the new schema at once and
// invoke validates against it; reset restores the seed schema.
import axios from 'axios';

import { SEED, SEED_ASSETS, SEED_ASSETS_B } from '../../emulator';
import { useEmulator } from './bed';
import { PATHS } from './client';

const bed = useEmulator({ config: { qpsLimit: 0 }, tokens: ['corp'] });

const uri = SEED_ASSETS.addNumbers.connectAssetUri;
const seedAction = SEED.actions.find((a) => a.connectAssetUri === uri)!;

/** Add Numbers with a third required addend c. */
const withC = {
	type: 'object',
	required: ['a', 'b', 'c'],
	properties: { a: { type: 'number' }, b: { type: 'number' }, c: { type: 'number', title: 'Addend C' } },
};

async function detail(connectAssetUri = uri) {
	const answer = await bed.client.post(PATHS.detail, bed.corp, { connectAssetUri });
	expect(answer.status).toBe(200);
	return { input: JSON.parse(answer.data.inputSchema), output: JSON.parse(answer.data.outputSchema) };
}

describe('setActionSchema', () => {
	it('shows the new input schema in GetActionDetail at once, the output schema unchanged', async () => {
		expect((await detail()).input).toEqual(seedAction.inputSchema);
		bed.emulator.setActionSchema(uri, { inputSchema: withC });
		expect(await detail()).toEqual({ input: withC, output: seedAction.outputSchema });
	});

	it('validates invocations against the new schema', async () => {
		await bed.client.createInstance(bed.corp, uri, 'k');
		expect((await bed.client.invoke(bed.corp, uri, 'k', { a: 1, b: 2 })).data.errorCode).toBe('0');
		bed.emulator.setActionSchema(uri, { inputSchema: withC });
		const refused = await bed.client.invoke(bed.corp, uri, 'k', { a: 1, b: 2 });
		expect(refused.data).toMatchObject({ errorCode: 'INPUT_INVALID', errorMessage: 'input.c is required' });
		const accepted = await bed.client.invoke(bed.corp, uri, 'k', { a: 1, b: 2, c: 3 });
		expect(accepted.data.errorCode).toBe('0');
		expect(bed.emulator.invocations()).toHaveLength(2);
	});

	it('can loosen a schema: a field no longer required may be left out', async () => {
		await bed.client.createInstance(bed.corp, uri, 'k');
		bed.emulator.setActionSchema(uri, { inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } });
		expect((await bed.client.invoke(bed.corp, uri, 'k', { a: 1 })).data.errorCode).toBe('0');
	});

	it('replaces the output schema alone, keeping an earlier input change', async () => {
		bed.emulator.setActionSchema(uri, { inputSchema: withC });
		const output = { type: 'object', properties: { total: { type: 'number' } } };
		bed.emulator.setActionSchema(uri, { outputSchema: output });
		expect(await detail()).toEqual({ input: withC, output });
	});

	it('changes only the named action, and reset restores the seed schema', async () => {
		bed.emulator.setActionSchema(uri, { inputSchema: withC });
		const other = SEED_ASSETS.echoForm.connectAssetUri;
		expect((await detail(other)).input).toEqual(SEED.actions.find((a) => a.connectAssetUri === other)!.inputSchema);
		await bed.reset();
		expect((await detail()).input).toEqual(seedAction.inputSchema);
	});

	it('keeps its own copy: changing the object passed in afterwards changes nothing', async () => {
		const schema = JSON.parse(JSON.stringify(withC));
		bed.emulator.setActionSchema(uri, { inputSchema: schema });
		schema.required = [];
		expect((await detail()).input.required).toEqual(['a', 'b', 'c']);
	});

	it('refuses an unknown asset or a schema that is not an object', () => {
		expect(() => bed.emulator.setActionSchema('dca://nowhere/action/x', { inputSchema: withC })).toThrow(/connectAssetUri/);
		expect(() => bed.emulator.setActionSchema(uri, { inputSchema: 'text' as never })).toThrow(/inputSchema must be a JSON Schema object/);
		expect(() => bed.emulator.setActionSchema(uri, { outputSchema: [] as never })).toThrow(/outputSchema/);
		expect(() => bed.emulator.setActionSchema(uri, {})).toThrow(/inputSchema, outputSchema or both/);
	});

	it("changes an org B action for org B's app", async () => {
		const corpB = await bed.client.corpBToken();
		bed.emulator.setActionSchema(SEED_ASSETS_B.echo.connectAssetUri, { inputSchema: withC });
		const answer = await bed.client.post(PATHS.detail, corpB, { connectAssetUri: SEED_ASSETS_B.echo.connectAssetUri });
		expect(JSON.parse(answer.data.inputSchema)).toEqual(withC);
	});
});

describe('POST /__emulator/action-schema', () => {
	const control = () => axios.create({ baseURL: `${bed.emulator.url}/__emulator`, validateStatus: () => true });

	it('changes the schema from another process, without a token and without being counted', async () => {
		const answer = await control().post('/action-schema', { connectAssetUri: uri, inputSchema: withC });
		expect(answer.status).toBe(200);
		expect(answer.data).toEqual({ ok: true, connectAssetUri: uri });
		expect((await detail()).input).toEqual(withC);
		expect(bed.emulator.log().map((e) => e.api)).toEqual(['accessToken', 'getActionDetail']);
	});

	it('answers 400 for an unknown asset or a bad schema, changing nothing', async () => {
		for (const body of [{ connectAssetUri: 'dca://nowhere', inputSchema: withC }, { connectAssetUri: uri, inputSchema: 5 }, { inputSchema: withC }, { connectAssetUri: uri }]) {
			const answer = await control().post('/action-schema', body);
			expect(answer.status).toBe(400);
			expect(typeof answer.data.error).toBe('string');
		}
		expect((await detail()).input).toEqual(seedAction.inputSchema);
	});
});
