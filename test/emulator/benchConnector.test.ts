// The bench-only start option: org A gains one connector with as many echo actions as asked, listed,
// described and invocable like any other; without the option that connector does not exist.
import { BENCH_CONNECTOR, SEED, SEED_ORGS, seedOrgs } from '../../emulator';
import { useEmulator } from './bed';
import { PATHS } from './client';

const COUNT = 120;

describe('an emulator started with benchActions', () => {
	const bed = useEmulator({ config: { qpsLimit: 0 }, tokens: ['corp', 'suite'], benchActions: COUNT });

	it('lists the bench connector among org A self-built ones, with all its actions over pages', async () => {
		const connectors = await bed.client.get(PATHS.connectors, bed.corp, { type: 'self_built', maxResults: 50 });
		expect(connectors.data.list.map((c: { id: string }) => c.id)).toContain(BENCH_CONNECTOR.id);
		const ids: string[] = [];
		let nextToken: unknown;
		do {
			const page = await bed.client.post(PATHS.actions, bed.corp, { connectorId: BENCH_CONNECTOR.id, maxResults: 50, nextToken });
			expect(page.status).toBe(200);
			ids.push(...page.data.list.map((a: { id: string }) => a.id));
			nextToken = page.data.nextToken;
		} while (nextToken);
		expect(ids).toHaveLength(COUNT);
		expect(new Set(ids).size).toBe(COUNT);
	});

	it('describes and runs a bench action, which echoes its input', async () => {
		const [last] = seedOrgs(COUNT)[0].actions.slice(-1);
		const detail = await bed.client.post(PATHS.detail, bed.corp, { connectAssetUri: last.connectAssetUri });
		expect(detail.status).toBe(200);
		expect(detail.data.name).toBe(`Bench Action 0${COUNT}`);
		expect((await bed.client.createInstance(bed.corp, last.connectAssetUri, 'k1')).status).toBe(200);
		const invoked = await bed.client.invoke(bed.corp, last.connectAssetUri, 'k1', { keyword: 'x' });
		expect(invoked.status).toBe(200);
		expect(JSON.parse(invoked.data.outputJson as string)).toEqual({ actionId: last.id, echo: { keyword: 'x' } });
	});

	it('keeps the connector through reset, and in no other organisation', async () => {
		bed.emulator.reset();
		const page = await bed.client.post(PATHS.actions, await bed.client.corpBToken(), { connectorId: BENCH_CONNECTOR.id });
		expect(page.data.list).toEqual([]);
		const again = await bed.client.post(PATHS.actions, await bed.client.corpToken(), { connectorId: BENCH_CONNECTOR.id, maxResults: 10 });
		expect(again.data.list).toHaveLength(10);
	});
});

describe('an emulator started without it', () => {
	const bed = useEmulator({ config: { qpsLimit: 0 }, tokens: ['corp'] });

	it('has no bench connector, and the seed is left as it was', async () => {
		const page = await bed.client.post(PATHS.actions, bed.corp, { connectorId: BENCH_CONNECTOR.id });
		expect(page.data.list).toEqual([]);
		expect(seedOrgs()).toBe(SEED_ORGS);
		expect(SEED.connectors.map((c) => c.id)).not.toContain(BENCH_CONNECTOR.id);
	});
});
