// Paging over real HTTP: nextToken/hasMore to the end (Return All), Limit, one page at a time,
// and the page size capped at DingTalk's 50.
import { SEED } from '../../../emulator';
import type { Mode } from './probe';
import { MODES, searchActions, searchConnectors, useProbeWorld } from './probe';

const world = useProbeWorld({ baseDelayMs: 5, maxDelayMs: 20 });

interface Page {
	items: Array<{ id: string }>;
	nextToken?: string;
	hasMore: boolean;
}

const selfBuilt = SEED.connectors.filter((c) => c.type === 'self_built');
/** The connector with the most actions (more than 50, so its list pages). */
const bigConnector = [...SEED.connectors].sort(
	(a, b) =>
		SEED.actions.filter((x) => x.connectorId === b.id && x.integrationType === 'basic').length -
		SEED.actions.filter((x) => x.connectorId === a.id && x.integrationType === 'basic').length,
)[0];
const bigActionCount = SEED.actions.filter((a) => a.connectorId === bigConnector.id && a.integrationType === 'basic').length;

describe.each(MODES)('%s mode', (mode: Mode) => {
	it('Return All pages GET lists (qs) to the end', async () => {
		const [outcome] = await world.run(mode, [{ call: 'allItems', request: searchConnectors('self_built'), returnAll: true, pageSize: 7 }]);
		const ids = (outcome.result as Array<{ id: string }>).map((c) => c.id);
		expect(new Set(ids).size).toBe(selfBuilt.length);
		expect(ids.sort()).toEqual(selfBuilt.map((c) => c.id).sort());
		expect(world.emulator.counters().requests.searchConnectors).toBe(Math.ceil(selfBuilt.length / 7));
	});

	it('Return All pages POST lists (body) beyond 50 items', async () => {
		expect(bigActionCount).toBeGreaterThan(50);
		const [outcome] = await world.run(mode, [
			{ call: 'allItems', request: searchActions(bigConnector.id, bigConnector.providerCorpId), returnAll: true },
		]);
		expect(outcome.ok).toBe(true);
		expect((outcome.result as unknown[]).length).toBe(bigActionCount);
		expect(world.emulator.counters().requests.searchActions).toBe(Math.ceil(bigActionCount / 50));
	});

	it('Limit stops as soon as enough items are collected, asking only for what is missing', async () => {
		const [outcome] = await world.run(mode, [{ call: 'allItems', request: searchConnectors('self_built'), returnAll: false, limit: 12, pageSize: 5 }]);
		expect((outcome.result as unknown[]).length).toBe(12);
		const asked = world.emulator.log().filter((e) => e.api === 'searchConnectors').map((e) => Number((e.body as { maxResults: string }).maxResults));
		expect(asked).toEqual([5, 5, 2]);
	});

	it('one page at a time: nextToken and hasMore', async () => {
		const [first] = await world.run(mode, [{ call: 'page', request: searchConnectors('self_built'), pageSize: 10 }]);
		const page1 = first.result as Page;
		expect(page1.items).toHaveLength(10);
		expect(page1.hasMore).toBe(true);
		expect(typeof page1.nextToken).toBe('string');
		const [second] = await world.run(mode, [{ call: 'page', request: searchConnectors('self_built'), pageSize: 50, nextToken: page1.nextToken }]);
		const page2 = second.result as Page;
		expect(page2.items).toHaveLength(selfBuilt.length - 10);
		expect(page2.hasMore).toBe(false);
		expect(page2.nextToken).toBeUndefined();
		expect(page2.items.map((c) => c.id)).not.toContain(page1.items[0].id);
	});

	it('page sizes are capped at 50', async () => {
		const [outcome] = await world.run(mode, [
			{ call: 'page', request: searchActions(bigConnector.id, bigConnector.providerCorpId), pageSize: 500 },
		]);
		const page = outcome.result as Page;
		expect(page.items).toHaveLength(50);
		expect(page.hasMore).toBe(true);
	});
});
