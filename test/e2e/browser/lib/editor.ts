// Drives n8n's editor (the pinned 2.x) in Debian's chromium through playwright-core. Selectors are n8n's own
// `data-test-id` attributes, found by inspecting the running editor; class names are hashed per
// build and are never used.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's package (`apt-get install chromium`): no browser downloads work on the CI machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium fonts-wqy-microhei)`);
	}
	return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Repository root, for the committed screenshots. */
const ROOT = path.resolve(__dirname, '../../../..');

/**
 * Where the screenshots go: a fresh temp folder on ordinary runs, so CI never changes tracked files;
 * `docs/images/` with UPDATE_SCREENSHOTS=1, to regenerate the ones the READMEs show.
 */
export function screenshotDir(): string {
	if (process.env.UPDATE_SCREENSHOTS === '1') {
		const dir = path.join(ROOT, 'docs/images');
		mkdirSync(dir, { recursive: true });
		return dir;
	}
	return mkdtempSync(path.join(os.tmpdir(), 'dingtalk-browser-'));
}

/**
 * The little of the DOM the page-side callbacks use (the test project compiles without the DOM
 * library, so these are spelled out; the callbacks run in the browser, where they are real).
 */
export interface DomNode {
	parentElement: DomNode | null;
	className: string;
	scrollTop: number;
	clientHeight: number;
	scrollHeight: number;
	innerText: string;
	scrollWidth: number;
	clientWidth: number;
	value?: string;
	getBoundingClientRect(): { top: number; bottom: number };
	getClientRects(): { length: number };
	querySelector(selector: string): DomNode | null;
	closest(selector: string): DomNode | null;
	querySelectorAll(selector: string): DomNode[];
	getAttribute(name: string): string | null;
}
type PageGlobals = { getComputedStyle(node: DomNode): { overflowY: string } };

export const byTestId = (page: Page | Locator, id: string): Locator => page.locator(`[data-test-id="${id}"]`);

/** Signs in through the editor's sign-in page, as a user would. */
export async function signIn(page: Page, baseUrl: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await byTestId(page, 'emailOrLdapLoginId').locator('input').fill(owner.email);
	await byTestId(page, 'password').locator('input').fill(owner.password);
	await byTestId(page, 'form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

export function canvasNode(page: Page, name: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

/** Opens a workflow and waits until its canvas shows the given node. */
export async function openWorkflow(page: Page, baseUrl: string, id: string, nodeName: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${id}`);
	// The first visit loads the node types and the canvas lazily: seconds on 2 cores.
	await canvasNode(page, nodeName).waitFor({ timeout: 60_000 });
}

/** Double-clicks a node and returns its panel (n8n's "node details view"). */
export async function openNodePanel(page: Page, nodeName: string): Promise<Locator> {
	await canvasNode(page, nodeName).dblclick();
	const panel = byTestId(page, 'ndv');
	await byTestId(panel, 'node-parameters').waitFor();
	return panel;
}

export function resourceLocator(panel: Locator, parameter: string): Locator {
	return byTestId(panel, `resource-locator-${parameter}`);
}

/**
 * Opens a resource locator's "From list" dropdown and waits until its items stop changing: n8n shows
 * the current value at once and the looked-up list when the node's search method answers.
 */
export async function openList(page: Page, panel: Locator, parameter: string, { timeoutMs = 30_000 } = {}): Promise<Locator> {
	await byTestId(resourceLocator(panel, parameter), 'rlc-input').click();
	const items = byTestId(page, 'rlc-item');
	await items.first().waitFor({ timeout: timeoutMs });
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let stableFor = 0;
	while (Date.now() < deadline && stableFor < 4) {
		const count = await items.count();
		stableFor = count === last && count > 1 ? stableFor + 1 : 0;
		last = count;
		await page.waitForTimeout(150);
	}
	return items;
}

/** What the list looked like while it was scrolled to its end, one wheel step at a time. */
export interface ScrolledList {
	/** Every item text seen during the scroll, in order of first appearance. */
	seen: string[];
	/** Wheel steps taken. */
	steps: number;
	/** Whether the list's scroll box reached its bottom. */
	reachedEnd: boolean;
	/** The text of the last item, once at the end. */
	lastItem: string;
}

/**
 * Scrolls an open dropdown list to its end with the mouse wheel (as a user does, and as n8n's
 * "load more on scroll" expects), collecting the items that are in view after each step.
 */
export async function scrollListToEnd(page: Page, items: Locator, { maxSteps = 100 } = {}): Promise<ScrolledList> {
	const first = items.first();
	const box = await first.boundingBox();
	if (!box) throw new Error('the list has no visible item to scroll over');
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

	const seen: string[] = [];
	const collect = async () => {
		for (const text of await visibleTexts(items)) if (!seen.includes(text)) seen.push(text);
	};
	let steps = 0;
	let reachedEnd = false;
	await collect();
	while (steps < maxSteps) {
		reachedEnd = await first.evaluate((element) => {
			const style = (node: DomNode) => (globalThis as unknown as PageGlobals).getComputedStyle(node);
			let box = (element as unknown as DomNode).parentElement;
			while (box && !/(auto|scroll)/.test(style(box).overflowY)) box = box.parentElement;
			return box ? box.scrollTop + box.clientHeight >= box.scrollHeight - 2 : true;
		});
		if (reachedEnd) break;
		await page.mouse.wheel(0, 120);
		steps += 1;
		// Lets the list render (and, with a paginationToken, fetch) what scrolled into view.
		await page.waitForTimeout(50);
		await collect();
	}
	await collect();
	return { seen, steps, reachedEnd, lastItem: (await items.last().innerText()).trim() };
}

/** Texts of the items whose box intersects the viewport of their scroll box. */
async function visibleTexts(items: Locator): Promise<string[]> {
	return await items.evaluateAll((elements) =>
		(elements as unknown as DomNode[])
			.filter((element) => {
				const style = (node: DomNode) => (globalThis as unknown as PageGlobals).getComputedStyle(node);
				let box = element.parentElement;
				while (box && !/(auto|scroll)/.test(style(box).overflowY)) box = box.parentElement;
				if (!box) return true;
				const outer = box.getBoundingClientRect();
				const inner = element.getBoundingClientRect();
				return inner.bottom > outer.top && inner.top < outer.bottom;
			})
			.map((element) => element.innerText.trim()),
	);
}

/** How the editor shows one field of the resource mapper (the node's "Fields" input). */
export interface MappedField {
	/** The property name (from `parameter-input-<id>`). */
	id: string;
	label: string;
	/** The widget n8n chose from the field's type. */
	widget: 'number' | 'dateTime' | 'boolean' | 'options' | 'json' | 'string' | 'unknown';
	/** n8n's marks of a required field: it cannot be removed, and it shows an issue while empty (or a JSON error mark). */
	removable: boolean;
	hasIssue: boolean;
	/** Whether some text of the label is cut off (drawn wider than its box). */
	labelCut: boolean;
	/** What the input shows: its text, the chosen option's name, or the JSON editor's text; '' when empty. */
	shown: string;
}

/** What a person reads as an error on a field: n8n's issue mark, or its JSON editor's lint mark in the gutter or text. */
export const ERROR_MARKS = '[data-test-id="parameter-issues"], .cm-lint-marker-error, .cm-lintRange-error';

export async function mappedFields(panel: Locator): Promise<MappedField[]> {
	const container = byTestId(panel, 'mapping-fields-container');
	await container.locator('.parameter-item').first().waitFor({ timeout: 30_000 });
	return await container.locator('.parameter-item').evaluateAll(
		(items, errorMarks) =>
			(items as unknown as DomNode[]).map((item) => {
				const input = item.querySelector('[data-test-id^="parameter-input-"]');
				const id = (input?.getAttribute('data-test-id') ?? '').replace(/^parameter-input-/, '');
				const label = (item.querySelector('label')?.innerText ?? '')
					.replace(/\s+/g, ' ')
					// The label row also holds the Fixed / Expression switch.
					.replace(/\s*Fixed\s*Expression\s*$/, '')
					.trim();
				const has = (selector: string) => Boolean(item.querySelector(selector));
				const labelBox = item.querySelector('label');
				const labelCut = labelBox
					? [labelBox, ...labelBox.querySelectorAll('*')].some((node) => node.scrollWidth > node.clientWidth + 1)
					: false;
				const field = ['.el-select input', '[data-test-id="input-number"] input', '.el-date-editor input', 'input[data-test-id="parameter-input-field"]', '[data-test-id="parameter-input-field"] input', 'textarea']
					.map((selector) => item.querySelector(selector))
					.find((node) => node !== null);
				const json = item.querySelector('.cm-content');
				const shown = (field?.value ?? json?.innerText ?? '').trim();
				const widget = has('[data-test-id="input-number"]')
					? 'number'
					: has('.el-date-editor')
						? 'dateTime'
						: has('.el-switch')
							? 'boolean'
							: has('.el-select')
								? 'options'
								: has('.cm-editor')
									? 'json'
									: has('[data-test-id="parameter-input-field"]')
										? 'string'
										: 'unknown';
				return {
					id,
					label,
					widget,
					removable: has('[data-test-id^="remove-field-button"]'),
					hasIssue: has(errorMarks),
					labelCut,
					shown,
				} as const;
			}),
		ERROR_MARKS,
	);
}
