// Contract of SearchConnectors, SearchActions and GetActionDetail: shapes, paging, filters, visibility.
import { SEED, SEED_ASSETS } from '../../emulator';
import { useEmulator } from './bed';
import { PATHS, type Answer } from './client';

const bed = useEmulator({ config: { qpsLimit: 0 }, tokens: ['corp', 'suite'], lifetime: 'once' });

async function allConnectors(token: string, type: string, maxResults?: number): Promise<{ ids: string[]; pages: Answer[] }> {
	const ids: string[] = [];
	const pages: Answer[] = [];
	let nextToken = '';
	for (let guard = 0; guard < 100; guard++) {
		const answer = await bed.client.get(PATHS.connectors, token, { type, nextToken, maxResults });
		expect(answer.status).toBe(200);
		pages.push(answer);
		ids.push(...answer.data.list.map((c: { id: string }) => c.id));
		if (!answer.data.hasMore) break;
		nextToken = answer.data.nextToken;
	}
	return { ids, pages };
}

async function allActions(token: string, body: Record<string, unknown>): Promise<{ list: Array<Record<string, unknown>>; pages: Answer[] }> {
	const list: Array<Record<string, unknown>> = [];
	const pages: Answer[] = [];
	let nextToken = '';
	for (let guard = 0; guard < 100; guard++) {
		const answer = await bed.client.post(PATHS.actions, token, { ...body, nextToken });
		expect(answer.status).toBe(200);
		pages.push(answer);
		list.push(...answer.data.list);
		if (!answer.data.hasMore) break;
		nextToken = answer.data.nextToken;
	}
	return { list, pages };
}

describe('seed', () => {
	it('has at least 60 connectors over the three types, unique ids, and an icon on each', () => {
		expect(SEED.connectors.length).toBeGreaterThanOrEqual(60);
		const byType = (type: string) => SEED.connectors.filter((c) => c.type === type).length;
		expect(byType('self_built')).toBeGreaterThan(20);
		expect(byType('third_party')).toBeGreaterThan(20);
		expect(byType('official')).toBeGreaterThan(15);
		expect(new Set(SEED.connectors.map((c) => c.id)).size).toBe(SEED.connectors.length);
		expect(new Set(SEED.actions.map((a) => a.connectAssetUri)).size).toBe(SEED.actions.length);
		for (const connector of SEED.connectors) {
			expect(connector.id).toMatch(/^G-CONN-[0-9A-F]+$/);
			expect(connector.providerCorpId).toMatch(/^ding[0-9a-f]+$/);
			expect(connector.icon).toMatch(/^https:\/\//);
		}
	});

	it('builds each connectAssetUri from the provider and the action id', () => {
		for (const asset of Object.values(SEED_ASSETS)) {
			expect(asset.connectAssetUri).toBe(
				`dca://${asset.connectorProviderCorpId}.connect.dingtalk.com/${asset.connectorProviderCorpId}/action/${asset.actionId}`,
			);
			expect(asset.actionId).toMatch(/^G-ACT-/);
		}
	});

	it('covers every schema kind the node has to map', () => {
		const text = JSON.stringify(SEED.actions.map((a) => a.inputSchema));
		for (const needle of ['"string"', '"number"', '"integer"', '"boolean"', '"enum":["junior"', '"enum":[1,2,3,4,5]', '"date-time"', '"array"', '"required"', '"title"', '"description"', '"default"']) {
			expect(text).toContain(needle);
		}
		const empty = SEED.actions.find((a) => a.connectAssetUri === SEED_ASSETS.emptySchema.connectAssetUri);
		expect(empty?.inputSchema).toEqual({});
	});
});

describe('SearchConnectors (GET /v1.0/connector/assets/connectors)', () => {
	it('answers the documented shape, totalCount as a string, with a request id header', async () => {
		const answer = await bed.client.get(PATHS.connectors, bed.corp, { type: 'official', maxResults: 5 });
		expect(answer.status).toBe(200);
		expect(answer.headers['x-acs-request-id']).toMatch(/^[0-9A-F-]{36}$/);
		expect(Object.keys(answer.data).sort()).toEqual(['hasMore', 'list', 'nextToken', 'totalCount']);
		expect(answer.data.totalCount).toBe(String(SEED.connectors.filter((c) => c.type === 'official').length));
		expect(answer.data.hasMore).toBe(true);
		expect(typeof answer.data.nextToken).toBe('string');
		expect(answer.data.list).toHaveLength(5);
		for (const item of answer.data.list) {
			expect(Object.keys(item).sort()).toEqual(['description', 'icon', 'id', 'name', 'providerCorpId']);
		}
	});

	it('pages through every connector of the org for the enterprise app', async () => {
		const seen: string[] = [];
		for (const type of ['self_built', 'third_party', 'official']) {
			const { ids, pages } = await allConnectors(bed.corp, type, 7);
			expect(pages.length).toBeGreaterThan(1);
			expect(pages[pages.length - 1].data.nextToken).toBe('');
			expect(ids).toEqual(SEED.connectors.filter((c) => c.type === type).map((c) => c.id));
			seen.push(...ids);
		}
		expect(seen.length).toBe(SEED.connectors.length);
	});

	it('pages with the default page size of 20', async () => {
		const { pages } = await allConnectors(bed.corp, 'self_built');
		expect(pages[0].data.list).toHaveLength(20);
		expect(pages).toHaveLength(2);
	});

	it('caps maxResults at 50', async () => {
		const answer = await bed.client.get(PATHS.connectors, bed.corp, { type: 'self_built', maxResults: 500 });
		expect(answer.status).toBe(200);
		expect(answer.data.list.length).toBeLessThanOrEqual(50);
		const actions = await bed.client.post(PATHS.actions, bed.corp, { connectorId: SEED.bulkConnectorId, maxResults: 100 });
		expect(actions.data.list).toHaveLength(50);
		expect(actions.data.hasMore).toBe(true);
	});

	it('requires a valid type', async () => {
		const missing = await bed.client.get(PATHS.connectors, bed.corp, {});
		expect(missing.status).toBe(400);
		expect(missing.data.code).toBe('MissingType');
		const invalid = await bed.client.get(PATHS.connectors, bed.corp, { type: 'custom' });
		expect(invalid.status).toBe(400);
		expect(invalid.data.code).toBe('InvalidParameter.Type');
	});

	it('refuses a nextToken it did not issue', async () => {
		const answer = await bed.client.get(PATHS.connectors, bed.corp, { type: 'official', nextToken: 'garbage' });
		expect(answer.status).toBe(400);
		expect(answer.data.code).toBe('InvalidParameter.NextToken');
	});

	it('shows the suite all self-built connectors but only its approved scope of the others', async () => {
		const selfBuilt = await allConnectors(bed.suite, 'self_built', 50);
		expect(selfBuilt.ids.length).toBe(SEED.connectors.filter((c) => c.type === 'self_built').length);
		for (const type of ['third_party', 'official']) {
			const { ids } = await allConnectors(bed.suite, type, 50);
			const inScope = SEED.connectors.filter((c) => c.type === type && c.inSuiteScope).map((c) => c.id);
			expect(ids).toEqual(inScope);
			expect(ids.length).toBeGreaterThan(0);
			expect(ids.length).toBeLessThan(SEED.connectors.filter((c) => c.type === type).length);
		}
		expect(selfBuilt.pages[0].data.totalCount).toBe(String(selfBuilt.ids.length));
	});
});

describe('SearchActions (POST /v1.0/connector/assets/actions/search)', () => {
	it('answers the documented shape with totalCount as a number', async () => {
		const answer = await bed.client.post(PATHS.actions, bed.corp, { connectorId: SEED_ASSETS.addNumbers.connectorId, connectorProviderCorpId: SEED_ASSETS.addNumbers.connectorProviderCorpId });
		expect(answer.status).toBe(200);
		expect(answer.data.totalCount).toBe(2);
		expect(answer.data.hasMore).toBe(false);
		expect(answer.data.nextToken).toBe('');
		const item = answer.data.list.find((a: { id: string }) => a.id === SEED_ASSETS.addNumbers.actionId);
		expect(item).toEqual({
			id: SEED_ASSETS.addNumbers.actionId,
			connectorId: SEED_ASSETS.addNumbers.connectorId,
			name: expect.any(String),
			description: expect.any(String),
			icon: expect.any(String),
			providerCorpId: SEED_ASSETS.addNumbers.connectorProviderCorpId,
			integrationType: 'basic',
			connectAssetUri: SEED_ASSETS.addNumbers.connectAssetUri,
			authorized: true,
			authorityUrl: '',
		});
	});

	it('pages through a connector with more than 50 actions', async () => {
		const { list, pages } = await allActions(bed.corp, { connectorId: SEED.bulkConnectorId, connectorProviderCorpId: SEED.corpId, maxResults: 50 });
		const expected = SEED.actions.filter((a) => a.connectorId === SEED.bulkConnectorId && a.integrationType === 'basic');
		expect(expected.length).toBeGreaterThan(50);
		expect(pages).toHaveLength(2);
		expect(pages[0].data.totalCount).toBe(expected.length);
		expect(list.map((a) => a.id)).toEqual(expected.map((a) => a.id));
	});

	it('filters by integrationTypes, default ["basic"]', async () => {
		const body = { connectorId: SEED_ASSETS.integrationFlow.connectorId, connectorProviderCorpId: SEED_ASSETS.integrationFlow.connectorProviderCorpId };
		const basic = await bed.client.post(PATHS.actions, bed.corp, body);
		const ids = (answer: Answer) => answer.data.list.map((a: { id: string }) => a.id);
		expect(ids(basic)).not.toContain(SEED_ASSETS.integrationFlow.actionId);
		expect(ids(basic)).toContain(SEED_ASSETS.echoForm.actionId);
		const flows = await bed.client.post(PATHS.actions, bed.corp, { ...body, integrationTypes: ['integration_endpoint'] });
		expect(ids(flows)).toEqual([SEED_ASSETS.integrationFlow.actionId]);
		expect(flows.data.list[0].integrationType).toBe('integration_endpoint');
		const both = await bed.client.post(PATHS.actions, bed.corp, { ...body, integrationTypes: ['basic', 'integration_endpoint'] });
		expect(both.data.totalCount).toBe(basic.data.totalCount + 1);
	});

	it('requires connectorId and answers nothing for a provider mismatch or an unknown connector', async () => {
		const missing = await bed.client.post(PATHS.actions, bed.corp, {});
		expect(missing.status).toBe(400);
		expect(missing.data.code).toBe('MissingConnectorId');
		const mismatch = await bed.client.post(PATHS.actions, bed.corp, { connectorId: SEED_ASSETS.addNumbers.connectorId, connectorProviderCorpId: 'dingother' });
		expect(mismatch.data).toMatchObject({ list: [], totalCount: 0, hasMore: false });
		const unknown = await bed.client.post(PATHS.actions, bed.corp, { connectorId: 'G-CONN-NOPE' });
		expect(unknown.data.totalCount).toBe(0);
	});

	it('marks actions the org has not authorised for the suite, with an authority URL', async () => {
		const asset = SEED_ASSETS.unauthorisedForSuite;
		const body = { connectorId: asset.connectorId, connectorProviderCorpId: asset.connectorProviderCorpId };
		const asSuite = await bed.client.post(PATHS.actions, bed.suite, body);
		const item = asSuite.data.list.find((a: { id: string }) => a.id === asset.actionId);
		expect(item.authorized).toBe(false);
		expect(item.authorityUrl).toMatch(/^dingtalk:\/\/dingtalkclient\/page\/link\?url=/);
		expect(asSuite.data.list.some((a: { authorized: boolean }) => a.authorized)).toBe(true);
		const asCorp = await bed.client.post(PATHS.actions, bed.corp, body);
		expect(asCorp.data.list.every((a: { authorized: boolean; authorityUrl: string }) => a.authorized && a.authorityUrl === '')).toBe(true);
	});

	it('hides connectors outside the suite scope', async () => {
		const asset = SEED_ASSETS.outsideSuiteScope;
		const body = { connectorId: asset.connectorId, connectorProviderCorpId: asset.connectorProviderCorpId };
		expect((await bed.client.post(PATHS.actions, bed.suite, body)).data.totalCount).toBe(0);
		expect((await bed.client.post(PATHS.actions, bed.corp, body)).data.totalCount).toBeGreaterThan(0);
		const official = SEED_ASSETS.officialInScope;
		const inScope = await bed.client.post(PATHS.actions, bed.suite, { connectorId: official.connectorId, connectorProviderCorpId: official.connectorProviderCorpId });
		expect(inScope.data.totalCount).toBeGreaterThan(0);
	});
});

describe('GetActionDetail (POST /v1.0/connector/assets/actions/details/query)', () => {
	it('answers both schemas as JSON strings', async () => {
		const answer = await bed.client.post(PATHS.detail, bed.corp, { connectAssetUri: SEED_ASSETS.echoForm.connectAssetUri });
		expect(answer.status).toBe(200);
		expect(answer.data).toMatchObject({
			connectAssetUri: SEED_ASSETS.echoForm.connectAssetUri,
			name: expect.any(String),
			refId: SEED_ASSETS.echoForm.actionId,
			refProviderCorpId: SEED_ASSETS.echoForm.connectorProviderCorpId,
			refType: expect.any(String),
		});
		expect(typeof answer.data.inputSchema).toBe('string');
		expect(typeof answer.data.outputSchema).toBe('string');
		expect(typeof answer.data.integrationConfig).toBe('string');
		const input = JSON.parse(answer.data.inputSchema);
		expect(input.type).toBe('object');
		expect(input.required).toEqual(['name', 'age', 'level']);
		expect(input.properties.address.properties.geo.type).toBe('object');
	});

	it('answers the empty schema as "{}"', async () => {
		const answer = await bed.client.post(PATHS.detail, bed.corp, { connectAssetUri: SEED_ASSETS.emptySchema.connectAssetUri });
		expect(answer.data.inputSchema).toBe('{}');
	});

	it('answers 4004 for an unknown asset or one outside the suite scope, 4001 without an asset', async () => {
		const unknown = await bed.client.post(PATHS.detail, bed.corp, { connectAssetUri: 'dca://dingx.connect.dingtalk.com/dingx/action/G-ACT-NONE' });
		expect(unknown.status).toBe(404);
		expect(unknown.data.code).toBe('4004');
		expect(unknown.data.requestid).toBe(unknown.headers['x-acs-request-id']);
		const outside = await bed.client.post(PATHS.detail, bed.suite, { connectAssetUri: SEED_ASSETS.outsideSuiteScope.connectAssetUri });
		expect(outside.data.code).toBe('4004');
		const missing = await bed.client.post(PATHS.detail, bed.corp, {});
		expect(missing.status).toBe(400);
		expect(missing.data.code).toBe('4001');
	});
});
