// Every example workflow opened in n8n's editor, in a real browser: its main DingTalk node's panel shows
// no switch, label or mark that disagrees with what runs. One n8n, one browser, every example in
// examples/workflows/. A picture of each panel goes to a temp folder (printed), or with
// UPDATE_SCREENSHOTS=1 to docs/images/examples/<example>.png for the READMEs.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Locator, Page } from 'playwright-core';

import { DEMO_CREDENTIALS, SEED, SEED_ASSETS } from '../../../emulator';
import { CREDENTIAL_TYPE, ROOT, generatePassword, importCredentials, setupOwner } from '../../../scripts/n8n/runtime.mjs';
import { dingTalkNode, manualWorkflow, startE2e, type E2eEnvironment, type Workflow } from '../lib/n8n';
import { byTestId, launchChromium, mappedFields, openNodePanel, openWorkflow, screenshotDir, signIn, type DomNode } from './lib/editor';
import { panelMarks } from './lib/panel';

const EXAMPLES = path.join(ROOT, 'examples/workflows');

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Example {
	file: string;
	workflow: Workflow & { id: string; nodes: ExampleNode[] };
}

/**
 * Which of an example's DingTalk nodes is its main one, the node a person opens to see what runs: the
 * node that calls DingTalk (an action, or the same as an AI tool), else the trigger the events come
 * from. A DingTalk node type missing here fails the test, so a new kind of example is not skipped.
 */
const MAIN_NODE_RANK: Record<string, number> = {
	'CUSTOM.dingTalkConnect': 0,
	'CUSTOM.dingTalkConnectTool': 0,
	'CUSTOM.dingTalkConnectStreamTrigger': 1,
	'CUSTOM.dingTalkConnectTrigger': 1,
	'CUSTOM.dingTalkConnectMcpServer': 1,
};

function mainNode({ file, workflow }: Example): ExampleNode {
	const ours = workflow.nodes.filter((node) => node.type.startsWith('CUSTOM.'));
	const unruled = ours.filter((node) => MAIN_NODE_RANK[node.type] === undefined).map((node) => node.type);
	if (unruled.length) throw new Error(`${file}: no main-node rule for ${unruled.join(', ')} (add one to MAIN_NODE_RANK)`);
	const best = Math.min(...ours.map((node) => MAIN_NODE_RANK[node.type]));
	const candidates = ours.filter((node) => MAIN_NODE_RANK[node.type] === best);
	if (candidates.length !== 1) throw new Error(`${file}: ${candidates.length} candidates for the main node`);
	return candidates[0];
}

const examples: Example[] = readdirSync(EXAMPLES)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => ({ file, workflow: JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8')) as Example['workflow'] }));

// A to-do with an empty subject and a due time that is no date-time, to see where the schema's hints show.
const HINT_WORKFLOW_ID = 'browserHintWf001';
const HINT_NODE = 'Create To-do (bad input)';
const hintWorkflow = manualWorkflow('Hints of the fields at fault', [
	dingTalkNode(
		{
			resource: 'action',
			operation: 'invoke',
			connector: { __rl: true, mode: 'id', value: SEED_ASSETS.createTodo.connectorId },
			action: { __rl: true, mode: 'id', value: SEED_ASSETS.createTodo.connectAssetUri },
			inputMode: 'json',
			inputJson: '{"subject": "", "creatorId": "manager4321", "dueTime": "next Friday"}',
		},
		{ name: HINT_NODE },
	),
]);

// Tall enough for the longest example's fields; each picture is cut below its last parameter.
const VIEWPORT = { width: 1440, height: 2200 };

let e2e: E2eEnvironment;
let baseUrl: string;
let browser: Browser;
let page: Page;
let shots: string;
/** The node types as the editor loads them, for the defaults of parameters an example leaves unset. */
let nodeTypes: Array<{ name: string; properties: NodeProperty[] }>;
const owner = { email: 'browser-examples@example.com', password: generatePassword() };

beforeAll(async () => {
	e2e = await startE2e();
	const credentials = new Map<string, { id: string; name: string }>();
	for (const { workflow } of examples) {
		for (const node of workflow.nodes) {
			if (node.credentials?.[CREDENTIAL_TYPE]) credentials.set(node.credentials[CREDENTIAL_TYPE].id, node.credentials[CREDENTIAL_TYPE]);
		}
	}
	// The examples name their own credential: the same demo app, pointed at this run's emulator.
	await importCredentials(
		e2e.instance,
		[...credentials.values()].map((credential) => ({
			...credential,
			type: CREDENTIAL_TYPE,
			data: { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl: e2e.emulator.url },
		})),
	);
	// Unpublished: the panel is what is looked at here, not the events.
	await e2e.importWorkflows([...examples.map(({ workflow }) => ({ ...workflow, active: false })), { ...hintWorkflow, id: HINT_WORKFLOW_ID }]);
	const server = await e2e.startServer();
	baseUrl = server.url;
	await setupOwner(baseUrl, owner);

	shots = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(screenshotDir(), 'examples') : screenshotDir();
	mkdirSync(shots, { recursive: true });
	console.log(`example screenshots: ${shots}`);
	browser = await launchChromium();
	page = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US' });
	page.setDefaultTimeout(20_000);
	page.on('dialog', (dialog) => void dialog.accept());
	await signIn(page, baseUrl, owner);
	const types = await page.request.get(`${baseUrl}/types/nodes.json`);
	expect(types.ok()).toBe(true);
	nodeTypes = (await types.json()) as typeof nodeTypes;
}, 240_000);

afterAll(async () => {
	await browser?.close();
	await e2e?.stop();
});

type NodeProperty = { name: string; type: string; default?: unknown; options?: unknown[] };

/** The value a switch stands for: the example's, at the top or inside a collection such as Options. */
function storedValue(node: ExampleNode, name: string): unknown {
	if (name in node.parameters) return node.parameters[name];
	for (const value of Object.values(node.parameters)) {
		if (typeof value === 'object' && value !== null && !Array.isArray(value) && name in value) return (value as Record<string, unknown>)[name];
	}
	return defaultOf(node.type, name);
}

/** What a parameter the example leaves unset holds: its default, when every property of that name agrees. */
function defaultOf(nodeType: string, name: string): unknown {
	const type = nodeType.replace(/^CUSTOM\./, '');
	const properties = nodeTypes
		.filter((candidate) => candidate.name.replace(/^CUSTOM\./, '') === type)
		.flatMap((candidate) => candidate.properties)
		.flatMap((property) => [property, ...((property.type === 'collection' ? property.options : []) as NodeProperty[])]);
	const defaults = new Set(properties.filter((property) => property.name === name).map((property) => JSON.stringify(property.default)));
	if (defaults.size !== 1) throw new Error(`${nodeType}: ${defaults.size} defaults for ${name}`);
	return JSON.parse([...defaults][0]) as unknown;
}

/** The text a True/False or other choice shows for a stored value; '' for none. */
function shownChoice(value: unknown, options: Array<{ name: string; value: unknown }> = []): string {
	if (value === undefined || value === null || value === '') return '';
	return options.find((option) => option.value === value)?.name ?? String(value);
}

interface Property {
	title?: string;
}

test('the examples are found, and each has one main node', () => {
	expect(examples.length).toBeGreaterThanOrEqual(8);
	for (const example of examples) expect(mainNode(example).type).toMatch(/^CUSTOM\./);
});

test.each(examples.map((example) => [example.file, example] as const))(
	'%s: the main node shows no switch, label or mark that disagrees with what runs',
	async (file, example) => {
		const node = mainNode(example);
		await openWorkflow(page, baseUrl, example.workflow.id, node.name);
		const panel = await openNodePanel(page, node.name);
		const mapper = node.parameters.inputMode === 'fields' ? (node.parameters.parameters as MapperValue) : undefined;
		if (mapper) await byTestId(panel, 'mapping-fields-container').locator('.parameter-item').first().waitFor({ timeout: 30_000 });
		// Lists and fields load after the panel opens.
		await page.waitForTimeout(1500);

		const marks = await panelMarks(panel);
		// A switch is ON exactly when the value that runs is true.
		for (const shown of marks.switches) {
			const stored = storedValue(node, shown.name);
			expect({ file, switch: shown.name, on: shown.on }).toEqual({ file, switch: shown.name, on: stored === true });
		}
		for (const label of marks.labels) expect({ file, label: label.text, cut: label.cut }).toEqual({ file, label: label.text, cut: false });
		expect({ file, issues: marks.issues }).toEqual({ file, issues: [] });

		if (mapper) await checkFields(file, node, mapper, panel);
		await shoot(file, panel);
	},
);

test("a field's hint from the schema shows in the panel with the error of a bad value", async () => {
	await openWorkflow(page, baseUrl, HINT_WORKFLOW_ID, HINT_NODE);
	const panel = await openNodePanel(page, HINT_NODE);
	const before = e2e.emulator.invocations().length;
	await byTestId(panel, 'node-execute-button').click();
	const output = byTestId(panel, 'output-panel');
	await output.getByText('What the schema says').waitFor({ timeout: 60_000 });
	const text = (await output.innerText()).replace(/\s+/g, ' ');
	// The labels carry the title alone; the description and example come with the fault.
	expect(text).toContain('标题 Subject: What has to be done');
	expect(text).toContain('截止时间 Due Time: ISO 8601, e.g. 2024-06-30T18:00:00+08:00');
	expect(e2e.emulator.invocations().length).toBe(before);
});

interface MapperValue {
	value?: Record<string, unknown>;
	schema: Array<{ id: string; type: string; display?: boolean; options?: Array<{ name: string; value: unknown }> }>;
}

/** Each field of the resource mapper: the schema's title, uncut; a choice shows what is stored; no error mark; a tool's field is the model's. */
async function checkFields(file: string, node: ExampleNode, mapper: MapperValue, panel: Locator): Promise<void> {
	const uri = (node.parameters.action as { value: string }).value;
	const action = SEED.actions.find((candidate) => candidate.connectAssetUri === uri);
	if (!action) throw new Error(`${file}: the emulator has no action ${uri}`);
	const properties = (action.inputSchema as { properties: Record<string, Property> }).properties;
	const fields = await mappedFields(panel);
	const shown = mapper.schema.filter((field) => field.display !== false);
	const tool = node.type.endsWith('Tool');
	// A tool's field shows n8n's "defined by the model" box, whose only input is the model's description.
	expect({ file, labels: fields.map((field) => field.label) }).toEqual({ file, labels: shown.map((field) => properties[field.id].title ?? field.id) });
	if (tool) expect(await byTestId(panel, 'fromAI-override-field').count()).toBe(shown.length);
	else expect(fields.map((field) => field.id)).toEqual(shown.map((field) => field.id));
	fields.forEach((field, index) => {
		const schemaField = shown[index];
		const stored = mapper.value?.[schemaField.id];
		expect({ file, id: schemaField.id, cut: field.labelCut, issue: field.hasIssue }).toEqual({ file, id: schemaField.id, cut: false, issue: false });
		if (!tool && schemaField.type === 'options' && !(typeof stored === 'string' && stored.startsWith('='))) {
			expect({ file, id: schemaField.id, shown: field.shown }).toEqual({ file, id: schemaField.id, shown: shownChoice(stored, schemaField.options) });
		}
	});
}

/** The parameters column with the panel's title, down to its last parameter, as the READMEs show it. */
async function shoot(file: string, panel: Locator): Promise<void> {
	const parameters = byTestId(panel, 'node-parameters');
	const columnBox = (await parameters.locator('xpath=..').boundingBox())!;
	const panelBox = (await panel.boundingBox())!;
	const contentBottom = await parameters.evaluate((root) =>
		Math.max(
			...Array.from((root as unknown as DomNode).querySelectorAll('.parameter-item'))
				.filter((item) => item.getClientRects().length > 0)
				.map((item) => item.getBoundingClientRect().bottom),
		),
	);
	// Room below the last field for the Options collection that follows it.
	const height = Math.min(panelBox.height, contentBottom - panelBox.y + 110);
	await page.screenshot({
		path: path.join(shots, file.replace(/\.json$/, '.png')),
		clip: { x: columnBox.x, y: panelBox.y, width: columnBox.width, height },
		animations: 'disabled',
	});
}
