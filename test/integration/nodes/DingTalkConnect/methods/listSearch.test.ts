import { SEED } from '../../../../../emulator';
import { MODES, byId, useTestbed, type Mode } from '../testbed';

const bed = useTestbed({ resetCounters: true });

const visibleConnectors = (mode: Mode) =>
	SEED.connectors.filter((connector) => mode === 'corp' || connector.type === 'self_built' || connector.inSuiteScope);

describe.each(MODES)('connector and action look-ups (%s app)', (mode) => {
	const lookUp = async (method: 'searchConnectors' | 'searchActions', parameters = {}, filter?: string) =>
		await bed.harness.listSearch({ nodeType: 'dingTalkConnect', method, parameters, credentials: { dingTalkConnectApi: mode }, filter });

	it('lists every visible connector across the three types, all pages, with the type in the label', async () => {
		const { results } = await lookUp('searchConnectors');

		const expected = visibleConnectors(mode);
		expect(expected.length).toBeGreaterThan(mode === 'corp' ? 59 : 20);
		expect(results.map((result) => result.value).sort()).toEqual(expected.map((connector) => connector.id).sort());
		expect(results.some((result) => result.name.endsWith('(Self-Built)'))).toBe(true);
		expect(results.some((result) => result.name.endsWith('(Official)'))).toBe(true);
	});

	it('filters the connector list by the search text', async () => {
		const target = visibleConnectors(mode)[0];
		const { results } = await lookUp('searchConnectors', {}, target.name.slice(0, 4));
		expect(results.map((result) => result.value)).toContain(target.id);
		expect(results.length).toBeLessThan(visibleConnectors(mode).length);
	});

	it('lists every action of a connector with more than 50, and asks DingTalk again on every look-up', async () => {
		const search = async () => await lookUp('searchActions', { connector: byId(SEED.bulkConnectorId) });
		const { results } = await search();
		const expected = SEED.actions.filter(
			(action) => action.connectorId === SEED.bulkConnectorId && action.integrationType === 'basic',
		);
		expect(expected.length).toBeGreaterThan(50);
		expect(results.map((result) => result.value).sort()).toEqual(expected.map((action) => action.connectAssetUri).sort());

		// The editor's look-ups are fresh: a repeat (the user pressing refresh) pages through DingTalk again.
		const before = bed.emulator.counters().requests.searchActions;
		await search();
		expect(bed.emulator.counters().requests.searchActions).toBe(before + Math.ceil(expected.length / 50));
	});
});
