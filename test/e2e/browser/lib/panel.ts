// What a node panel shows a person, read from the page: each switch and whether it is drawn ON, each
// label and whether it is cut off, and each parameter that shows n8n's error mark.
import type { Locator } from 'playwright-core';

import { ERROR_MARKS, byTestId, type DomNode } from './editor';

export interface PanelMarks {
	/** Every switch drawn in the parameters, by the parameter it belongs to. */
	switches: Array<{ name: string; on: boolean }>;
	/** Every label, with whether some of its text is drawn wider than its box. */
	labels: Array<{ text: string; cut: boolean }>;
	/** The parameters that show an error mark (n8n's issue mark, or a JSON editor's lint mark). */
	issues: string[];
}

export async function panelMarks(panel: Locator): Promise<PanelMarks> {
	return await byTestId(panel, 'node-parameters').evaluate((root, errorMarks) => {
		// What is drawn: the Settings tab is in the page too, hidden.
		const all = (selector: string) =>
			Array.from((root as unknown as DomNode).querySelectorAll(selector)).filter((element) => element.getClientRects().length > 0);
		// The parameter an element belongs to: its nearest `parameter-input-<name>` box, else the box
		// of the parameter item around it (an issue mark sits beside the input, not in it).
		const parameterOf = (element: DomNode): string => {
			for (let node: DomNode | null = element; node; node = node.parentElement) {
				const id = node.getAttribute('data-test-id') ?? '';
				if (id.startsWith('parameter-input-') && id !== 'parameter-input-field') return id.replace(/^parameter-input-/, '');
				const inner = node.querySelector('[data-test-id^="parameter-input-"]:not([data-test-id="parameter-input-field"])');
				if (inner && node.className.includes('parameter-item')) return (inner.getAttribute('data-test-id') ?? '').replace(/^parameter-input-/, '');
			}
			return '(unknown)';
		};
		return {
			switches: all('.el-switch').map((element) => ({ name: parameterOf(element), on: element.className.includes('is-checked') })),
			labels: all('label')
				.map((label) => ({
					// The label row also holds the Fixed / Expression switch.
					text: label.innerText.replace(/\s+/g, ' ').replace(/\s*Fixed\s*Expression\s*$/, '').trim(),
					cut: [label, ...label.querySelectorAll('*')].some((node) => node.scrollWidth > node.clientWidth + 1),
				}))
				.filter((label) => label.text !== ''),
			issues: all(errorMarks).map(parameterOf),
		};
	}, ERROR_MARKS);
}
