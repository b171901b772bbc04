// Contract of the second organisation (org B and its corp app) and the second suite (suite B, for org A):
// catalogues never cross, instances belong to their organisation, consent links name their suite,
// and counters and the log tell the apps apart.
import {
	DEMO_CORP_ID,
	DEMO_CREDENTIALS,
	ORG_B_CORP_ID,
	SEED,
	SEED_ASSETS,
	SEED_ASSETS_B,
	SEED_ORG_B,
	startEmulator,
	type RunningEmulator,
} from '../../emulator';
import { connectClient, PATHS, type Answer, type ConnectClient } from './client';

let emulator: RunningEmulator;
let client: ConnectClient;
let corpA: string;
let corpB: string;
let suiteA: string;
let suiteB: string;

beforeAll(async () => {
	emulator = await startEmulator();
	client = connectClient(emulator.url);
});
afterAll(() => emulator.stop());
beforeEach(async () => {
	emulator.reset();
	emulator.configure({ qpsLimit: 0 });
	corpA = await client.corpToken();
	corpB = await client.corpBToken();
	suiteA = await client.suiteToken();
	suiteB = await client.suiteBToken();
});

const suiteBApp = `${DEMO_CREDENTIALS.suiteB.suiteKey}:${DEMO_CORP_ID}`;

async function connectorIds(token: string, type: string): Promise<string[]> {
	const answer = await client.get(PATHS.connectors, token, { type, maxResults: 50 });
	expect(answer.status).toBe(200);
	expect(answer.data.hasMore).toBe(false);
	return (answer.data.list as Array<{ id: string }>).map((c) => c.id);
}

function expect4004(answer: Answer): void {
	expect(answer.status).toBe(404);
	expect(answer.data.code).toBe('4004');
}

/** The consent page a dingtalk:// authority link opens. */
function consentPage(authorityUrl: string): URL {
	const link = new URL(authorityUrl);
	return new URL(link.searchParams.get('url') ?? '');
}

describe('org B seed', () => {
	it('has five self-built connectors named "Org B ·" with 2-4 actions each, owned by org B', () => {
		expect(SEED_ORG_B.corpId).toBe(ORG_B_CORP_ID);
		expect(ORG_B_CORP_ID).not.toBe(DEMO_CORP_ID);
		expect(SEED_ORG_B.ownConnectors).toHaveLength(5);
		for (const connector of SEED_ORG_B.ownConnectors) {
			expect(connector.name.startsWith('Org B · ')).toBe(true);
			expect(connector).toMatchObject({ type: 'self_built', providerCorpId: ORG_B_CORP_ID });
			const actions = SEED_ORG_B.ownActions.filter((a) => a.connectorId === connector.id);
			expect(actions.length).toBeGreaterThanOrEqual(2);
			expect(actions.length).toBeLessThanOrEqual(4);
			for (const action of actions) expect(action.connectAssetUri).toContain(ORG_B_CORP_ID);
		}
		const aIds = new Set([...SEED.connectors.map((c) => c.id), ...SEED.actions.map((a) => a.id)]);
		expect([...SEED_ORG_B.ownConnectors, ...SEED_ORG_B.ownActions].filter((x) => aIds.has(x.id))).toEqual([]);
	});
});

describe('catalogues never cross', () => {
	it("org B's app lists exactly B's self-built connectors, the official ones and no third-party ones", async () => {
		expect(await connectorIds(corpB, 'self_built')).toEqual(SEED_ORG_B.ownConnectors.map((c) => c.id));
		expect(await connectorIds(corpB, 'third_party')).toEqual([]);
		expect(await connectorIds(corpB, 'official')).toEqual(await connectorIds(corpA, 'official'));
	});

	it("org A's apps list none of B's connectors", async () => {
		const bIds = new Set(SEED_ORG_B.ownConnectors.map((c) => c.id));
		for (const token of [corpA, suiteA, suiteB]) {
			const selfBuilt = await connectorIds(token, 'self_built');
			expect(selfBuilt).toEqual(SEED.connectors.filter((c) => c.type === 'self_built').map((c) => c.id));
			expect(selfBuilt.filter((id) => bIds.has(id))).toEqual([]);
		}
	});

	it("answers 4004 to org A's apps for B's asset, and an empty action list for B's connector", async () => {
		const uri = SEED_ASSETS_B.echo.connectAssetUri;
		for (const token of [corpA, suiteA, suiteB]) {
			expect4004(await client.post(PATHS.detail, token, { connectAssetUri: uri }));
			expect4004(await client.createInstance(token, uri, 'k'));
			expect4004(await client.invoke(token, uri, 'k', { message: 'hi' }));
			const actions = await client.post(PATHS.actions, token, { connectorId: SEED_ASSETS_B.echo.connectorId });
			expect(actions.data).toMatchObject({ totalCount: 0, list: [] });
		}
		expect(emulator.instances()).toEqual([]);
	});

	it("answers 4004 to org B's app for A's assets, self-built and third-party", async () => {
		for (const asset of [SEED_ASSETS.addNumbers, SEED_ASSETS.echoForm, SEED_ASSETS.outsideSuiteScope]) {
			expect4004(await client.post(PATHS.detail, corpB, { connectAssetUri: asset.connectAssetUri }));
			expect4004(await client.createInstance(corpB, asset.connectAssetUri, 'k'));
			const actions = await client.post(PATHS.actions, corpB, { connectorId: asset.connectorId });
			expect(actions.data).toMatchObject({ totalCount: 0, list: [] });
		}
		expect(emulator.instances()).toEqual([]);
	});

	it("answers 4004 in the errorCode carrier too", async () => {
		emulator.configure({ connectErrorCarrier: 'errorCode' });
		const answer = await client.post(PATHS.detail, corpA, { connectAssetUri: SEED_ASSETS_B.echo.connectAssetUri });
		expect(answer.status).toBe(200);
		expect(answer.data.errorCode).toBe('4004');
	});
});

describe("org B's app acts as org B", () => {
	it("lists B's actions and invokes B's echo, which answers org B", async () => {
		const listed = await client.post(PATHS.actions, corpB, { connectorId: SEED_ASSETS_B.echo.connectorId });
		expect((listed.data.list as Array<{ connectAssetUri: string; authorized: boolean }>).map((a) => a.connectAssetUri)).toContain(
			SEED_ASSETS_B.echo.connectAssetUri,
		);
		const detail = await client.post(PATHS.detail, corpB, { connectAssetUri: SEED_ASSETS_B.echo.connectAssetUri });
		expect(detail.data).toMatchObject({ name: 'Org B · Echo', refProviderCorpId: ORG_B_CORP_ID });
		expect((await client.createInstance(corpB, SEED_ASSETS_B.echo.connectAssetUri, 'b-1')).status).toBe(200);
		const invoked = await client.invoke(corpB, SEED_ASSETS_B.echo.connectAssetUri, 'b-1', { message: 'hello', count: 2 });
		expect(invoked.data.errorCode).toBe('0');
		expect(JSON.parse(invoked.data.outputJson)).toEqual({ corpId: ORG_B_CORP_ID, echo: { message: 'hello', count: 2 } });
		expect(emulator.invocations()).toEqual([expect.objectContaining({ app: DEMO_CREDENTIALS.corpB.appKey, corpId: ORG_B_CORP_ID, instanceKey: 'b-1' })]);
	});

	it("validates B's echo against its schema", async () => {
		await client.createInstance(corpB, SEED_ASSETS_B.echo.connectAssetUri, 'b-1');
		const invoked = await client.invoke(corpB, SEED_ASSETS_B.echo.connectAssetUri, 'b-1', { count: 2 });
		expect(invoked.data).toMatchObject({ errorCode: 'INPUT_INVALID', errorMessage: 'input.message is required' });
		expect(emulator.invocations()).toEqual([]);
	});

	it('refuses org B\'s app key with org A\'s secret', async () => {
		const answer = await client.post(PATHS.accessToken, undefined, { appKey: DEMO_CREDENTIALS.corpB.appKey, appSecret: DEMO_CREDENTIALS.corp.appSecret });
		expect(answer.status).toBe(400);
		expect(answer.data.code).toBe('invalidClientIdOrSecret');
	});

	it('pushes trigger events to its own triggers with its own appId only', async () => {
		const item = (triggerId: string) => ({ triggerId, action: 'add', jsonData: JSON.stringify({ id: 'b-7' }) });
		const bTrigger = SEED_ORG_B.triggers[0].triggerId;
		const ok = await client.post(PATHS.sync, corpB, { appId: DEMO_CREDENTIALS.corpB.appKey, triggerDataList: [item(bTrigger)] });
		expect(ok.data.list).toEqual([expect.objectContaining({ success: true, bizPrimaryKey: 'b-7' })]);
		expect((await client.post(PATHS.sync, corpB, { appId: SEED.syncAppIds[0], triggerDataList: [item(bTrigger)] })).data.code).toBe('invalid.appid');
		expect((await client.post(PATHS.sync, corpB, { appId: DEMO_CREDENTIALS.corpB.appKey, triggerDataList: [item(SEED.triggers[0].triggerId)] })).data.code).toBe(
			'invalidTriggerId',
		);
		expect((await client.post(PATHS.sync, corpA, { appId: SEED.syncAppIds[0], triggerDataList: [item(bTrigger)] })).data.code).toBe('invalidTriggerId');
		expect(emulator.syncedEvents()).toEqual([expect.objectContaining({ app: DEMO_CREDENTIALS.corpB.appKey, triggerId: bTrigger })]);
	});
});

describe('instances belong to their organisation', () => {
	const official = SEED_ASSETS.officialInScope.connectAssetUri;

	it('keeps the same instanceKey of an official action apart per organisation', async () => {
		expect((await client.createInstance(corpA, official, 'shared')).data.connectAssetUri).toBe(official);
		expect4004(await client.invoke(corpB, official, 'shared', { keyword: 'x' }));
		expect((await client.createInstance(corpB, official, 'shared')).status).toBe(200);
		expect(emulator.counters().executed.createInstance).toBe(2);
		expect(emulator.instances().map((i) => i.corpId).sort()).toEqual([DEMO_CORP_ID, ORG_B_CORP_ID].sort());
		expect((await client.invoke(corpB, official, 'shared', { keyword: 'x' })).data.errorCode).toBe('0');
	});

	it("lets every app of org A use A's instance, and deletes only the caller's organisation's one", async () => {
		await client.createInstance(corpA, official, 'shared');
		await client.createInstance(corpB, official, 'shared');
		for (const token of [suiteA, suiteB]) expect((await client.invoke(token, official, 'shared', { keyword: 'x' })).data.errorCode).toBe('0');
		expect((await client.delete(PATHS.instances, suiteB, { connectAssetUri: official, instanceKey: 'shared' })).data).toEqual({ success: true });
		expect(emulator.instances()).toEqual([expect.objectContaining({ corpId: ORG_B_CORP_ID, app: DEMO_CREDENTIALS.corpB.appKey })]);
		expect4004(await client.delete(PATHS.instances, corpA, { connectAssetUri: official, instanceKey: 'shared' }));
		expect(emulator.deleteInstances({ corpId: ORG_B_CORP_ID })).toBe(1);
		expect(emulator.instances()).toEqual([]);
	});

	it('filters the control route DELETE /__emulator/instances by corpId', async () => {
		await client.createInstance(corpA, official, 'shared');
		await client.createInstance(corpB, official, 'shared');
		const answer = await client.http.delete('/__emulator/instances', { params: { corpId: DEMO_CORP_ID } });
		expect(answer.data).toEqual({ deleted: 1 });
		expect(emulator.instances().map((i) => i.corpId)).toEqual([ORG_B_CORP_ID]);
	});
});

describe('suite B', () => {
	it('sees the same approved scope as suite A', async () => {
		for (const type of ['self_built', 'third_party', 'official']) {
			expect(await connectorIds(suiteB, type)).toEqual(await connectorIds(suiteA, type));
		}
	});

	it("gives a consent link that names suite B, never suite A's", async () => {
		const listed = async (token: string) => {
			const answer = await client.post(PATHS.actions, token, { connectorId: SEED_ASSETS.unauthorisedForSuite.connectorId });
			const action = (answer.data.list as Array<{ connectAssetUri: string; authorized: boolean; authorityUrl: string }>).find(
				(a) => a.connectAssetUri === SEED_ASSETS.unauthorisedForSuite.connectAssetUri,
			);
			expect(action?.authorized).toBe(false);
			return action?.authorityUrl ?? '';
		};
		const linkA = await listed(suiteA);
		const linkB = await listed(suiteB);
		expect(linkA).toMatch(/^dingtalk:\/\//);
		expect(linkB).toMatch(/^dingtalk:\/\//);
		expect(linkB).not.toBe(linkA);
		expect(consentPage(linkA).searchParams.get('suiteKey')).toBe(DEMO_CREDENTIALS.suite.suiteKey);
		expect(consentPage(linkB).searchParams.get('suiteKey')).toBe(DEMO_CREDENTIALS.suiteB.suiteKey);
		for (const link of [linkA, linkB]) expect(consentPage(link).searchParams.get('connectAssetUri')).toBe(SEED_ASSETS.unauthorisedForSuite.connectAssetUri);

		await client.createInstance(suiteB, SEED_ASSETS.unauthorisedForSuite.connectAssetUri, 'k');
		const refused = await client.invoke(suiteB, SEED_ASSETS.unauthorisedForSuite.connectAssetUri, 'k', { record: { title: 't' } });
		expect(refused.status).toBe(403);
		expect(refused.data.message).toContain(linkB);
		expect(refused.data.message).not.toContain(linkA);
	});

	it("refuses suite A's secret or ticket, and organisations that did not authorise it", async () => {
		const attempt = (patch: Record<string, string>) => client.post(PATHS.corpAccessToken, undefined, { ...DEMO_CREDENTIALS.suiteB, ...patch });
		expect((await attempt({ suiteSecret: DEMO_CREDENTIALS.suite.suiteSecret })).data.code).toBe('invalidSuiteKey');
		expect((await attempt({ suiteTicket: DEMO_CREDENTIALS.suite.suiteTicket })).data.code).toBe('invalidSuiteTicket');
		expect((await attempt({ authCorpId: ORG_B_CORP_ID })).data.code).toBe('invalidAuthInfo');
		expect((await attempt({ authCorpId: DEMO_CREDENTIALS.unauthorisedCorpId })).data.code).toBe('invalidAuthInfo');
	});
});

describe('counters and the log tell the apps apart', () => {
	it('counts per app and logs app and corpId, never a secret or ticket', async () => {
		emulator.resetCounters();
		await client.get(PATHS.connectors, corpA, { type: 'official' });
		await client.get(PATHS.connectors, corpB, { type: 'official' });
		await client.get(PATHS.connectors, corpB, { type: 'self_built' });
		await client.get(PATHS.connectors, suiteB, { type: 'official' });
		await client.suiteBToken();
		const { byApp } = emulator.counters();
		expect(byApp[DEMO_CREDENTIALS.corp.appKey]).toEqual({ searchConnectors: 1 });
		expect(byApp[DEMO_CREDENTIALS.corpB.appKey]).toEqual({ searchConnectors: 2 });
		expect(byApp[suiteBApp]).toEqual({ searchConnectors: 1, corpAccessToken: 1 });
		const log = emulator.log();
		expect(log.map((e) => [e.app, e.corpId])).toEqual([
			[DEMO_CREDENTIALS.corp.appKey, DEMO_CORP_ID],
			[DEMO_CREDENTIALS.corpB.appKey, ORG_B_CORP_ID],
			[DEMO_CREDENTIALS.corpB.appKey, ORG_B_CORP_ID],
			[suiteBApp, DEMO_CORP_ID],
			[suiteBApp, DEMO_CORP_ID],
		]);
		const text = JSON.stringify(log);
		for (const secret of [DEMO_CREDENTIALS.corpB.appSecret, DEMO_CREDENTIALS.suiteB.suiteSecret, DEMO_CREDENTIALS.suiteB.suiteTicket]) {
			expect(text).not.toContain(secret);
		}
	});
});
