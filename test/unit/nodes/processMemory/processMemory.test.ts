import { readFileSync } from 'node:fs';
import path from 'node:path';

import fg from 'fast-glob';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

// Loading the package as n8n does: every store exists once its module is loaded.
import { DingTalkConnectApi } from '../../../../credentials/DingTalkConnectApi.credentials';
import { DingTalkConnect } from '../../../../nodes/DingTalkConnect/DingTalkConnect.node';
import { DingTalkConnectStreamTrigger } from '../../../../nodes/DingTalkConnectStreamTrigger/DingTalkConnectStreamTrigger.node';
import { DingTalkConnectTrigger } from '../../../../nodes/DingTalkConnectTrigger/DingTalkConnectTrigger.node';
import { getActionDetail } from '../../../../nodes/DingTalkConnect/cache/actionDetails';
import { listActions } from '../../../../nodes/DingTalkConnect/cache/actions';
import { listConnectors } from '../../../../nodes/DingTalkConnect/cache/connectors';
import { withInstance } from '../../../../nodes/DingTalkConnect/cache/instances';
import { dingTalkApiRequest, readAppScope } from '../../../../nodes/DingTalkConnect/transport';
import { fetchOrgToken } from '../../../../nodes/DingTalkConnect/transport/orgTokens';
import { rememberSuiteTicket } from '../../../../nodes/DingTalkConnect/transport/suiteTickets';
import { answerCallback } from '../../../../nodes/DingTalkConnectTrigger/callback/webhook';
import { STORES, listStores, resetProcessMemory, setRetryPolicy, type StoreName } from '../../../harness/processMemory';
import { USER_ADD_ORG, signedRequest } from '../DingTalkConnectTrigger/helpers/callbackFixtures';
import { fakeContext } from '../DingTalkConnectTrigger/callback/webhookFakes';

const EVERY_STORE: StoreName[] = [
	'connectorLists',
	'actionLists',
	'actionDetails',
	'instanceCreations',
	'orgTokens',
	'pushedSuiteTickets',
	'tokenRefreshes',
	'pacing',
	'recentCallbacks',
	'acceptedEventLists',
	'retryPolicy',
	'timeZoneFormats',
];

const URI = 'dca://p1.connect.dingtalk.com/c1/a1/v1';

/** DingTalk's answer to each call the stores remember, by path. */
function answer(options: IHttpRequestOptions): IDataObject {
	const url = options.url;
	if (url.endsWith('/connectors')) return { list: [{ id: 'c1', name: 'Connector', providerCorpId: 'p1' }] };
	if (url.endsWith('/actions/search')) return { list: [{ id: 'a1', connectorId: 'c1', name: 'Action', connectAssetUri: URI, integrationType: 'basic' }] };
	if (url.endsWith('/actions/details/query')) return { inputSchema: '{"type":"object"}' };
	if (url.includes('AccessToken')) return { accessToken: 'org-token', expireIn: 7200 };
	return {};
}

const full = (options: IHttpRequestOptions) => ({ statusCode: 200, headers: {}, body: answer(options) });

function actionContext(): IExecuteFunctions {
	return {
		getCredentials: async () => ({
			appType: 'thirdParty',
			suiteKey: 'suite1',
			suiteSecret: 'suite-secret',
			suiteTicket: 'ticket',
			authCorpId: 'corp1',
			baseUrl: 'https://api.dingtalk.com',
			accessToken: '',
		}),
		getNode: () => ({ id: 'n1', name: 'DingTalk Connect', credentials: { dingTalkConnectApi: { id: 'cred1', name: 'C' } } }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => full(options),
			httpRequest: async (options: IHttpRequestOptions) => full(options),
		},
		logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
	} as unknown as IExecuteFunctions;
}

/** Puts one entry in every store through the code that fills it in a run. */
async function fillEveryStore(): Promise<void> {
	const context = actionContext();
	await listConnectors.call(context, 'self_built');
	await listActions.call(context, { connectorId: 'c1', providerCorpId: 'p1' });
	await getActionDetail.call(context, URI);
	await withInstance.call(context, URI, 'instance-1', { itemIndex: 0 }, async () => ({ ok: true }));
	await dingTalkApiRequest.call(context, { method: 'POST', path: '/v1.0/connector/instances/invoke', kind: 'invoke', requestsPerSecond: 1000 });
	await fetchOrgToken(context, await readAppScope.call(context, { authCorpId: 'corp2' }));
	rememberSuiteTicket('suite1', 'pushed-ticket');
	// Every Process keeps its copy of the workflow's list besides the process's own memory.
	await answerCallback.call(fakeContext(signedRequest(USER_ADD_ORG), { parameters: { 'options.repeatCheck': 'workflow' } }).context);
	setRetryPolicy({ baseDelayMs: 1 });
}

const sizes = () => Object.fromEntries(listStores().map(({ name, size }) => [name, size]));

describe('process memory', () => {
	afterEach(() => resetProcessMemory());

	it('lists every store the package keeps across executions, each created by its module', () => {
		expect([DingTalkConnect, DingTalkConnectTrigger, DingTalkConnectStreamTrigger, DingTalkConnectApi]).toHaveLength(4);
		const stores = listStores();
		expect(stores.map(({ name }) => name)).toEqual(EVERY_STORE);
		for (const store of stores) {
			expect({ name: store.name, registered: store.registered }).toEqual({ name: store.name, registered: true });
			expect(store.holds).not.toBe('');
			expect(store.key).not.toBe('');
			expect(Number.isInteger(store.maxEntries) && store.maxEntries > 0).toBe(true);
		}
		expect(Object.keys(STORES)).toEqual(EVERY_STORE);
	});

	it('starts empty, and one reset empties every store after a run filled each of them', async () => {
		expect(sizes()).toEqual(Object.fromEntries(EVERY_STORE.map((name) => [name, 0])));
		await fillEveryStore();
		const filled = sizes();
		for (const name of EVERY_STORE) expect({ name, filled: filled[name] > 0 }).toEqual({ name, filled: true });

		resetProcessMemory();

		expect(sizes()).toEqual(Object.fromEntries(EVERY_STORE.map((name) => [name, 0])));
	});
});

describe('module-level state in nodes/ and credentials/', () => {
	// An empty Map, Set or WeakMap, a cache, or a `let` at the top of a module is memory kept across executions.
	const STORE_AT_TOP = /^(?:export )?(?:let |const \w+(?::[^=]+)? = new (?:Map|Set|WeakMap)\b[^(]*\(\)|const \w+ = new (?:TtlCache|RecentIds|Pacer|BoundedMap)\b)/;
	// The one exception, listed beside STORES: a promise per abort signal, gone with its signal.
	const NOT_PROCESS_MEMORY = ['nodes/DingTalkConnect/transport/wait.ts'];

	it('is created only through the process memory registry', () => {
		const root = path.resolve(__dirname, '../../../..');
		const files = fg.sync(['nodes/**/*.ts', 'credentials/**/*.ts'], { cwd: root });
		expect(files.length).toBeGreaterThan(50);
		const found = files
			.filter((file) => !NOT_PROCESS_MEMORY.includes(file) && file !== 'nodes/processMemory/processMemory.ts')
			.flatMap((file) =>
				readFileSync(path.join(root, file), 'utf8')
					.split('\n')
					.filter((line) => STORE_AT_TOP.test(line))
					.map((line) => `${file}: ${line}`),
			);
		expect(found).toEqual([]);
	});
});
