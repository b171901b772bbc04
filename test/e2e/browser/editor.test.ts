// The node in n8n's editor, in a real browser: the pinned n8n 2.x with the package linked, the
// emulator behind the example workflow's credential, and Debian's chromium driven by playwright-core.
// A user signs in, opens the example "create a to-do for each row", opens the DingTalk Connect node,
// browses the Connector list to its end, runs the node and reads its output, and picks another
// action to see its schema's fields. The steps share one page and run in order.
//
// Screenshots of the node panel and of its output go to a temp folder (printed), or with
// UPDATE_SCREENSHOTS=1 to docs/images/ for the READMEs.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Locator, Page } from 'playwright-core';

import { DEMO_CREDENTIALS, SEED, SEED_ASSETS } from '../../../emulator';
import { CREDENTIAL_TYPE, ROOT, generatePassword, importCredentials, setupOwner } from '../../../scripts/n8n/runtime.mjs';
import { startE2e, type E2eEnvironment } from '../lib/n8n';
import {
	byTestId,
	launchChromium,
	mappedFields,
	openList,
	openNodePanel,
	openWorkflow,
	resourceLocator,
	screenshotDir,
	scrollListToEnd,
	signIn,
	type MappedField,
} from './lib/editor';

const EXAMPLE_FILE = path.join(ROOT, 'examples/workflows/create-todos-from-list.json');
const example = JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')) as {
	id: string;
	nodes: Array<{ name: string; type: string; credentials?: Record<string, { id: string; name: string }> }>;
};
const dingTalkNodeName = example.nodes.find((node) => node.type.endsWith('.dingTalkConnect'))!.name;
const exampleCredential = Object.values(example.nodes.find((node) => node.credentials)!.credentials!)[0];

/** How the node labels a connector's type in the list (nodes/DingTalkConnect/cache/connectors.ts). */
const TYPE_LABELS: Record<string, string> = { official: 'Official', third_party: 'Third-Party', self_built: 'Self-Built' };

const VIEWPORT = { width: 1440, height: 1100 };

let e2e: E2eEnvironment;
let baseUrl: string;
let browser: Browser;
let page: Page;
let panel: Locator;
let shots: string;
const owner = { email: 'browser@example.com', password: generatePassword() };

beforeAll(async () => {
	e2e = await startE2e();
	// The example names its own credential: the same demo app, pointed at this run's emulator.
	await importCredentials(e2e.instance, [
		{
			...exampleCredential,
			type: CREDENTIAL_TYPE,
			data: { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl: e2e.emulator.url },
		},
	]);
	await e2e.importWorkflows([JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8'))]);
	const server = await e2e.startServer();
	baseUrl = server.url;
	await setupOwner(baseUrl, owner);

	shots = screenshotDir();
	console.log(`browser screenshots: ${shots}`);
	browser = await launchChromium();
	page = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US' });
	page.setDefaultTimeout(20_000);
}, 240_000);

afterAll(async () => {
	// The page as the last step left it, to see what went wrong when a step failed.
	if (page && process.env.UPDATE_SCREENSHOTS !== '1') await page.screenshot({ path: path.join(shots, 'last-page.png') }).catch(() => undefined);
	await browser?.close();
	await e2e?.stop();
});

async function shoot(name: string, target: Locator | Page = page): Promise<string> {
	const file = path.join(shots, name);
	await target.screenshot({ path: file, animations: 'disabled' });
	return file;
}

test('a user signs in and opens the DingTalk Connect node of the example workflow', async () => {
	await signIn(page, baseUrl, owner);
	await openWorkflow(page, baseUrl, example.id, dingTalkNodeName);
	panel = await openNodePanel(page, dingTalkNodeName);

	await expect(byTestId(resourceLocator(panel, 'connector'), 'rlc-input').inputValue()).resolves.toBe('待办中心 To-do Center');
	await expect(byTestId(resourceLocator(panel, 'action'), 'rlc-input').inputValue()).resolves.toBe('创建待办 Create To-do');
	// The example was saved with older fields (a switch, labels with hints): the panel refreshes them on open.
	await byTestId(panel, 'parameter-input-isOnlyShowExecutor').locator('.el-select').waitFor({ timeout: 30_000 });
	const fields = await mappedFields(panel);
	expect(fields.map((field) => field.id)).toEqual(
		expect.arrayContaining(['subject', 'creatorId', 'description', 'dueTime', 'priority', 'executorIds']),
	);
	// Labels are the schema's titles, whole. The example sets no "Only Executors See It", and the panel
	// says so (the node sends nothing for it); an empty optional JSON field shows no error mark.
	const todo = SEED.actions.find((candidate) => candidate.connectAssetUri === SEED_ASSETS.createTodo.connectAssetUri)!;
	const todoProperties = (todo.inputSchema as { properties: Record<string, Property> }).properties;
	for (const field of fields) {
		expect({ id: field.id, label: field.label, labelCut: field.labelCut }).toEqual({
			id: field.id,
			label: todoProperties[field.id].title ?? field.id,
			labelCut: false,
		});
	}
	const shown = Object.fromEntries(fields.map((field) => [field.id, field]));
	expect(shown.isOnlyShowExecutor).toMatchObject({ widget: 'options', shown: '' });
	expect(shown.detailUrl).toMatchObject({ widget: 'string', shown: '', hasIssue: false });

	// The parameters column with the panel's title: credential, connector, action and the fields.
	const column = byTestId(panel, 'node-parameters').locator('xpath=..');
	const columnBox = (await column.boundingBox())!;
	const panelBox = (await panel.boundingBox())!;
	await page.screenshot({
		path: path.join(shots, 'node-panel.png'),
		clip: { x: columnBox.x, y: panelBox.y, width: columnBox.width, height: panelBox.height },
		animations: 'disabled',
	});
});

test('the Connector list shows every connector of the emulator and scrolls to the end', async () => {
	const items = await openList(page, panel, 'connector');
	const expected = SEED.connectors.map((connector) => `${connector.name} (${TYPE_LABELS[connector.type]})`);
	expect(expected).toHaveLength(62);

	const list = await scrollListToEnd(page, items);
	expect(list.reachedEnd).toBe(true);
	// More items than fit: the user really had to scroll.
	expect(list.steps).toBeGreaterThan(0);
	expect([...list.seen].sort()).toEqual([...expected].sort());
	expect(await items.count()).toBe(expected.length);
	await expect(items.last().isVisible()).resolves.toBe(true);
	expect(expected).toContain(list.lastItem);

	// A click outside closes the list (Escape does not).
	await byTestId(panel, 'tab-params').click();
	await byTestId(page, 'rlc-item').first().waitFor({ state: 'hidden' });
	// Browsing the list changed nothing.
	await expect(byTestId(resourceLocator(panel, 'connector'), 'rlc-input').inputValue()).resolves.toBe('待办中心 To-do Center');
});

test('Execute step runs the workflow up to the node and shows the to-dos the emulator created', async () => {
	const before = e2e.emulator.invocations().length;
	await byTestId(panel, 'node-execute-button').click();

	const output = byTestId(panel, 'output-panel');
	await byTestId(output, 'node-run-status-success').waitFor({ timeout: 60_000 });
	await expect(byTestId(output, 'run-data-item-count').innerText()).resolves.toMatch(/^3 items$/);

	const invoked = e2e.emulator.invocations().slice(before);
	expect(invoked).toHaveLength(3);
	expect(invoked.every((call) => call.connectAssetUri === SEED_ASSETS.createTodo.connectAssetUri)).toBe(true);
	const created = invoked.map((call) => call.output as { id: string; subject: string });
	// What the panel left unset was not sent: DingTalk applied its own defaults.
	for (const call of invoked) expect(Object.keys(call.input as object)).not.toContain('isOnlyShowExecutor');

	// The output table shows what the emulator answered, one row per to-do.
	const table = byTestId(output, 'ndv-data-container');
	await table.getByText(created[created.length - 1].id).waitFor();
	const text = await table.innerText();
	for (const todo of created) {
		expect(text).toContain(todo.id);
		expect(text).toContain(todo.subject);
	}
	// Items are invoked concurrently: the to-dos are all there, in whatever order DingTalk created them.
	expect(created.map((todo) => todo.subject).sort()).toEqual(
		['准备季度汇报 Prepare the quarterly report', '审核报销单 Review expense claims', 'Book the team offsite venue'].sort(),
	);

	// Let the success toast go before the picture; it covers the output otherwise.
	await page.locator('.el-notification').first().waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
	await shoot('node-output.png', panel);
});

interface Property {
	type?: string;
	format?: string;
	title?: string;
	enum?: unknown[];
	default?: unknown;
}

/** The widget n8n should choose for a property, from the JSON Schema (as the node maps it). */
function expectedWidget(property: Property, required: boolean): MappedField['widget'] {
	if (Array.isArray(property.enum)) return 'options';
	if (property.type === 'string' && property.format === 'date-time') return 'dateTime';
	if (property.type === 'integer' || property.type === 'number') return 'number';
	// A choice of true/false: n8n draws an unset switch as ON.
	if (property.type === 'boolean') return 'options';
	// n8n's JSON editor marks an empty document as an error: an optional list or object takes JSON text.
	if (property.type === 'array' || property.type === 'object') return required ? 'json' : 'string';
	return 'string';
}

test("choosing another connector and action shows that action's fields, typed, with required ones marked", async () => {
	const action = SEED.actions.find((candidate) => candidate.connectAssetUri === SEED_ASSETS.echoForm.connectAssetUri)!;
	const connector = SEED.connectors.find((candidate) => candidate.id === action.connectorId)!;
	const schema = action.inputSchema as { properties: Record<string, Property>; required: string[] };

	const connectors = await openList(page, panel, 'connector');
	const connectorItem = `${connector.name} (${TYPE_LABELS[connector.type]})`;
	await connectors.filter({ hasText: connectorItem }).click();
	await expect(byTestId(resourceLocator(panel, 'connector'), 'rlc-input').inputValue()).resolves.toBe(connectorItem);

	const actions = await openList(page, panel, 'action');
	const basicActions = SEED.actions.filter((a) => a.connectorId === connector.id && a.integrationType === 'basic');
	const listed = (await actions.allInnerTexts()).map((text) => text.trim());
	expect(listed).toEqual(expect.arrayContaining(basicActions.map((a) => a.name)));
	await actions.filter({ hasText: action.name }).click();
	await expect(byTestId(resourceLocator(panel, 'action'), 'rlc-input').inputValue()).resolves.toBe(action.name);

	// The fields come from the emulator's schema of the newly chosen action.
	await byTestId(panel, 'parameter-input-level').waitFor({ timeout: 30_000 });
	const fields = await mappedFields(panel);
	expect(fields.map((field) => field.id)).toEqual(Object.keys(schema.properties));
	for (const field of fields) {
		const property = schema.properties[field.id];
		const required = schema.required.includes(field.id);
		expect({ id: field.id, label: field.label, labelCut: field.labelCut }).toEqual({ id: field.id, label: property.title, labelCut: false });
		expect({ id: field.id, widget: field.widget }).toEqual({ id: field.id, widget: expectedWidget(property, required) });
		// Required: cannot be removed, and flagged while still empty.
		expect({ id: field.id, removable: field.removable, hasIssue: field.hasIssue }).toEqual({
			id: field.id,
			removable: !required,
			hasIssue: required,
		});
	}

	// An enum becomes a choice of exactly its values.
	await byTestId(panel, 'parameter-input-level').locator('input').click();
	const options = page.locator('.el-select-dropdown__item:visible');
	await options.first().waitFor();
	expect((await options.allInnerTexts()).map((text) => text.trim())).toEqual(schema.properties.level.enum!.map(String));
	await page.keyboard.press('Escape');
});

/** The text n8n shows for a value the emulator received, as the field of that property shows it. */
function asShown(value: unknown): string {
	if (typeof value === 'boolean') return value ? 'True' : 'False';
	return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

test('what the panel shows for each field is what the emulator receives when the step runs', async () => {
	const action = SEED.actions.find((candidate) => candidate.connectAssetUri === SEED_ASSETS.echoForm.connectAssetUri)!;
	const schema = action.inputSchema as { properties: Record<string, Property> };

	// The required fields a user fills in: a text, a number and a choice. The rest shows the schema's
	// defaults (a boolean and a numeric choice) or nothing (date-time, arrays, objects, other texts).
	await byTestId(panel, 'parameter-input-name').locator('input, textarea').first().fill('Ada Lovelace');
	await byTestId(panel, 'parameter-input-age').locator('input').first().fill('36');
	await byTestId(panel, 'parameter-input-level').locator('input').click();
	await page.locator('.el-select-dropdown__item:visible', { hasText: 'senior' }).click();
	await byTestId(panel, 'tab-params').click();
	await page.waitForTimeout(1000);

	const fields = await mappedFields(panel);
	const shown = Object.fromEntries(fields.map((field) => [field.id, field.shown]));
	expect(shown).toMatchObject({ name: 'Ada Lovelace', age: '36', level: 'senior', active: 'True', rating: '3' });
	for (const field of fields) {
		const property = schema.properties[field.id];
		// Filled in, or the schema's default shown; every other field is empty and shows no error.
		if (!['name', 'age', 'level'].includes(field.id)) {
			expect({ id: field.id, shown: field.shown }).toEqual({ id: field.id, shown: property.default === undefined ? '' : asShown(property.default) });
		}
		expect({ id: field.id, hasIssue: field.hasIssue }).toEqual({ id: field.id, hasIssue: false });
	}

	const before = e2e.emulator.invocations().length;
	await byTestId(panel, 'node-execute-button').click();
	await byTestId(byTestId(panel, 'output-panel'), 'node-run-status-success').waitFor({ timeout: 60_000 });
	const invoked = e2e.emulator.invocations().slice(before);
	expect(invoked.length).toBeGreaterThan(0);
	const sentAsShown = Object.fromEntries(fields.filter((field) => field.shown !== '').map((field) => [field.id, field.shown]));
	for (const call of invoked) {
		expect(call.connectAssetUri).toBe(action.connectAssetUri);
		const input = call.input as Record<string, unknown>;
		expect(Object.fromEntries(Object.entries(input).map(([key, value]) => [key, asShown(value)]))).toEqual(sentAsShown);
		// And with the schema's types: a number, a boolean, a numeric choice.
		expect(input).toEqual({ name: 'Ada Lovelace', age: 36, level: 'senior', active: true, rating: 3 });
	}
});
