// The node as an AI Agent tool in n8n's editor, in a real browser: its fields as the tool variant's
// resource mapper fills them show n8n's own "Defined automatically by the model" state (not a raw
// $fromAI expression), and its Tool Description reads as words.
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { DEMO_CREDENTIALS, SEED, SEED_ASSETS } from '../../../emulator';
import { actionFacts, actionSummaryField } from '../../../nodes/DingTalkConnect/helpers/toolAction';
import { parseSchema } from '../../../nodes/DingTalkConnect/helpers/jsonSchema';
import { schemaToToolFields } from '../../../nodes/DingTalkConnect/helpers/toolFields';
import { CREDENTIAL_TYPE, generatePassword, importCredentials, setupOwner } from '../../../scripts/n8n/runtime.mjs';
import { mapperValue } from '../agent/editor';
import { startE2e, type E2eEnvironment, type Workflow } from '../lib/n8n';
import { byTestId, launchChromium, openNodePanel, openWorkflow, screenshotDir, signIn } from './lib/editor';

const CREDENTIAL = { id: 'browserToolCred1', name: 'DingTalk Connect (tool test)' };
const WORKFLOW_ID = 'browserToolNode1';
const TOOL_NAME = 'Create Todo';

let e2e: E2eEnvironment;
let baseUrl: string;
let browser: Browser;
let page: Page;
const owner = { email: 'browser-tool@example.com', password: generatePassword() };

const { connectAssetUri, connectorId } = SEED_ASSETS.createTodo;
const action = SEED.actions.find((candidate) => candidate.connectAssetUri === connectAssetUri)!;
const connector = SEED.connectors.find((candidate) => candidate.id === connectorId)!;

/** The tool node as the editor stores it once the action is picked and its fields are loaded. */
function toolWorkflow(): Workflow {
	const schema = parseSchema(action.inputSchema);
	const fields = [
		...schemaToToolFields(schema),
		actionSummaryField(actionFacts({ name: action.name, description: action.description, connectorName: connector.name, connectAssetUri }, schema)),
	];
	return {
		id: WORKFLOW_ID,
		name: 'Tool node in the editor',
		nodes: [
			{
				id: '00000000-0000-4000-8000-d00000000001',
				name: TOOL_NAME,
				type: 'CUSTOM.dingTalkConnectTool',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					resource: 'action',
					operation: 'invoke',
					connector: { __rl: true, mode: 'list', value: connector.id, cachedResultName: connector.name },
					action: { __rl: true, mode: 'list', value: connectAssetUri, cachedResultName: action.name },
					inputMode: 'fields',
					parameters: mapperValue(fields),
					options: {},
				},
				credentials: { [CREDENTIAL_TYPE]: CREDENTIAL },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1', timezone: 'Asia/Shanghai' },
	} as Workflow;
}

beforeAll(async () => {
	e2e = await startE2e();
	await importCredentials(e2e.instance, [
		{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data: { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl: e2e.emulator.url } },
	]);
	await e2e.importWorkflows([toolWorkflow()]);
	const server = await e2e.startServer();
	baseUrl = server.url;
	await setupOwner(baseUrl, owner);
	browser = await launchChromium();
	page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, locale: 'en-US' });
	page.setDefaultTimeout(20_000);
}, 240_000);

afterAll(async () => {
	if (page) await page.screenshot({ path: path.join(screenshotDir(), 'tool-node-last-page.png') }).catch(() => undefined);
	await browser?.close();
	await e2e?.stop();
});

test("the tool node's fields show n8n's model-defined state and its Tool Description reads as words", async () => {
	await signIn(page, baseUrl, owner);
	await openWorkflow(page, baseUrl, WORKFLOW_ID, TOOL_NAME);
	const panel = await openNodePanel(page, TOOL_NAME);

	const shownFields = Object.keys(action.inputSchema.properties ?? {}).length;
	const overrides = byTestId(panel, 'fromAI-override-field');
	await overrides.first().waitFor();
	expect(await overrides.count()).toBe(shownFields);
	await expect(overrides.first().innerText()).resolves.toContain('Defined automatically by the model');
	// No field shows its raw $fromAI expression.
	expect(await panel.innerText()).not.toContain('$fromAI(');

	const toolDescription = byTestId(panel, 'parameter-input-toolDescription');
	await expect(toolDescription.innerText()).resolves.toContain('Runs the DingTalk Connect action');
	await page.screenshot({ path: path.join(screenshotDir(), 'tool-node-panel.png'), animations: 'disabled' });
});
