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
