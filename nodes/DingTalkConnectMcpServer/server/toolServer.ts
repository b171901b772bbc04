import type { IWebhookFunctions } from 'n8n-workflow';

import type { ToolServer } from '../protocol/types';
import { loadCatalogue, type CatalogueEntry } from './catalogue';
import { runTool } from './runTool';
import { readSelection } from './selection';

export const SERVER_INFO = { name: 'dingtalk-connect', version: '1.0.0' };

/** The node's tools for one request: the catalogue is read once, when a method first needs it. */
export function dingTalkToolServer(this: IWebhookFunctions): ToolServer & { entryFor(name: string): Promise<CatalogueEntry | undefined> } {
	let catalogue: Promise<CatalogueEntry[]> | undefined;
	const entries = async () => await (catalogue ??= loadCatalogue.call(this, readSelection.call(this)));
	const entryFor = async (name: string) => (await entries()).find((entry) => entry.tool.name === name);
	return {
		serverInfo: SERVER_INFO,
		listTools: async () => (await entries()).map((entry) => entry.tool),
		callTool: async (tool, args) => {
			const entry = await entryFor(tool.name);
			if (!entry) throw new Error(`No action behind the tool ${tool.name}`);
			return await runTool.call(this, entry, args);
		},
		entryFor,
	};
}
