// "The same app": a credential edited in place to another app acts as that app from the very next
// call (token, dropdowns, caches, instances), and credentials of one app share one rate budget.
import { DEMO_CREDENTIALS, SEED_ASSETS, SEED_ASSETS_B, SEED_ORG_B } from '../../../../emulator';
import { CONNECTORS_PATH } from '../../../../nodes/DingTalkConnect/cache/connectors';
import { byUri, credentialData, invokeJson, outputJson, startTestbed, useTestbed } from './testbed';

const bed = useTestbed({ reset: {} });

const listConnectors = { resource: 'connector', operation: 'getMany', connectorType: 'all', returnAll: true };
const ADD = SEED_ASSETS.addNumbers.connectAssetUri;

/** Saves the credential as n8n's editor does: the new fields, with the stored token put back (unredact). */
function editInPlace(id: string, fields: Record<string, unknown>) {
	const stored = bed.harness.getStoredCredential(id);
	bed.harness.setCredential(id, 'dingTalkConnectApi', {
		...(fields as Record<string, string>),
		accessToken: stored.accessToken,
		issuedFor: stored.issuedFor,
	});
}

async function run(credentialId: string, parameters: Record<string, unknown>) {
	return await bed.harness.runNode({
		nodeType: 'dingTalkConnect',
		parameters: parameters as never,
		credentials: { dingTalkConnectApi: credentialId },
		workflow: { id: 'wf-scope', name: 'Scope' },
	});
}

/** The Connector dropdown as the editor fills it with this credential. */
async function connectorDropdown(credentialId: string) {
	return await bed.harness.listSearch({
		nodeType: 'dingTalkConnect',
		method: 'searchConnectors',
		parameters: {},
		credentials: { dingTalkConnectApi: credentialId },
	});
}

const corpB = { appType: 'internal', ...DEMO_CREDENTIALS.corpB, accessToken: '' };

describe('a credential edited to another app', () => {
	it("edited to another organisation's app: the next run and dropdown list that organisation's connectors", async () => {
		bed.harness.setCredential('to-org-b', 'dingTalkConnectApi', credentialData('corp', bed.emulator.url));
		outputJson(await run('to-org-b', listConnectors));
		const oldToken = bed.harness.getStoredCredential('to-org-b').accessToken as string;

		editInPlace('to-org-b', { ...corpB, baseUrl: bed.emulator.url });
		bed.emulator.resetCounters();
		const since = bed.emulator.log().length;
		const listed = outputJson(await run('to-org-b', listConnectors));
		const dropdown = await connectorDropdown('to-org-b');
		const echoed = outputJson(await run('to-org-b', invokeJson(SEED_ASSETS_B.echo.connectAssetUri, '{"message": "hi"}')));

		expect(listed.map((connector) => connector.id).sort()).toEqual(SEED_ORG_B.connectors.map((connector) => connector.id).sort());
		expect(dropdown.results.map((result) => result.value).sort()).toEqual(listed.map((connector) => connector.id).sort());
		expect(echoed[0]).toMatchObject({ corpId: SEED_ORG_B.corpId });
		expect(bed.emulator.counters().requests.accessToken).toBe(1);
		expect(bed.emulator.log().slice(since).filter((entry) => entry.token === oldToken)).toEqual([]);
	});

	it('edited from the enterprise app to the third-party app: run, dropdown and instance use the new app; no request carries the old token', async () => {
		bed.harness.setCredential('edited', 'dingTalkConnectApi', credentialData('corp', bed.emulator.url));
		const before = outputJson(await run('edited', listConnectors));
		const oldToken = bed.harness.getStoredCredential('edited').accessToken as string;
		expect(oldToken).not.toBe('');
		outputJson(await run('edited', invokeJson(ADD, '{"a": 1, "b": 2}')));

		editInPlace('edited', credentialData('suite', bed.emulator.url));
		bed.emulator.resetCounters();
		const since = bed.emulator.log().length;

		const after = outputJson(await run('edited', listConnectors));
		const dropdown = await connectorDropdown('edited');
		outputJson(await run('edited', invokeJson(ADD, '{"a": 1, "b": 2}')));

		const entries = bed.emulator.log().slice(since);
		expect(bed.emulator.counters().requests.corpAccessToken).toBe(1);
		expect(bed.emulator.counters().requests.accessToken).toBe(0);
		expect(entries.filter((entry) => entry.token === oldToken)).toEqual([]);
		const apps = new Set(entries.filter((entry) => entry.path === CONNECTORS_PATH).map((entry) => entry.app));
		expect(apps).toEqual(new Set([`${DEMO_CREDENTIALS.suite.suiteKey}:${DEMO_CREDENTIALS.suite.authCorpId}`]));
		// The suite sees a narrower scope than the organisation's own app: the list is the suite's.
		expect(after.length).toBeLessThan(before.length);
		expect(dropdown.results).toHaveLength(after.length);
		// The invoke went out as the new app, and the organisation's instance served it: nothing was created.
		const invokes = entries.filter((entry) => entry.api === 'invokeInstance');
		expect(invokes.map((entry) => entry.app)).toEqual([`${DEMO_CREDENTIALS.suite.suiteKey}:${DEMO_CREDENTIALS.suite.authCorpId}`]);
		expect(bed.emulator.counters().requests.createInstance).toBe(0);
		expect(bed.harness.getStoredCredential('edited').accessToken).not.toBe(oldToken);
	});

	it('a changed Base URL is another app too: the stored token is not sent there', async () => {
		const other = await startTestbed();
		try {
			bed.harness.setCredential('moved', 'dingTalkConnectApi', credentialData('corp', bed.emulator.url));
			outputJson(await run('moved', listConnectors));
			const oldToken = bed.harness.getStoredCredential('moved').accessToken;
			editInPlace('moved', credentialData('corp', other.emulator.url));
			outputJson(await run('moved', listConnectors));
			expect(other.emulator.log().some((entry) => entry.token === oldToken)).toBe(false);
			expect(other.emulator.counters().requests.accessToken).toBe(1);
		} finally {
			await other.stop();
		}
	});

	it('the Test button and a run agree on the new app', async () => {
		const result = await bed.harness.testCredential({
			type: 'dingTalkConnectApi',
			data: { ...credentialData('suite', bed.emulator.url), accessToken: 'token-of-another-app' },
		});
		expect(result.status).toBe('OK');
		expect(bed.emulator.log().some((entry) => entry.token === 'token-of-another-app')).toBe(false);
	});
});

describe('two credentials of one app', () => {
	it('share one rate budget: 200 invokes each at the same time stay within the limit, none throttled', async () => {
		bed.emulator.configure({ qpsLimit: 50 });
		for (const id of ['same-app-1', 'same-app-2']) {
			bed.harness.setCredential(id, 'dingTalkConnectApi', credentialData('corp', bed.emulator.url));
		}
		const parameters = invokeJson(ADD, '{"a": 2, "b": 3}', { requestsPerSecond: 40 });
		const items = Array.from({ length: 200 }, (_, index) => ({ json: { index } }));
		const runBoth = ['same-app-1', 'same-app-2'].map(
			async (id) =>
				await bed.harness.runNode({
					nodeType: 'dingTalkConnect',
					parameters,
					credentials: { dingTalkConnectApi: id },
					items,
					workflow: { id: `wf-${id}`, name: id },
				}),
		);
		const results = await Promise.all(runBoth);
		for (const result of results) expect(outputJson(result)).toHaveLength(200);
		const counters = bed.emulator.counters();
		expect(counters.throttled).toBe(0);
		expect(counters.executed.invokeInstance).toBe(400);
		// No calendar second saw more invokes than the limit.
		const perSecond = new Map<number, number>();
		for (const entry of bed.emulator.log()) {
			if (entry.api !== 'invokeInstance') continue;
			const second = Math.floor(entry.at / 1000);
			perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
		}
		expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(50);
	});
});

describe('consent links', () => {
	const asset = SEED_ASSETS.unauthorisedForSuite;
	const invokeUnauthorised = {
		...invokeJson(asset.connectAssetUri, '{"record": {"title": "Q3 budget"}}'),
		connector: { __rl: true, mode: 'id', value: asset.connectorId },
	};

	it('of suite A and suite B never cross, even when their runs interleave', async () => {
		bed.harness.setCredential('suite-b', 'dingTalkConnectApi', {
			appType: 'thirdParty',
			...DEMO_CREDENTIALS.suiteB,
			baseUrl: bed.emulator.url,
			accessToken: '',
		});
		const runs = ['suite', 'suite-b', 'suite', 'suite-b'].map(async (id) => ({ id, result: await run(id, invokeUnauthorised) }));
		const outcomes = await Promise.all(runs);
		const keyOf: Record<string, string> = { suite: DEMO_CREDENTIALS.suite.suiteKey, 'suite-b': DEMO_CREDENTIALS.suiteB.suiteKey };
		for (const { id, result } of outcomes) {
			const description = (result.error as { description?: string } | undefined)?.description ?? '';
			expect(description).toContain('Open this link in the DingTalk client as an administrator to authorise');
			const other = id === 'suite' ? keyOf['suite-b'] : keyOf.suite;
			const own = description.match(/authorise: (\S+)/)?.[1] ?? '';
			expect(decodeURIComponent(own)).toContain(keyOf[id]);
			expect(decodeURIComponent(own)).not.toContain(other);
		}
		expect(bed.emulator.counters().executed.invokeInstance).toBe(0);
	});
});

it('the dropdowns and the Fields show DingTalk\'s current answer at once', async () => {
	const ask = async () =>
		await bed.harness.resourceMapping({
			nodeType: 'dingTalkConnect',
			method: 'getActionInputFields',
			parameters: { action: byUri(ADD) },
			credentials: { dingTalkConnectApi: 'corp' },
		});
	const before = await ask();
	expect(before.fields.map((field) => field.id)).not.toContain('note');
	bed.emulator.setActionSchema(ADD, {
		inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' }, note: { type: 'string', title: 'Note' } } },
	});
	const after = await ask();
	expect(after.fields.map((field) => field.id)).toContain('note');
});
