// The core workflow in a real n8n against emulator dialects other than the default (which every other
// end-to-end file plays): each answers what DingTalk does not document in another plausible way (see
// docs/unknowns.md). Fresh `n8n execute` processes first, then a running `n8n start` in which the
// workflow's instances are deleted in "DingTalk" between two runs.
import { DEMO_CREDENTIALS, SEED_ASSETS, type DialectName } from '../../emulator';
import { coreWorkflow, expectedSum, NUMBER_ROWS } from './install/coreWorkflow';
import { dingTalkNode, manualWorkflow, nodeItems, startE2e, type E2eEnvironment } from './lib/n8n';
import { ownerClient, runToEnd, type RestClient } from './rest/client';

const DIALECTS: DialectName[] = ['gateway', 'errorCode'];
/** The workflow's instances: one per workflow and action, shared by its three invoking nodes (n8n runs them one after another). */
const INSTANCES = 1;
/** Items that reach DingTalk in one run: 3 rows for each credential mode, 2 good rows under Continue On Fail. */
const INVOKES_PER_RUN = 2 * NUMBER_ROWS.length + 2;

let e2e: E2eEnvironment;
let workflowId: string;
let missingActionId: string;
const MISSING_ACTION = 'dca://nowhere.connect.dingtalk.com/nowhere/action/G-ACT-MISSING';

beforeAll(async () => {
	e2e = await startE2e();
	const missing = dingTalkNode(
		{ resource: 'action', operation: 'invoke', action: { __rl: true, mode: 'uri', value: MISSING_ACTION }, inputMode: 'json', inputJson: '{}', options: {} },
		{ name: 'Invoke a Missing Action', type: e2e.nodeType },
	);
	[workflowId, missingActionId] = await e2e.importWorkflows([
		coreWorkflow(e2e.nodeType),
		manualWorkflow('Dialects: a missing action', [{ ...missing, onError: 'continueRegularOutput' }]),
	]);
}, 240_000);

afterAll(async () => {
	await e2e?.stop();
});

function playing(dialect: DialectName): void {
	e2e.emulator.reset();
	e2e.emulator.useDialect(dialect);
	expect(e2e.emulator.dialect).toBe(dialect);
}

describe.each(DIALECTS)('dialect %s, one n8n process per run', (dialect) => {
	beforeAll(() => playing(dialect));

	test('the first run creates the instance once and every item runs', async () => {
		const run = await e2e.execute(workflowId);

		expect(nodeItems(run, 'List Self-Built Connectors').length).toBeGreaterThan(20);
		for (const node of ['Add (Enterprise App)', 'Add (Third-Party App)']) {
			expect(nodeItems(run, node)).toEqual(NUMBER_ROWS.map(expectedSum));
		}
		const tolerant = nodeItems(run, 'Add (Continue On Fail)');
		expect(tolerant[0]).toEqual(expectedSum({ a: 1, b: 2 }));
		expect(tolerant[1].error).toMatch(/^Item 1: /);
		expect(tolerant[2]).toEqual(expectedSum({ a: 2, b: 3 }));
		const { requests, executed } = e2e.emulator.counters();
		expect(requests.createInstance).toBe(INSTANCES);
		expect(executed.invokeInstance).toBe(INVOKES_PER_RUN);
	});

	test("an action DingTalk does not know fails in the package's words, whatever code carries it", async () => {
		const [item] = nodeItems(await e2e.execute(missingActionId), 'Invoke a Missing Action');

		expect(item.error).toMatch(/^The connector asset or instance does not exist( \(4004\))?$/);
		expect(String(item.error)).not.toMatch(/connection|host/i);
	});

	test('a second process (a restart, another worker) invokes at once: no creation, one call per item', async () => {
		e2e.emulator.resetCounters();
		const run = await e2e.execute(workflowId);

		expect(nodeItems(run, 'Add (Enterprise App)')).toEqual(NUMBER_ROWS.map(expectedSum));
		const { requests, executed } = e2e.emulator.counters();
		expect(requests.createInstance).toBe(0);
		expect(requests.invokeInstance).toBe(INVOKES_PER_RUN);
		expect(executed.invokeInstance).toBe(INVOKES_PER_RUN);
	});
});

describe('while n8n keeps running', () => {
	let client: RestClient;

	beforeAll(async () => {
		const server = await e2e.startServer();
		client = await ownerClient(server.url);
	}, 120_000);

	describe.each(DIALECTS)('dialect %s', (dialect) => {
		beforeAll(() => playing(dialect));

		test('an instance deleted in DingTalk between two runs is created again once, and every item runs', async () => {
			expect(await runToEnd(client, workflowId)).toBe('success');
			expect(e2e.emulator.deleteInstances()).toBe(INSTANCES);
			e2e.emulator.resetCounters();

			expect(await runToEnd(client, workflowId)).toBe('success');

			const { requests, executed } = e2e.emulator.counters();
			expect(requests.createInstance).toBe(INSTANCES);
			expect(executed.createInstance).toBe(INSTANCES);
			expect(executed.invokeInstance).toBe(INVOKES_PER_RUN);
			const apps = Object.keys(e2e.emulator.counters().byApp);
			expect(apps).toEqual(expect.arrayContaining([DEMO_CREDENTIALS.corp.appKey]));
			expect(e2e.emulator.instances().filter((instance) => instance.connectAssetUri === SEED_ASSETS.addNumbers.connectAssetUri)).toHaveLength(INSTANCES);
		});
	});
});
