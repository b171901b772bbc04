// The end-to-end suite: every operation of the node inside the pinned n8n 2.x,
// run with `n8n execute` against the emulator. One user folder and one emulator for the whole file:
// every workflow (the cases below and `examples/workflows/`) is imported in ONE `n8n import:workflow`
// call, then executed one by one, because each n8n CLI command boots n8n (seconds).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_CREDENTIALS, SEED, SEED_ASSETS, type ApiName, type EmulatorCounters, type InvocationRecord } from '../../emulator';
import { CREDENTIAL_TYPE, ROOT, importCredentials } from '../../scripts/n8n/runtime.mjs';
import {
	MANUAL_TRIGGER,
	dingTalkNode,
	executeWithOutput,
	nodeError,
	nodeItems,
	startE2e,
	type E2eEnvironment,
	type N8nRun,
	type Workflow,
	type WorkflowNode,
} from './lib/n8n';

const EXAMPLES_DIR = path.join(ROOT, 'examples/workflows');
/** The credential the example workflows name (the one `npm start` creates). */
const EXAMPLE_CREDENTIAL = { id: 'dtcEmulatorCorp1', name: 'DingTalk Connect API (emulator)' };

// ---------------------------------------------------------------- workflow building

let plainNodeCounter = 0;

function plainNode(name: string, type: string, typeVersion: number, parameters: Record<string, unknown>): WorkflowNode {
	plainNodeCounter += 1;
	return {
		id: `10000000-0000-4000-8000-${plainNodeCounter.toString().padStart(12, '0')}`,
		name,
		type,
		typeVersion,
		position: [200 * plainNodeCounter, 300],
		parameters,
	};
}

/** A Set node holding `{ rows }` and a Split Out node making one item per row. */
function rowsSource(rows: Array<Record<string, unknown>>, prefix = ''): WorkflowNode[] {
	return [
		plainNode(`${prefix}Rows`, 'n8n-nodes-base.set', 3.4, { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} }),
		plainNode(`${prefix}One Item per Row`, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'rows', options: {} }),
	];
}

/** A chain of nodes, its last node feeding every node of `branches`. */
interface Chain {
	chain: WorkflowNode[];
	branches?: WorkflowNode[];
}

/**
 * Manual Trigger feeding the first node of every chain. Several independent chains share one
 * workflow because every `n8n execute` boots n8n: fewer runs keep the suite quick.
 */
function flows(name: string, chains: Chain[]): Workflow {
	const trigger = plainNode(MANUAL_TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {});
	const link = (to: WorkflowNode) => ({ node: to.name, type: 'main', index: 0 });
	const nodes: WorkflowNode[] = [trigger];
	const targets: Record<string, WorkflowNode[]> = {};
	const connect = (from: WorkflowNode, to: WorkflowNode) => (targets[from.name] ??= []).push(to);
	for (const { chain, branches = [] } of chains) {
		const line = [trigger, ...chain];
		for (let i = 0; i < line.length - 1; i++) connect(line[i], line[i + 1]);
		for (const branch of branches) connect(line[line.length - 1], branch);
		nodes.push(...chain, ...branches);
	}
	const connections = Object.fromEntries(Object.entries(targets).map(([from, to]) => [from, { main: [to.map(link)] }]));
	return { name, nodes, connections };
}

/** Manual Trigger → chain → every node of `branches`. */
function flow(name: string, chain: WorkflowNode[], branches: WorkflowNode[] = []): Workflow {
	return flows(name, [{ chain, branches }]);
}

function connectorById(id: string) {
	return { __rl: true, mode: 'id', value: id };
}

function actionByUri(uri: string, mode: 'list' | 'uri' = 'uri') {
	return { __rl: true, mode, value: uri };
}

function mapperField(id: string, type: string, required = false) {
	return { id, displayName: id, required, defaultMatch: false, canBeUsedToMatch: false, display: true, type };
}

const ADD_NUMBERS_SCHEMA = [
	mapperField('a', 'number', true),
	mapperField('b', 'number', true),
	mapperField('more', 'array'),
	mapperField('decimals', 'number'),
];

function invokeAddNumbersFields(name: string, credential: 'corp' | 'suite', options: Record<string, unknown> = {}): WorkflowNode {
	return dingTalkNode(
		{
			resource: 'action',
			operation: 'invoke',
			connector: connectorById(SEED_ASSETS.addNumbers.connectorId),
			action: actionByUri(SEED_ASSETS.addNumbers.connectAssetUri, 'list'),
			inputMode: 'fields',
			parameters: {
				mappingMode: 'defineBelow',
				value: { a: '={{ $json.a }}', b: '={{ $json.b }}', more: '={{ $json.more }}' },
				matchingColumns: [],
				schema: ADD_NUMBERS_SCHEMA,
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
			options,
		},
		{ name, credential },
	);
}

function invokeJson(
	name: string,
	credential: 'corp' | 'suite',
	connectAssetUri: string,
	inputJson: string,
	options: Record<string, unknown> = {},
	connectorId?: string,
): WorkflowNode {
	return dingTalkNode(
		{
			resource: 'action',
			operation: 'invoke',
			...(connectorId ? { connector: connectorById(connectorId) } : {}),
			action: actionByUri(connectAssetUri),
			inputMode: 'json',
			inputJson,
			options,
		},
		{ name, credential },
	);
}

const ADD_NUMBERS_JSON = '={{ JSON.stringify({ a: $json.a, b: $json.b, more: $json.more }) }}';

/** What the emulator's Add Numbers answers for a row (its addends and their sum). */
function expectedSum(row: { a: number; b: number; more?: number[] }) {
	const addends = [row.a, row.b, ...(row.more ?? [])];
	return { sum: addends.reduce((total, n) => total + n, 0), count: addends.length };
}

const NUMBER_ROWS = [
	{ a: 1, b: 2, more: [3] },
	{ a: 19.5, b: 22.25, more: [] },
	{ a: -4, b: 4, more: [0.5, 0.25] },
];

// ---------------------------------------------------------------- the cases

const unauthorised = SEED_ASSETS.unauthorisedForSuite;
const unauthorisedConnector = SEED.connectors.find((c) => c.id === unauthorised.connectorId)!;
const bulkActions = SEED.actions.filter((a) => a.connectorId === SEED.bulkConnectorId);
const formsActions = SEED.actions.filter((a) => a.connectorId === SEED_ASSETS.echoForm.connectorId);
const TRIGGER = SEED.triggers[0];
const SHARED_INSTANCE_KEY = 'e2e-shared-ping';

const cases = {
	invoke: flows('E2E: invoke in Fields and JSON mode, both credentials', [
		{
			chain: rowsSource(NUMBER_ROWS),
			branches: [
				invokeAddNumbersFields('Fields (Enterprise App)', 'corp', { includeMetadata: true }),
				invokeAddNumbersFields('Fields (Third-Party App)', 'suite'),
				invokeJson('JSON (Enterprise App)', 'corp', SEED_ASSETS.addNumbers.connectAssetUri, ADD_NUMBERS_JSON, { includeMetadata: true }),
				invokeJson('JSON (Third-Party App)', 'suite', SEED_ASSETS.addNumbers.connectAssetUri, ADD_NUMBERS_JSON),
			],
		},
		{
			chain: [
				invokeJson('Look Up User', 'suite', SEED_ASSETS.lookupUser.connectAssetUri, '{"mobile": "138-0000-0005", "includeEmail": true}'),
			],
		},
	]),
	operations: flows('E2E: every other operation', [
		{
			chain: [],
			branches: [
				dingTalkNode(
					{ resource: 'action', operation: 'getMany', connector: connectorById(SEED.bulkConnectorId), returnAll: true },
					{ name: 'All Bulk Actions' },
				),
				dingTalkNode(
					{ resource: 'action', operation: 'getMany', connector: connectorById(SEED.bulkConnectorId), returnAll: false, limit: 7 },
					{ name: 'Seven Bulk Actions' },
				),
				dingTalkNode(
					{
						resource: 'action',
						operation: 'getMany',
						connector: connectorById(SEED_ASSETS.echoForm.connectorId),
						integrationTypes: ['basic', 'integration_endpoint'],
						returnAll: true,
					},
					{ name: 'Forms Actions and Flows' },
				),
				dingTalkNode(
					{ resource: 'action', operation: 'getMany', connector: connectorById(unauthorisedConnector.id), returnAll: true },
					{ name: 'Third-Party Connector as Suite', credential: 'suite' },
				),
				dingTalkNode(
					{
						resource: 'action',
						operation: 'get',
						connector: connectorById(SEED_ASSETS.addNumbers.connectorId),
						action: actionByUri(SEED_ASSETS.addNumbers.connectAssetUri),
					},
					{ name: 'Get Add Numbers' },
				),
				dingTalkNode(
					{
						resource: 'action',
						operation: 'get',
						connector: connectorById(unauthorised.connectorId),
						action: actionByUri(unauthorised.connectAssetUri, 'list'),
					},
					{ name: 'Get Unauthorised as Suite', credential: 'suite' },
				),
				dingTalkNode({ resource: 'connector', operation: 'getMany', connectorType: 'all', returnAll: true }, { name: 'All Connectors' }),
				dingTalkNode(
					{ resource: 'connector', operation: 'getMany', connectorType: 'all', returnAll: false, limit: 30 },
					{ name: 'Thirty Connectors' },
				),
				dingTalkNode(
					{ resource: 'connector', operation: 'getMany', connectorType: 'all', returnAll: true },
					{ name: 'All Connectors as Suite', credential: 'suite' },
				),
				dingTalkNode(
					{ resource: 'connector', operation: 'getMany', connectorType: 'official', returnAll: true },
					{ name: 'Official Connectors as Suite', credential: 'suite' },
				),
			],
		},
		{
			chain: [
				dingTalkNode(
					{
						resource: 'instance',
						operation: 'create',
						action: actionByUri(SEED_ASSETS.emptySchema.connectAssetUri),
						instanceKey: SHARED_INSTANCE_KEY,
					},
					{ name: 'Create Instance' },
				),
				invokeJson('Ping on That Instance', 'suite', SEED_ASSETS.emptySchema.connectAssetUri, '{}', {
					instanceKey: SHARED_INSTANCE_KEY,
					includeMetadata: true,
				}),
			],
		},
		{
			chain: [
				...rowsSource(
					[
						{ id: 'e2e-todo-1', subject: '季度汇报 Quarterly report' },
						{ id: 'e2e-todo-2', subject: 'Expense claims' },
					],
					'Event ',
				),
				dingTalkNode(
					{
						resource: 'triggerEvent',
						operation: 'send',
						appId: SEED.syncAppIds[0],
						triggerId: TRIGGER.triggerId,
						data: '={{ JSON.stringify({ id: $json.id, subject: $json.subject }) }}',
						dataAction: 'update',
						options: { customTriggerId: 'e2e-custom-trigger', dataGmtCreate: '2030-01-02T03:04:05.000Z' },
					},
					{ name: 'Send Event' },
				),
			],
		},
	]),
	continueOnFail: flow(
		'E2E: Continue On Fail',
		rowsSource([{ a: 1, b: 2 }, { a: 5 }, { a: 2, b: 3 }]),
		[
			{ ...invokeJson('Add (Continue On Fail)', 'corp', SEED_ASSETS.addNumbers.connectAssetUri, '={{ JSON.stringify($json) }}'), onError: 'continueRegularOutput' },
			{ ...invokeJson('Legacy Submit (Continue On Fail)', 'corp', SEED_ASSETS.alwaysFails.connectAssetUri, '{"payload": "x"}'), onError: 'continueRegularOutput', executeOnce: true },
		],
	),
	stopOnFail: flow('E2E: a failing item stops the node', [
		...rowsSource([{ a: 1, b: 2 }, { a: 'five', b: 5 }, { a: 2, b: 3 }]),
		invokeJson('Add (Stops)', 'corp', SEED_ASSETS.addNumbers.connectAssetUri, '={{ JSON.stringify($json) }}'),
	]),
	notAuthorisedAfterList: flow('E2E: 4003 after listing the actions', [
		dingTalkNode(
			{ resource: 'action', operation: 'getMany', connector: connectorById(unauthorised.connectorId), returnAll: true },
			{ name: 'List Actions', credential: 'suite' },
		),
		{
			...invokeJson('Invoke Unauthorised', 'suite', unauthorised.connectAssetUri, '{"record": {"title": "e2e"}}', {}, unauthorised.connectorId),
			executeOnce: true,
		},
	]),
	notAuthorisedAlone: flow('E2E: 4003 in a fresh process', [
		invokeJson('Invoke Unauthorised', 'suite', unauthorised.connectAssetUri, '{"record": {"title": "e2e"}}', {}, unauthorised.connectorId),
	]),
	refreshCorp: flow('E2E: token refresh, enterprise app', rowsSource(NUMBER_ROWS), [
		invokeJson('Add', 'corp', SEED_ASSETS.addNumbers.connectAssetUri, ADD_NUMBERS_JSON),
	]),
	refreshSuite: flow('E2E: token refresh, third-party app', rowsSource(NUMBER_ROWS), [
		invokeJson('Add', 'suite', SEED_ASSETS.addNumbers.connectAssetUri, ADD_NUMBERS_JSON),
	]),
};
type CaseName = keyof typeof cases;

// ---------------------------------------------------------------- the environment

let e2e: E2eEnvironment;
const ids = {} as Record<CaseName, string>;
const examples = readdirSync(EXAMPLES_DIR)
	.filter((file) => file.endsWith('.json'))
	.map((file) => JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Workflow & { id: string });
/** Everything every `n8n execute` printed, for the secrets check at the end. */
const outputs: string[] = [];

function exampleId(name: string): string {
	const found = examples.find((example) => example.name.includes(name));
	if (!found) throw new Error(`no example workflow named like "${name}"`);
	return found.id;
}

async function execute(id: string): Promise<N8nRun> {
	const { run, output } = await executeWithOutput(e2e.instance, id);
	outputs.push(output);
	return run;
}

/** What the emulator counted while `action` ran. */
async function counting<T>(action: () => Promise<T>): Promise<{ result: T; requests: Record<ApiName, number>; executed: Record<ApiName, number> }> {
	const before = e2e.emulator.counters();
	const result = await action();
	const after = e2e.emulator.counters();
	const delta = (field: 'requests' | 'executed') =>
		Object.fromEntries(
			Object.entries(after[field]).map(([api, count]) => [api, count - (before[field] as EmulatorCounters['requests'])[api as ApiName]]),
		) as Record<ApiName, number>;
	return { result, requests: delta('requests'), executed: delta('executed') };
}

function tokenFetches(requests: Record<ApiName, number>): number {
	return requests.accessToken + requests.corpAccessToken;
}

function expectSucceeded(run: N8nRun) {
	expect(run.data.resultData.error).toBeUndefined();
	expect(run.status).toBe('success');
}

beforeAll(async () => {
	e2e = await startE2e();
	// The examples name the credential `npm start` creates: the same enterprise app, on this emulator.
	await importCredentials(e2e.instance, [
		{ ...EXAMPLE_CREDENTIAL, type: CREDENTIAL_TYPE, data: { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl: e2e.emulator.url } },
	]);
	const names = Object.keys(cases) as CaseName[];
	const imported = await e2e.importWorkflows([...names.map((name) => cases[name]), ...examples]);
	names.forEach((name, index) => (ids[name] = imported[index]));
	e2e.emulator.resetCounters();
});

afterAll(async () => {
	await e2e?.stop();
});

// ---------------------------------------------------------------- invoke

describe('invoke', () => {
	let run: N8nRun;
	let executed: Record<ApiName, number>;
	let sent: InvocationRecord[];

	beforeAll(async () => {
		const before = e2e.emulator.invocations().length;
		({ result: run, executed } = await counting(() => execute(ids.invoke)));
		sent = e2e.emulator.invocations().slice(before);
	});

	test('the run succeeds and every item of every node reached the emulator once', () => {
		expectSucceeded(run);
		expect(executed.invokeInstance).toBe(4 * NUMBER_ROWS.length + 1);
		const addInputs = sent.filter((i) => i.connectAssetUri === SEED_ASSETS.addNumbers.connectAssetUri).map((i) => JSON.stringify(i.input));
		expect(addInputs).toHaveLength(4 * NUMBER_ROWS.length);
		for (const row of NUMBER_ROWS) expect(addInputs.filter((input) => input === JSON.stringify(row))).toHaveLength(4);
	});

	test.each(['Fields', 'JSON'])('%s mode: every item, in order, with the enterprise and the third-party credential', (mode) => {
		const expected = NUMBER_ROWS.map(expectedSum);
		const corp = nodeItems(run, `${mode} (Enterprise App)`);
		expect(corp.map(({ sum, count }) => ({ sum, count }))).toEqual(expected);
		expect(nodeItems(run, `${mode} (Third-Party App)`)).toEqual(expected);
		// The instance key is derived from the saved workflow's id, so it is stable across runs.
		for (const item of corp) {
			expect(item._dingtalk).toEqual({
				connectAssetUri: SEED_ASSETS.addNumbers.connectAssetUri,
				instanceKey: `n8n-wf-${ids.invoke}`,
				instanceId: expect.stringMatching(/^inv-\d+$/),
				cost: expect.any(Number),
			});
		}
	});

	test('JSON mode with literal JSON: the answer of a rich action, as the item', () => {
		const user = SEED.users.find((u) => u.mobile === '13800000005')!;
		expect(nodeItems(run, 'Look Up User')).toEqual([
			{
				found: true,
				users: [{ userId: user.userId, name: user.name, mobile: user.mobile, title: user.title, deptIds: user.deptIds, email: user.email }],
			},
		]);
	});

	test('both credential modes called as their own app', () => {
		const counters = e2e.emulator.counters();
		expect(counters.byApp[DEMO_CREDENTIALS.corp.appKey]?.invokeInstance).toBeGreaterThanOrEqual(2 * NUMBER_ROWS.length);
		expect(counters.byApp[`${DEMO_CREDENTIALS.suite.suiteKey}:${DEMO_CREDENTIALS.suite.authCorpId}`]?.invokeInstance).toBeGreaterThanOrEqual(
			2 * NUMBER_ROWS.length + 1,
		);
	});
});

// ---------------------------------------------------------------- the other operations

describe('every other operation', () => {
	let run: N8nRun;
	let requests: Record<ApiName, number>;
	let syncedBefore: number;

	beforeAll(async () => {
		syncedBefore = e2e.emulator.syncedEvents().length;
		({ result: run, requests } = await counting(() => execute(ids.operations)));
	});

	test('the run succeeds', () => {
		expectSucceeded(run);
	});

	test('action getMany: Return All pages past 50, Limit stops early, integration flows on request, suite sees authorisation', () => {
		const all = nodeItems(run, 'All Bulk Actions');
		expect(all.map((a) => a.id)).toEqual(bulkActions.map((a) => a.id));
		expect(all.length).toBeGreaterThan(50);
		expect(nodeItems(run, 'Seven Bulk Actions').map((a) => a.id)).toEqual(bulkActions.slice(0, 7).map((a) => a.id));
		const forms = nodeItems(run, 'Forms Actions and Flows');
		expect(forms.map((a) => a.id).sort()).toEqual(formsActions.map((a) => a.id).sort());
		expect(forms.find((a) => a.id === SEED_ASSETS.integrationFlow.actionId)?.integrationType).toBe('integration_endpoint');
		const asSuite = nodeItems(run, 'Third-Party Connector as Suite');
		const listedUnauthorised = asSuite.find((a) => a.connectAssetUri === unauthorised.connectAssetUri);
		expect(listedUnauthorised).toMatchObject({ authorized: false, authorityUrl: expect.stringMatching(/^dingtalk:\/\//) });
		expect(asSuite.filter((a) => a.authorized === true).length).toBe(asSuite.length - 1);
		// Return All over 56 bulk actions takes two pages; Limit 7, the forms and the suite's list one each.
		expect(requests.searchActions).toBeGreaterThanOrEqual(5);
	});

	test('action get: the detail with parsed schemas, and whether the organisation authorised it', () => {
		const action = SEED.actions.find((a) => a.connectAssetUri === SEED_ASSETS.addNumbers.connectAssetUri)!;
		const [detail] = nodeItems(run, 'Get Add Numbers');
		expect(detail).toMatchObject({
			connectAssetUri: action.connectAssetUri,
			name: action.name,
			inputSchema: action.inputSchema,
			outputSchema: action.outputSchema,
			authorized: true,
		});
		expect(detail.authorityUrl).toBeUndefined();
		const [unauthorisedDetail] = nodeItems(run, 'Get Unauthorised as Suite');
		expect(unauthorisedDetail).toMatchObject({
			connectAssetUri: unauthorised.connectAssetUri,
			authorized: false,
			authorityUrl: expect.stringContaining(encodeURIComponent(encodeURIComponent(unauthorised.connectAssetUri))),
		});
	});

	test('connector getMany: all types with Return All and Limit; the suite sees only its scope', () => {
		const all = nodeItems(run, 'All Connectors');
		expect(all.map((c) => c.id).sort()).toEqual(SEED.connectors.map((c) => c.id).sort());
		for (const connector of all) expect(connector.type).toBe(SEED.connectors.find((c) => c.id === connector.id)?.type);
		expect(nodeItems(run, 'Thirty Connectors').map((c) => c.id)).toEqual(all.slice(0, 30).map((c) => c.id));
		const inScope = SEED.connectors.filter((c) => c.inSuiteScope);
		expect(nodeItems(run, 'All Connectors as Suite').map((c) => c.id).sort()).toEqual(inScope.map((c) => c.id).sort());
		expect(nodeItems(run, 'Official Connectors as Suite').map((c) => c.id).sort()).toEqual(
			inScope.filter((c) => c.type === 'official').map((c) => c.id).sort(),
		);
	});

	test('instance create: the instance exists, and an invoke with that Instance Key uses it', () => {
		expect(nodeItems(run, 'Create Instance')).toEqual([
			expect.objectContaining({ connectAssetUri: SEED_ASSETS.emptySchema.connectAssetUri, instanceKey: SHARED_INSTANCE_KEY }),
		]);
		expect(nodeItems(run, 'Ping on That Instance')).toEqual([
			{
				pong: true,
				_dingtalk: expect.objectContaining({ instanceKey: SHARED_INSTANCE_KEY, connectAssetUri: SEED_ASSETS.emptySchema.connectAssetUri }),
			},
		]);
		expect(e2e.emulator.instances()).toEqual(
			expect.arrayContaining([expect.objectContaining({ connectAssetUri: SEED_ASSETS.emptySchema.connectAssetUri, instanceKey: SHARED_INSTANCE_KEY })]),
		);
		const invocation = e2e.emulator.invocations().find((i) => i.instanceKey === SHARED_INSTANCE_KEY);
		expect(invocation?.connectAssetUri).toBe(SEED_ASSETS.emptySchema.connectAssetUri);
	});

	test('trigger event send: one event per item, with its data, action and options', () => {
		expect(nodeItems(run, 'Send Event')).toEqual(
			['e2e-todo-1', 'e2e-todo-2'].map((id) => expect.objectContaining({ triggerId: TRIGGER.triggerId, action: 'update', bizPrimaryKey: id, success: true })),
		);
		const events = e2e.emulator.syncedEvents().slice(syncedBefore);
		expect(events).toEqual([
			expect.objectContaining({
				appId: SEED.syncAppIds[0],
				triggerId: TRIGGER.triggerId,
				customTriggerId: 'e2e-custom-trigger',
				action: 'update',
				data: { id: 'e2e-todo-1', subject: '季度汇报 Quarterly report' },
				dataGmtCreate: Date.parse('2030-01-02T03:04:05.000Z'),
			}),
			expect.objectContaining({ data: { id: 'e2e-todo-2', subject: 'Expense claims' } }),
		]);
		// Modified At was left empty: the node sends "now".
		for (const event of events) expect(event.dataGmtModified).toEqual(expect.any(Number));
	});
});

// ---------------------------------------------------------------- failures

test('Continue On Fail: a bad item becomes an error item in its place, the others succeed, nothing extra is sent', async () => {
	const { result: run, executed } = await counting(() => execute(ids.continueOnFail));
	expectSucceeded(run);
	const items = nodeItems(run, 'Add (Continue On Fail)');
	expect(items).toHaveLength(3);
	expect(items[0]).toEqual(expectedSum({ a: 1, b: 2 }));
	expect(items[1]).toEqual({ error: expect.stringMatching(/^Item 1: .*\bb\b/), errorDescription: expect.stringContaining('Nothing was sent') });
	expect(items[2]).toEqual(expectedSum({ a: 2, b: 3 }));
	expect(executed.invokeInstance).toBe(2);
	const [legacy] = nodeItems(run, 'Legacy Submit (Continue On Fail)');
	expect(legacy.error).toEqual(expect.any(String));
	expect(`${String(legacy.error)} ${String(legacy.errorDescription ?? '')}`).toContain('CONNECTOR_TIMEOUT');
});

test('without Continue On Fail the node fails the workflow, naming the item and the field', async () => {
	const run = await execute(ids.stopOnFail);
	expect(run.status).toBe('error');
	expect(run.data.resultData.lastNodeExecuted).toBe('Add (Stops)');
	const error = nodeError(run, 'Add (Stops)');
	expect(error?.message).toMatch(/^Item 1: .*\ba\b/);
	expect(run.data.resultData.error?.message).toBe(error?.message);
	expect(e2e.emulator.invocations().some((i) => JSON.stringify(i.input).includes('five'))).toBe(false);
});

const AUTHORISE_MESSAGE = 'The organisation has not authorised the app for this connector action (4003)';

test('4003 for a third-party app: the message, and the authorisation link from the action list', async () => {
	const run = await execute(ids.notAuthorisedAfterList);
	expect(run.status).toBe('error');
	const listed = nodeItems(run, 'List Actions').find((a) => a.connectAssetUri === unauthorised.connectAssetUri);
	const error = nodeError(run, 'Invoke Unauthorised');
	expect(error?.message).toBe(AUTHORISE_MESSAGE);
	expect(error?.description).toContain(`Open this link in the DingTalk client as an administrator to authorise: ${String(listed?.authorityUrl)}`);
});

test('4003 in a fresh process (no action list seen yet): the node looks the authorisation link up', async () => {
	const run = await execute(ids.notAuthorisedAlone);
	expect(run.status).toBe('error');
	const error = nodeError(run, 'Invoke Unauthorised');
	expect(error?.message).toBe(AUTHORISE_MESSAGE);
	// Not the emulator's own text: the sentence the node writes once it found the link in the action list.
	expect(error?.description).toMatch(
		/^Open this link in the DingTalk client as an administrator to authorise: dingtalk:\/\/dingtalkclient\/page\/link\?url=\S+/,
	);
});

// ---------------------------------------------------------------- token refresh across runs

// Each `n8n execute` is a new process: a run that needs no token call proves n8n stored the token
// in the credential.
describe.each([
	['enterprise app', 'refreshCorp', 'accessToken'],
	['third-party app', 'refreshSuite', 'corpAccessToken'],
] as const)('token refresh, %s', (_label, name, tokenApi) => {
	afterAll(() => e2e.emulator.configure({ expiredTokenStatus: 400 }));

	async function runAndCheck() {
		const before = e2e.emulator.invocations().length;
		const { result: run, requests } = await counting(() => execute(ids[name]));
		expectSucceeded(run);
		expect(nodeItems(run, 'Add')).toEqual(NUMBER_ROWS.map(expectedSum));
		// Nothing lost, nothing doubled: one invocation per item.
		expect(e2e.emulator.invocations().length - before).toBe(NUMBER_ROWS.length);
		return requests;
	}

	async function expireThenRun(status: 400 | 401) {
		e2e.emulator.configure({ expiredTokenStatus: status });
		e2e.emulator.expireAllTokens();
		const requests = await runAndCheck();
		expect(tokenFetches(requests)).toBe(1);
		expect(requests[tokenApi]).toBe(1);
	}

	test('after the emulator expires every token (InvalidAuthentication as 400): one refresh, every item', async () => {
		await expireThenRun(400);
	});

	test('the first warm run after it reuses the token n8n stored (no token call)', async () => {
		expect(tokenFetches(await runAndCheck())).toBe(0);
	});

	test('after the emulator expires every token (InvalidAuthentication as 401): one refresh, every item', async () => {
		await expireThenRun(401);
	});
});

// ---------------------------------------------------------------- the examples npm start imports

describe('examples/workflows', () => {
	test('list self-built connectors', async () => {
		const run = await execute(exampleId('list self-built connectors'));
		expectSucceeded(run);
		const selfBuilt = SEED.connectors.filter((c) => c.type === 'self_built');
		expect(nodeItems(run, 'Get Self-Built Connectors').map((c) => c.id)).toEqual(selfBuilt.map((c) => c.id));
	});

	test('create a to-do for each row', async () => {
		const example = examples.find((e) => e.id === exampleId('create a to-do for each row'))!;
		const setNode = example.nodes.find((n) => n.type === 'n8n-nodes-base.set')!;
		const todos = (JSON.parse(setNode.parameters.jsonOutput as string) as { todos: Array<{ subject: string; owner: string; due: string; priority: number }> }).todos;
		const run = await execute(example.id);
		expectSucceeded(run);
		const created = nodeItems(run, 'Create To-do');
		expect(created).toHaveLength(todos.length);
		created.forEach((todo, index) => {
			expect(todo).toMatchObject({
				id: expect.stringMatching(/^todo-\d+$/),
				subject: todos[index].subject,
				creatorId: 'manager4321',
				executorIds: [todos[index].owner],
				priority: todos[index].priority,
				done: false,
			});
			expect(Date.parse(String(todo.dueTime))).toBe(Date.parse(todos[index].due));
		});
		expect(new Set(created.map((todo) => todo.id)).size).toBe(todos.length);
	});

	test('invoke with JSON input', async () => {
		const run = await execute(exampleId('invoke with JSON input'));
		expectSucceeded(run);
		const addends = [19.5, 22.25, 1, 2.25];
		expect(nodeItems(run, 'Add Numbers')).toEqual([
			{
				sum: Number(addends.reduce((a, b) => a + b, 0).toFixed(1)),
				count: addends.length,
				_dingtalk: expect.objectContaining({ instanceKey: `n8n-wf-${exampleId('invoke with JSON input')}` }),
			},
		]);
	});

	test('scheduled work notice, run by hand', async () => {
		const run = await execute(exampleId('scheduled work notice'));
		expectSucceeded(run);
		expect(nodeItems(run, 'Send Work Notice')).toEqual([
			{ messageId: expect.stringMatching(/^msg-\d+$/), taskId: expect.any(Number), recipients: 2 },
		]);
		const notice = e2e.emulator.invocations().filter((i) => i.connectAssetUri === SEED_ASSETS.sendWorkNotice.connectAssetUri).pop();
		expect(notice?.input).toMatchObject({
			userIds: ['user01', 'user02'],
			msg: { msgtype: 'text', text: { content: expect.stringMatching(/^早上好 Good morning: today is \d{4}-\d{2}-\d{2}$/) } },
		});
	});
});

// ---------------------------------------------------------------- secrets

test('no secret, suite ticket or issued token appears in anything n8n execute printed', () => {
	expect(outputs.length).toBeGreaterThanOrEqual(Object.keys(cases).length);
	const tokens = [...new Set(e2e.emulator.log().map((entry) => entry.token).filter((t): t is string => Boolean(t)))];
	expect(tokens.length).toBeGreaterThan(2);
	const secrets = [
		DEMO_CREDENTIALS.corp.appSecret,
		DEMO_CREDENTIALS.suite.suiteSecret,
		DEMO_CREDENTIALS.suite.suiteTicket,
		...tokens,
	];
	const all = outputs.join('\n');
	// Proof the check looks at real runs: their item data is there.
	expect(all).toContain(SEED_ASSETS.addNumbers.connectAssetUri);
	// Name a leak by its position only, so a failure does not print the secret itself.
	expect(secrets.map((secret, index) => (all.includes(secret) ? `secret #${index}` : undefined)).filter(Boolean)).toEqual([]);
});
