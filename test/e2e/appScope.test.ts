// App scope in a real n8n, driven through the editor's REST API: a credential edited in place acts as
// its new app at once, and Stop stops: no invoke after it, and nothing left to slow the next run.
import { DEMO_CREDENTIALS, SEED, SEED_ASSETS, SEED_ORG_B } from '../../emulator';
import { CONNECTORS_PATH } from '../../nodes/DingTalkConnect/cache/connectors';
import { CREDENTIALS, CREDENTIAL_TYPE, NODE_TYPE, dingTalkNode, manualWorkflow, startE2e, type E2eEnvironment, type WorkflowNode } from './lib/n8n';
import { getExecution, ownerClient, runManually, runToEnd as runToEndVia, waitUntil, type RestClient } from './rest/client';

const ADD = SEED_ASSETS.addNumbers.connectAssetUri;
const ORG_B_APP = DEMO_CREDENTIALS.corpB.appKey;

let e2e: E2eEnvironment;
let client: RestClient;
const ids: Record<string, string> = {};

function items(count: number, name = 'Items'): WorkflowNode {
	return {
		id: `00000000-0000-4000-8000-2000000000${String(count).padStart(2, '0').slice(-2)}`,
		name,
		type: 'n8n-nodes-base.debugHelper',
		typeVersion: 1,
		position: [100, 0],
		parameters: { category: 'randomData', randomDataType: 'uuid', randomDataCount: count },
	};
}

const invokeAdd = (name: string) =>
	dingTalkNode(
		{ resource: 'action', operation: 'invoke', action: { __rl: true, mode: 'uri', value: ADD }, inputMode: 'json', inputJson: '{"a": 1, "b": 2}', options: {} },
		{ name, credential: 'suite' },
	);

beforeAll(async () => {
	e2e = await startE2e({ emulatorConfig: { qpsLimit: 20 } });
	const [list, long, next] = await e2e.importWorkflows([
		manualWorkflow('Scope: list connectors', [
			dingTalkNode({ resource: 'connector', operation: 'getMany', connectorType: 'all', returnAll: true }, { name: 'List', credential: 'corp' }),
		]),
		manualWorkflow('Stop: 500 invokes', [items(500), invokeAdd('Invoke 500')]),
		manualWorkflow('Stop: the next run', [items(20, 'Twenty'), invokeAdd('Invoke 20')]),
	]);
	Object.assign(ids, { list, long, next });
	const server = await e2e.startServer();
	client = await ownerClient(server.url);
}, 240_000);

afterAll(async () => {
	await e2e?.stop();
});

const runToEnd = async (workflowId: string) => await runToEndVia(client, workflowId);

test("a credential edited to another organisation's app (PATCH /rest/credentials/:id, as the editor saves it) acts as that app at once", async () => {
	expect(await runToEnd(ids.list)).toBe('success');
	const before = e2e.emulator.log().filter((entry) => entry.path === CONNECTORS_PATH);
	const oldToken = before[before.length - 1]?.token;
	expect(oldToken).toBeTruthy();

	// The editor reads the credential (secrets and the token come back blanked) and saves it edited.
	const { id, name } = CREDENTIALS.corp;
	const stored = await client.call<{ name: string; type: string; data: Record<string, unknown> }>('GET', `/credentials/${id}?includeData=true`);
	const edited = { ...stored.data, ...DEMO_CREDENTIALS.corpB };
	await client.call('PATCH', `/credentials/${id}`, { name: stored.name, type: CREDENTIAL_TYPE, data: edited });
	e2e.emulator.resetCounters();
	const since = e2e.emulator.log().length;

	expect(await runToEnd(ids.list)).toBe('success');
	const dropdown = await client.call<{ results: unknown[] }>('POST', '/dynamic-node-parameters/resource-locator-results', {
		nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
		path: 'parameters.connector',
		methodName: 'searchConnectors',
		currentNodeParameters: { resource: 'action', operation: 'getMany' },
		credentials: { [CREDENTIAL_TYPE]: { id, name } },
	});
	const tested = await client.call<{ status: string }>('POST', '/credentials/test', {
		credentials: { id, name, type: CREDENTIAL_TYPE, data: edited },
	});

	const entries = e2e.emulator.log().slice(since);
	expect(entries.filter((entry) => entry.token === oldToken)).toEqual([]);
	expect(new Set(entries.filter((entry) => entry.path === CONNECTORS_PATH).map((entry) => entry.app))).toEqual(new Set([ORG_B_APP]));
	expect(e2e.emulator.counters().requests.accessToken).toBeGreaterThanOrEqual(1);
	expect(dropdown.results.map((result) => (result as { value: string }).value).sort()).toEqual(
		SEED_ORG_B.connectors.map((connector) => connector.id).sort(),
	);
	expect(tested.status).toBe('OK');
});

test("a schema changed in DingTalk shows at once in the editor's Fields (resource-mapper endpoint)", async () => {
	const fields = async () =>
		await client.call<{ fields: Array<{ id: string }> }>('POST', '/dynamic-node-parameters/resource-mapper-fields', {
			nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
			path: 'parameters.parameters',
			methodName: 'getActionInputFields',
			currentNodeParameters: { resource: 'action', operation: 'invoke', action: { __rl: true, mode: 'uri', value: ADD }, inputMode: 'fields' },
			credentials: { [CREDENTIAL_TYPE]: CREDENTIALS.suite },
		});
	expect((await fields()).fields.map((field) => field.id)).not.toContain('note');
	const seeded = SEED.actions.find((action) => action.connectAssetUri === ADD)?.inputSchema as Record<string, unknown>;
	e2e.emulator.setActionSchema(ADD, {
		inputSchema: { ...seeded, properties: { ...(seeded.properties as object), note: { type: 'string', title: 'Note' } } },
	});
	try {
		expect((await fields()).fields.map((field) => field.id)).toContain('note');
	} finally {
		e2e.emulator.setActionSchema(ADD, { inputSchema: seeded });
	}
});

test('Stop: no invoke after it, the run ends as stopped, and the next run of the app is not slowed', async () => {
	e2e.emulator.resetCounters();
	const since = e2e.emulator.log().length;
	const executionId = await runManually(client, ids.long);
	expect(await waitUntil(() => e2e.emulator.counters().executed.invokeInstance >= 50, 60_000, 20)).toBe(true);

	const stoppedAt = Date.now();
	await client.call('POST', `/executions/${executionId}/stop`);
	const nextStarted = Date.now();
	const nextId = await runManually(client, ids.next);
	const ended = await waitUntil(async () => (await getExecution(client, executionId)).status !== 'running', 10_000, 50);
	const endedAt = Date.now();
	expect(ended).toBe(true);
	expect((await getExecution(client, executionId)).status).toBe('canceled');
	expect(endedAt - stoppedAt).toBeLessThan(2000);

	expect(await waitUntil(async () => (await getExecution(client, nextId)).status === 'success', 60_000, 100)).toBe(true);
	const invokes = e2e.emulator.log().slice(since).filter((entry) => entry.api === 'invokeInstance');
	const keyOf = (entry: (typeof invokes)[number]) => (entry.body as { instanceKey?: string } | undefined)?.instanceKey;
	const longKey = keyOf(invokes[0]);
	const longInvokes = invokes.filter((entry) => keyOf(entry) === longKey);
	const nextInvokes = invokes.filter((entry) => keyOf(entry) !== longKey);
	expect(longInvokes.filter((entry) => entry.at > stoppedAt + 1000)).toEqual([]);
	expect(longInvokes.length).toBeLessThan(500);
	// The next run's instance is new: the invokes sent before it was created were answered "not found"
	// (nothing ran) and sent once more.
	expect(nextInvokes.filter((entry) => entry.executed)).toHaveLength(20);
	expect(nextInvokes.filter((entry) => !entry.executed).every((entry) => entry.status === 404)).toBe(true);
	expect(nextInvokes.length).toBeLessThanOrEqual(40);
	// The stopped run's waiting items gave their turns back: the next run's first invoke went out promptly.
	expect(nextInvokes[0].at - nextStarted).toBeLessThan(1500);
	// The adaptive pacer finds the limit by meeting it now and then; a throttled call is retried (nothing ran).
	expect(e2e.emulator.counters().throttled).toBeLessThanOrEqual(3);
});
