import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { N8nHarness } from './';
import { HarnessTestApi } from './fixtures/HarnessTestApi.credentials';
import { HarnessTestNode } from './fixtures/HarnessTestNode.node';

const APP_SECRET = 'harness-app-secret-do-not-log';

interface Received {
	url: string;
	token: string | undefined;
	body: IDataObject;
}

let server: http.Server;
let baseUrl: string;
let issued = 0;
const revoked = new Set<string>();
const received: Received[] = [];

function reply(res: http.ServerResponse, status: number, body: unknown): void {
	res.statusCode = status;
	res.setHeader('content-type', 'application/json');
	res.end(JSON.stringify(body));
}

beforeAll(async () => {
	server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
		req.on('end', () => {
			const body = (raw ? JSON.parse(raw) : {}) as IDataObject;
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const token = req.headers['x-acs-token'] as string | undefined;
			if (url.pathname === '/token') {
				if (body.appSecret !== APP_SECRET) return reply(res, 200, { code: 'InvalidAppSecret' });
				return reply(res, 200, { accessToken: `token-${++issued}` });
			}
			received.push({ url: url.pathname, token, body });
			if (!token || !token.startsWith('token-') || revoked.has(token)) {
				return reply(res, 401, { code: 'InvalidAuthentication', message: 'token invalid' });
			}
			if (url.pathname === '/echo') return reply(res, 200, { ok: true, token, received: body });
			if (url.pathname === '/fail') return reply(res, 500, { code: 'ServerError', message: 'boom' });
			if (url.pathname === '/items') {
				const page = url.searchParams.get('page');
				const filter = url.searchParams.get('filter') ?? '';
				const all = ['alpha', 'beta', 'gamma'].filter((name) => name.includes(filter));
				return reply(res, 200, {
					items: (page ? all.slice(2) : all.slice(0, 2)).map((name) => ({ id: `id-${name}`, name })),
					next: page ? undefined : 'p2',
					path: url.searchParams.get('path'),
				});
			}
			if (url.pathname === '/me') return reply(res, 200, { ok: body.ok ?? url.searchParams.get('ok') !== 'no' });
			return reply(res, 404, { code: 'NotFound' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

function makeHarness() {
	const credentialType = new HarnessTestApi();
	const harness = new N8nHarness({
		nodeTypes: { harnessTestNode: new HarnessTestNode() },
		credentialTypes: { harnessTestApi: credentialType },
	});
	harness.setCredential('cred-1', 'harnessTestApi', {
		baseUrl,
		appKey: 'key',
		appSecret: APP_SECRET,
	});
	return { harness, credentialType };
}

const credentials = { harnessTestApi: 'cred-1' };

beforeEach(() => {
	received.length = 0;
});

describe('N8nHarness.runNode', () => {
	it('fetches the token once, persists it and reuses it on later runs', async () => {
		const { harness, credentialType } = makeHarness();
		const items = [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }];

		const first = await harness.runNode({ nodeType: 'harnessTestNode', parameters: {}, credentials, items });
		expect(first.error).toBeUndefined();
		expect(first.output?.[0]).toHaveLength(3);
		expect(credentialType.tokenFetches).toBe(1);
		const stored = harness.getStoredCredential('cred-1');
		expect(stored.accessToken).toMatch(/^token-\d+$/);
		expect(received.map((r) => r.token)).toEqual([stored.accessToken, stored.accessToken, stored.accessToken]);

		const second = await harness.runNode({ nodeType: 'harnessTestNode', parameters: {}, credentials });
		expect(second.error).toBeUndefined();
		expect(credentialType.tokenFetches).toBe(1);
		expect(second.output?.[0][0].json.token).toBe(stored.accessToken);
	});

	it('refetches the token when the API answers 401 and persists the new one', async () => {
		const { harness, credentialType } = makeHarness();
		await harness.runNode({ nodeType: 'harnessTestNode', parameters: {}, credentials });
		const oldToken = harness.getStoredCredential('cred-1').accessToken as string;
		revoked.add(oldToken);
		received.length = 0;

		const result = await harness.runNode({ nodeType: 'harnessTestNode', parameters: {}, credentials });

		expect(result.error).toBeUndefined();
		expect(credentialType.tokenFetches).toBe(2);
		const newToken = harness.getStoredCredential('cred-1').accessToken;
		expect(newToken).not.toBe(oldToken);
		expect(result.output?.[0][0].json.token).toBe(newToken);
		expect(received.map((r) => r.token)).toEqual([oldToken, newToken]);
	});

	it('evaluates expressions per item and extracts resource locator values', async () => {
		const { harness } = makeHarness();
		const result = await harness.runNode({
			nodeType: 'harnessTestNode',
			parameters: {
				message: '={{ $json.name }} #{{ $itemIndex }}',
				item: { __rl: true, mode: 'url', value: 'https://example.invalid/items/abc123' },
			},
			credentials,
			items: [{ json: { name: 'Ann' } }, { json: { name: 'Bob' } }],
		});

		expect(result.error).toBeUndefined();
		expect(received.map((r) => r.body.message)).toEqual(['Ann #0', 'Bob #1']);
		expect(received.map((r) => r.body.itemId)).toEqual(['abc123', 'abc123']);
		expect(result.output?.[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('converts resource mapper values against their schema', async () => {
		const { harness } = makeHarness();
		const result = await harness.runNode({
			nodeType: 'harnessTestNode',
			parameters: {
				fields: {
					mappingMode: 'defineBelow',
					value: { count: '={{ $json.count }}', enabled: 'true', label: 'x' },
					matchingColumns: [],
					schema: [
						{ id: 'count', displayName: 'Count', type: 'number', required: true, defaultMatch: false, display: true },
						{ id: 'enabled', displayName: 'Enabled', type: 'boolean', required: false, defaultMatch: false, display: true },
						{ id: 'label', displayName: 'Label', type: 'string', required: false, defaultMatch: false, display: true },
					],
				},
			},
			credentials,
			items: [{ json: { count: '42' } }],
		});

		expect(result.error).toBeUndefined();
		expect(received[0].body.fields).toEqual({ count: 42, enabled: true, label: 'x' });
	});

	it('turns a failing item into an error item when On Error is Continue', async () => {
		const { harness } = makeHarness();
		const result = await harness.runNode({
			nodeType: 'harnessTestNode',
			parameters: { path: '={{ $json.path }}' },
			credentials,
			continueOnFail: true,
			items: [{ json: { path: '/echo' } }, { json: { path: '/fail' } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.output?.[0][0].json.ok).toBe(true);
		expect(result.output?.[0][1].json.error).toMatch(/service was not able to process/i);
		expect(result.output?.[0][1].pairedItem).toEqual({ item: 1 });
	});

	it('surfaces a thrown NodeApiError with the HTTP details n8n-core attaches', async () => {
		const { harness } = makeHarness();
		const result = await harness.runNode({ nodeType: 'harnessTestNode', parameters: { path: '/fail' }, credentials });

		expect(result.output).toBeNull();
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError;
		expect(error.httpCode).toBe('500');
		expect(error.description).toBe('boom');
		expect((error.cause as { response?: { status?: number } }).response?.status).toBe(500);
	});

	it('exposes the workflow and node as n8n does', async () => {
		const harness = makeHarness().harness;
		const probe = new HarnessTestNode();
		let seen: unknown;
		probe.execute = async function () {
			seen = { workflow: this.getWorkflow(), node: this.getNode().name, id: this.getNode().id, mode: this.getMode() };
			return [this.helpers.returnJsonArray([{ a: 1 }, { a: 2 }])];
		};
		const custom = new N8nHarness({ nodeTypes: { probe }, credentialTypes: { harnessTestApi: new HarnessTestApi() } });
		const result = await custom.runNode({
			nodeType: 'probe',
			parameters: {},
			workflow: { id: 'wf-7', name: 'My flow', active: true },
			nodeName: 'Probe',
			nodeId: 'node-9',
			mode: 'trigger',
		});
		expect(result.output?.[0].map((item) => item.json)).toEqual([{ a: 1 }, { a: 2 }]);
		expect(seen).toEqual({ workflow: { id: 'wf-7', name: 'My flow', active: true }, node: 'Probe', id: 'node-9', mode: 'trigger' });
		expect(harness).toBeDefined();
	});

	it('captures the logs of the node and keeps secrets out of them', async () => {
		const { harness } = makeHarness();
		harness.clearLogs();
		await harness.runNode({ nodeType: 'harnessTestNode', parameters: {}, credentials, items: [{ json: {} }, { json: {} }] });

		expect(harness.logs).toContainEqual({ level: 'info', message: 'Harness test node running', meta: { items: 2 } });
		const token = harness.getStoredCredential('cred-1').accessToken as string;
		const text = JSON.stringify(harness.logs);
		expect(text).not.toContain(APP_SECRET);
		expect(text).not.toContain(token);
		harness.clearLogs();
		expect(harness.logs).toEqual([]);
	});

	it('runs 1,000 items with a single token fetch in bounded time', async () => {
		const { harness, credentialType } = makeHarness();
		const items = Array.from({ length: 1000 }, (_, i) => ({ json: { i } }));
		const started = Date.now();
		const result = await harness.runNode({
			nodeType: 'harnessTestNode',
			parameters: { message: '={{ $json.i }}' },
			credentials,
			items,
		});
		expect(result.error).toBeUndefined();
		expect(result.output?.[0]).toHaveLength(1000);
		// An expression that yields a number stays a number, as in n8n.
		expect(received[999].body.message).toBe(999);
		expect(credentialType.tokenFetches).toBe(1);
		expect(Date.now() - started).toBeLessThan(15000);
	});
});

describe('N8nHarness dropdown methods', () => {
	it('runs listSearch with filter, pagination and current parameters', async () => {
		const { harness } = makeHarness();
		const first = await harness.listSearch({
			nodeType: 'harnessTestNode',
			method: 'searchItems',
			parameters: { path: '/somewhere' },
			credentials,
		});
		expect(first).toEqual({
			results: [
				{ name: 'alpha', value: 'id-alpha' },
				{ name: 'beta', value: 'id-beta' },
			],
			paginationToken: 'p2',
		});
		const second = await harness.listSearch({
			nodeType: 'harnessTestNode',
			method: 'searchItems',
			parameters: {},
			credentials,
			paginationToken: 'p2',
		});
		expect(second.results).toEqual([{ name: 'gamma', value: 'id-gamma' }]);
		const filtered = await harness.listSearch({
			nodeType: 'harnessTestNode',
			method: 'searchItems',
			parameters: {},
			credentials,
			filter: 'et',
		});
		expect(filtered.results).toEqual([{ name: 'beta', value: 'id-beta' }]);
		expect(received[0].url).toBe('/items');
	});

	it('runs loadOptions and resourceMapping with extractValue on the current resource locator', async () => {
		const { harness } = makeHarness();
		const parameters = { item: { __rl: true, mode: 'url', value: 'https://example.invalid/items/xyz9' } };
		const options = await harness.loadOptions({ nodeType: 'harnessTestNode', method: 'getOptions', parameters, credentials });
		expect(options).toEqual([{ name: 'Option for xyz9', value: 'xyz9' }]);
		const mapping = await harness.resourceMapping({ nodeType: 'harnessTestNode', method: 'getFields', parameters, credentials });
		expect(mapping.fields.map((field) => field.displayName)).toEqual(['Count (xyz9)', 'Enabled', 'Label']);
	});
});

describe('N8nHarness.testCredential', () => {
	it('returns OK after fetching a token, as a credential test always does', async () => {
		const { harness, credentialType } = makeHarness();
		const result = await harness.testCredential({
			type: 'harnessTestApi',
			data: { baseUrl, appKey: 'key', appSecret: APP_SECRET, accessToken: 'token-already-there' },
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(credentialType.tokenFetches).toBe(1);
		expect(received[0].token).toMatch(/^token-\d+$/);
		expect(received[0].url).toBe('/me');
	});

	it('applies responseSuccessBody rules', async () => {
		const { harness, credentialType } = makeHarness();
		credentialType.test = {
			request: { baseURL: '={{$credentials.baseUrl}}', url: '/me', method: 'GET', qs: { ok: 'no' } },
			rules: [{ type: 'responseSuccessBody', properties: { key: 'ok', value: false, message: 'The API said no' } }],
		};
		const result = await harness.testCredential({ type: 'harnessTestApi', data: { baseUrl, appKey: 'key', appSecret: APP_SECRET } });
		expect(result).toEqual({ status: 'Error', message: 'The API said no' });
	});

	it('applies responseCode rules and falls back to the status text', async () => {
		const { harness, credentialType } = makeHarness();
		credentialType.test = {
			request: { baseURL: '={{$credentials.baseUrl}}', url: '/fail', method: 'GET' },
			rules: [{ type: 'responseCode', properties: { value: 500, message: 'Server is down' } }],
		};
		const data = { baseUrl, appKey: 'key', appSecret: APP_SECRET };
		expect(await harness.testCredential({ type: 'harnessTestApi', data })).toEqual({ status: 'Error', message: 'Server is down' });
		credentialType.test = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/nowhere', method: 'GET' } };
		expect(await harness.testCredential({ type: 'harnessTestApi', data })).toEqual({ status: 'Error', message: 'Not Found' });
	});

	it("shows preAuthentication's error message when the token cannot be fetched", async () => {
		const { harness } = makeHarness();
		const result = await harness.testCredential({ type: 'harnessTestApi', data: { baseUrl, appKey: 'key', appSecret: 'wrong' } });
		expect(result).toEqual({ status: 'Error', message: 'Token request failed: InvalidAppSecret' });
		expect(received).toEqual([]);
	});

	it('reports a refused connection by its error code', async () => {
		const { harness } = makeHarness();
		const result = await harness.testCredential({
			type: 'harnessTestApi',
			data: { baseUrl: 'http://127.0.0.1:1', appKey: 'key', appSecret: APP_SECRET },
		});
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});
