// Contract of the second organisation (org B and its corp app) and the second suite (suite B, for org A):
// catalogues never cross, instances belong to their organisation, consent links name their suite,
// and counters and the log tell the apps apart.
import { DEMO_CORP_ID, DEMO_CREDENTIALS, ORG_B_CORP_ID, SEED, SEED_ASSETS, SEED_ASSETS_B, SEED_ORG_B } from '../../emulator';
import { useEmulator } from './bed';
import { PATHS, type Answer } from './client';

const bed = useEmulator({ config: { qpsLimit: 0 }, tokens: ['corp', 'corpB', 'suite', 'suiteB'] });

const suiteBApp = `${DEMO_CREDENTIALS.suiteB.suiteKey}:${DEMO_CORP_ID}`;

async function connectorIds(token: string, type: string): Promise<string[]> {
	const answer = await bed.client.get(PATHS.connectors, token, { type, maxResults: 50 });
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
		expect(await connectorIds(bed.corpB, 'self_built')).toEqual(SEED_ORG_B.ownConnectors.map((c) => c.id));
		expect(await connectorIds(bed.corpB, 'third_party')).toEqual([]);
		expect(await connectorIds(bed.corpB, 'official')).toEqual(await connectorIds(bed.corp, 'official'));
	});

	it("org A's apps list none of B's connectors", async () => {
		const bIds = new Set(SEED_ORG_B.ownConnectors.map((c) => c.id));
		for (const token of [bed.corp, bed.suite, bed.suiteB]) {
			const selfBuilt = await connectorIds(token, 'self_built');
			expect(selfBuilt).toEqual(SEED.connectors.filter((c) => c.type === 'self_built').map((c) => c.id));
			expect(selfBuilt.filter((id) => bIds.has(id))).toEqual([]);
		}
	});

	it("answers 4004 to org A's apps for B's asset, and an empty action list for B's connector", async () => {
		const uri = SEED_ASSETS_B.echo.connectAssetUri;
		for (const token of [bed.corp, bed.suite, bed.suiteB]) {
			expect4004(await bed.client.post(PATHS.detail, token, { connectAssetUri: uri }));
			expect4004(await bed.client.createInstance(token, uri, 'k'));
			expect4004(await bed.client.invoke(token, uri, 'k', { message: 'hi' }));
			const actions = await bed.client.post(PATHS.actions, token, { connectorId: SEED_ASSETS_B.echo.connectorId });
			expect(actions.data).toMatchObject({ totalCount: 0, list: [] });
		}
		expect(bed.emulator.instances()).toEqual([]);
	});

	it("answers 4004 to org B's app for A's assets, self-built and third-party", async () => {
		for (const asset of [SEED_ASSETS.addNumbers, SEED_ASSETS.echoForm, SEED_ASSETS.outsideSuiteScope]) {
			expect4004(await bed.client.post(PATHS.detail, bed.corpB, { connectAssetUri: asset.connectAssetUri }));
			expect4004(await bed.client.createInstance(bed.corpB, asset.connectAssetUri, 'k'));
			const actions = await bed.client.post(PATHS.actions, bed.corpB, { connectorId: asset.connectorId });
			expect(actions.data).toMatchObject({ totalCount: 0, list: [] });
		}
		expect(bed.emulator.instances()).toEqual([]);
	});

	it("answers 4004 in the errorCode carrier too", async () => {
		bed.emulator.configure({ connectErrorCarrier: 'errorCode' });
		const answer = await bed.client.post(PATHS.detail, bed.corp, { connectAssetUri: SEED_ASSETS_B.echo.connectAssetUri });
		expect(answer.status).toBe(200);
		expect(answer.data.errorCode).toBe('4004');
	});
});

describe("org B's app acts as org B", () => {
	it("lists B's actions and invokes B's echo, which answers org B", async () => {
		const listed = await bed.client.post(PATHS.actions, bed.corpB, { connectorId: SEED_ASSETS_B.echo.connectorId });
		expect((listed.data.list as Array<{ connectAssetUri: string; authorized: boolean }>).map((a) => a.connectAssetUri)).toContain(
			SEED_ASSETS_B.echo.connectAssetUri,
		);
		const detail = await bed.client.post(PATHS.detail, bed.corpB, { connectAssetUri: SEED_ASSETS_B.echo.connectAssetUri });
		expect(detail.data).toMatchObject({ name: 'Org B · Echo', refProviderCorpId: ORG_B_CORP_ID });
		expect((await bed.client.createInstance(bed.corpB, SEED_ASSETS_B.echo.connectAssetUri, 'b-1')).status).toBe(200);
		const invoked = await bed.client.invoke(bed.corpB, SEED_ASSETS_B.echo.connectAssetUri, 'b-1', { message: 'hello', count: 2 });
		expect(invoked.data.errorCode).toBe('0');
		expect(JSON.parse(invoked.data.outputJson)).toEqual({ corpId: ORG_B_CORP_ID, echo: { message: 'hello', count: 2 } });
		expect(bed.emulator.invocations()).toEqual([expect.objectContaining({ app: DEMO_CREDENTIALS.corpB.appKey, corpId: ORG_B_CORP_ID, instanceKey: 'b-1' })]);
	});

	it("validates B's echo against its schema", async () => {
		await bed.client.createInstance(bed.corpB, SEED_ASSETS_B.echo.connectAssetUri, 'b-1');
		const invoked = await bed.client.invoke(bed.corpB, SEED_ASSETS_B.echo.connectAssetUri, 'b-1', { count: 2 });
		expect(invoked.data).toMatchObject({ errorCode: 'INPUT_INVALID', errorMessage: 'input.message is required' });
		expect(bed.emulator.invocations()).toEqual([]);
	});

	it('refuses org B\'s app key with org A\'s secret', async () => {
		const answer = await bed.client.post(PATHS.accessToken, undefined, { appKey: DEMO_CREDENTIALS.corpB.appKey, appSecret: DEMO_CREDENTIALS.corp.appSecret });
		expect(answer.status).toBe(400);
		expect(answer.data.code).toBe('invalidClientIdOrSecret');
	});

	it('pushes trigger events to its own triggers with its own appId only', async () => {
		const item = (triggerId: string) => ({ triggerId, action: 'add', jsonData: JSON.stringify({ id: 'b-7' }) });
		const bTrigger = SEED_ORG_B.triggers[0].triggerId;
		const ok = await bed.client.post(PATHS.sync, bed.corpB, { appId: DEMO_CREDENTIALS.corpB.appKey, triggerDataList: [item(bTrigger)] });
		expect(ok.data.list).toEqual([expect.objectContaining({ success: true, bizPrimaryKey: 'b-7' })]);
		expect((await bed.client.post(PATHS.sync, bed.corpB, { appId: SEED.syncAppIds[0], triggerDataList: [item(bTrigger)] })).data.code).toBe('invalid.appid');
		expect((await bed.client.post(PATHS.sync, bed.corpB, { appId: DEMO_CREDENTIALS.corpB.appKey, triggerDataList: [item(SEED.triggers[0].triggerId)] })).data.code).toBe(
			'invalidTriggerId',
		);
		expect((await bed.client.post(PATHS.sync, bed.corp, { appId: SEED.syncAppIds[0], triggerDataList: [item(bTrigger)] })).data.code).toBe('invalidTriggerId');
		expect(bed.emulator.syncedEvents()).toEqual([expect.objectContaining({ app: DEMO_CREDENTIALS.corpB.appKey, triggerId: bTrigger })]);
	});
});

describe('instances belong to their organisation', () => {
	const official = SEED_ASSETS.officialInScope.connectAssetUri;

	it('keeps the same instanceKey of an official action apart per organisation', async () => {
		expect((await bed.client.createInstance(bed.corp, official, 'shared')).data.connectAssetUri).toBe(official);
		expect4004(await bed.client.invoke(bed.corpB, official, 'shared', { keyword: 'x' }));
		expect((await bed.client.createInstance(bed.corpB, official, 'shared')).status).toBe(200);
		expect(bed.emulator.counters().executed.createInstance).toBe(2);
		expect(bed.emulator.instances().map((i) => i.corpId).sort()).toEqual([DEMO_CORP_ID, ORG_B_CORP_ID].sort());
		expect((await bed.client.invoke(bed.corpB, official, 'shared', { keyword: 'x' })).data.errorCode).toBe('0');
	});

	it("lets every app of org A use A's instance, and deletes only the caller's organisation's one", async () => {
		await bed.client.createInstance(bed.corp, official, 'shared');
		await bed.client.createInstance(bed.corpB, official, 'shared');
		for (const token of [bed.suite, bed.suiteB]) expect((await bed.client.invoke(token, official, 'shared', { keyword: 'x' })).data.errorCode).toBe('0');
		expect((await bed.client.delete(PATHS.instances, bed.suiteB, { connectAssetUri: official, instanceKey: 'shared' })).data).toEqual({ success: true });
		expect(bed.emulator.instances()).toEqual([expect.objectContaining({ corpId: ORG_B_CORP_ID, app: DEMO_CREDENTIALS.corpB.appKey })]);
		expect4004(await bed.client.delete(PATHS.instances, bed.corp, { connectAssetUri: official, instanceKey: 'shared' }));
		expect(bed.emulator.deleteInstances({ corpId: ORG_B_CORP_ID })).toBe(1);
		expect(bed.emulator.instances()).toEqual([]);
	});

	it('filters the control route DELETE /__emulator/instances by corpId', async () => {
		await bed.client.createInstance(bed.corp, official, 'shared');
		await bed.client.createInstance(bed.corpB, official, 'shared');
		const answer = await bed.client.http.delete('/__emulator/instances', { params: { corpId: DEMO_CORP_ID } });
		expect(answer.data).toEqual({ deleted: 1 });
		expect(bed.emulator.instances().map((i) => i.corpId)).toEqual([ORG_B_CORP_ID]);
	});
});

describe('suite B', () => {
	it('sees the same approved scope as suite A', async () => {
		for (const type of ['self_built', 'third_party', 'official']) {
			expect(await connectorIds(bed.suiteB, type)).toEqual(await connectorIds(bed.suite, type));
		}
	});

	it("gives a consent link that names suite B, never suite A's", async () => {
		const listed = async (token: string) => {
			const answer = await bed.client.post(PATHS.actions, token, { connectorId: SEED_ASSETS.unauthorisedForSuite.connectorId });
			const action = (answer.data.list as Array<{ connectAssetUri: string; authorized: boolean; authorityUrl: string }>).find(
				(a) => a.connectAssetUri === SEED_ASSETS.unauthorisedForSuite.connectAssetUri,
			);
			expect(action?.authorized).toBe(false);
			return action?.authorityUrl ?? '';
		};
		const linkA = await listed(bed.suite);
		const linkB = await listed(bed.suiteB);
		expect(linkA).toMatch(/^dingtalk:\/\//);
		expect(linkB).toMatch(/^dingtalk:\/\//);
		expect(linkB).not.toBe(linkA);
		expect(consentPage(linkA).searchParams.get('suiteKey')).toBe(DEMO_CREDENTIALS.suite.suiteKey);
		expect(consentPage(linkB).searchParams.get('suiteKey')).toBe(DEMO_CREDENTIALS.suiteB.suiteKey);
		for (const link of [linkA, linkB]) expect(consentPage(link).searchParams.get('connectAssetUri')).toBe(SEED_ASSETS.unauthorisedForSuite.connectAssetUri);

		await bed.client.createInstance(bed.suiteB, SEED_ASSETS.unauthorisedForSuite.connectAssetUri, 'k');
		const refused = await bed.client.invoke(bed.suiteB, SEED_ASSETS.unauthorisedForSuite.connectAssetUri, 'k', { record: { title: 't' } });
		expect(refused.status).toBe(403);
		expect(refused.data.message).toContain(linkB);
		expect(refused.data.message).not.toContain(linkA);
	});

	it("refuses suite A's secret or ticket, and organisations that did not authorise it", async () => {
		const attempt = (patch: Record<string, string>) => bed.client.post(PATHS.corpAccessToken, undefined, { ...DEMO_CREDENTIALS.suiteB, ...patch });
		expect((await attempt({ suiteSecret: DEMO_CREDENTIALS.suite.suiteSecret })).data.code).toBe('invalidSuiteKey');
		expect((await attempt({ suiteTicket: DEMO_CREDENTIALS.suite.suiteTicket })).data.code).toBe('invalidSuiteTicket');
		expect((await attempt({ authCorpId: ORG_B_CORP_ID })).data.code).toBe('invalidAuthInfo');
		expect((await attempt({ authCorpId: DEMO_CREDENTIALS.unauthorisedCorpId })).data.code).toBe('invalidAuthInfo');
	});
});

describe('counters and the log tell the apps apart', () => {
	it('counts per app and logs app and corpId, never a secret or ticket', async () => {
		bed.emulator.resetCounters();
		await bed.client.get(PATHS.connectors, bed.corp, { type: 'official' });
		await bed.client.get(PATHS.connectors, bed.corpB, { type: 'official' });
		await bed.client.get(PATHS.connectors, bed.corpB, { type: 'self_built' });
		await bed.client.get(PATHS.connectors, bed.suiteB, { type: 'official' });
		await bed.client.suiteBToken();
		const { byApp } = bed.emulator.counters();
		expect(byApp[DEMO_CREDENTIALS.corp.appKey]).toEqual({ searchConnectors: 1 });
		expect(byApp[DEMO_CREDENTIALS.corpB.appKey]).toEqual({ searchConnectors: 2 });
		expect(byApp[suiteBApp]).toEqual({ searchConnectors: 1, corpAccessToken: 1 });
		const log = bed.emulator.log();
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
