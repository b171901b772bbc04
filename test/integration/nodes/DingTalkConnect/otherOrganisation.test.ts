// A third-party app serves many organisations: Options → Authorising Corp ID makes a call act for the
// organisation an item names, with a token fetched by the suite credential and kept in memory only.
import type { IDataObject } from 'n8n-workflow';

import { DEMO_CREDENTIALS, ORG_B_CORP_ID, SEED_ASSETS } from '../../../../emulator';
import { resetProcessMemory } from '../../../harness/processMemory';
import { credentialData, invokeJson, useTestbed } from './testbed';

const bed = useTestbed({ reset: {} });
beforeEach(() => {
	resetProcessMemory();
	// The credential's own organisation has not installed the app: only the option's organisation works.
	bed.harness.setCredential('multi-org', 'dingTalkConnectApi', {
		...credentialData('suite', bed.emulator.url),
		authCorpId: DEMO_CREDENTIALS.unauthorisedCorpId,
	});
});

const ADD = SEED_ASSETS.addNumbers.connectAssetUri;
const AUTHORISED = DEMO_CREDENTIALS.suite.authCorpId;

async function run(items: Array<{ json: IDataObject }>, continueOnFail = false) {
	return await bed.harness.runNode({
		nodeType: 'dingTalkConnect',
		parameters: invokeJson(ADD, '{"a": 1, "b": 2}', { authCorpId: '={{ $json.corpId }}' }),
		credentials: { dingTalkConnectApi: 'multi-org' },
		items,
		continueOnFail,
		workflow: { id: 'wf-orgs', name: 'Orgs' },
	});
}

it("acts for the item's organisation with a token kept in memory, never in the credential or the output", async () => {
	const first = await run([{ json: { corpId: AUTHORISED } }, { json: { corpId: AUTHORISED } }]);
	expect(first.error).toBeUndefined();
	expect(first.output?.[0].map((item) => item.json.sum)).toEqual([3, 3]);
	const tokenCalls = bed.emulator.log().filter((entry) => entry.api === 'corpAccessToken');
	expect(tokenCalls).toHaveLength(1);
	expect((tokenCalls[0].body as { authCorpId?: string }).authCorpId).toBe(AUTHORISED);
	expect(bed.harness.getStoredCredential('multi-org').accessToken).toBe('');

	bed.emulator.resetCounters();
	await run([{ json: { corpId: AUTHORISED } }]);
	expect(bed.emulator.counters().requests.corpAccessToken).toBe(0);
	const tokens = bed.emulator.log().map((entry) => entry.token).filter(Boolean);
	expect(JSON.stringify(first.output)).not.toContain(String(tokens[0]));
});

it('an organisation that has not installed the app fails its own item only, with the words DingTalk gave', async () => {
	const result = await run([{ json: { corpId: AUTHORISED } }, { json: { corpId: ORG_B_CORP_ID } }], true);
	const out = result.output?.[0].map((item) => item.json) ?? [];
	expect(out[0]).toMatchObject({ sum: 3 });
	expect(out[1]).toMatchObject({ error: 'This organisation has not authorised the app (invalidAuthInfo)' });
});

it("without the option the credential's own organisation is used", async () => {
	const result = await bed.harness.runNode({
		nodeType: 'dingTalkConnect',
		parameters: invokeJson(ADD, '{"a": 1, "b": 2}'),
		credentials: { dingTalkConnectApi: 'multi-org' },
		workflow: { id: 'wf-orgs', name: 'Orgs' },
	});
	expect(result.error?.message).toBe('This organisation has not authorised the app (invalidAuthInfo)');
});
