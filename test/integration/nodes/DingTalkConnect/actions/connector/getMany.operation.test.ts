import { SEED } from '../../../../../../emulator';
import { MODES, outputJson, useTestbed, type Mode } from '../../testbed';

const bed = useTestbed({ resetCounters: true });

const visibleConnectors = (mode: Mode) =>
	SEED.connectors.filter((connector) => mode === 'corp' || connector.type === 'self_built' || connector.inSuiteScope);

describe.each(MODES)('Connector → Get Many (%s app)', (mode) => {
	it('returns every visible connector, or up to the limit, with its type', async () => {
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
});

describe('Connector → Get Many as an AI Agent tool', () => {
	const tool = (answers: Record<string, unknown>) => ({ resource: 'connector', operation: 'getMany', connectorType: 'all', returnAll: false, ...answers });

	it("returns the connectors that match the model's search, up to its limit, given as text", async () => {
		const wanted = SEED.connectors[0];
		const word = wanted.name.split(/\s+/)[0].toUpperCase();
		const matching = SEED.connectors.filter((connector) =>
			[connector.name, connector.id, connector.description].some((text) => typeof text === 'string' && text.toUpperCase().includes(word)),
		);
		const found = outputJson(await bed.run('corp', tool({ search: word, limit: '50' }), { asTool: true }));
		expect(found.map((connector) => connector.id).sort()).toEqual(matching.map((connector) => connector.id).sort());
		expect(outputJson(await bed.run('corp', tool({ search: '', limit: '3' }), { asTool: true }))).toHaveLength(3);
	});

	it('refuses a limit that is not a whole number, with the value the model sent', async () => {
		const result = await bed.run('corp', tool({ search: '', limit: 'lots' }), { asTool: true });
		expect(result.error?.message).toBe('The field "limit" must be a whole number of at least 1 (sent: "lots")');
	});
});
