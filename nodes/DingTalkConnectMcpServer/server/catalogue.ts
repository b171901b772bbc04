import { listActions, type ActionSummary } from '../../DingTalkConnect/cache/actions';
import { actionDetailReader } from '../../DingTalkConnect/cache/actionDetails';
import { findConnector, type ConnectorSummary } from '../../DingTalkConnect/cache/connectors';
import type { JsonSchema } from '../../DingTalkConnect/helpers/jsonSchema';
import { settle } from '../../DingTalkConnect/helpers/settle';
import type { DingTalkContext } from '../../DingTalkConnect/transport';
import { toolNames } from '../helpers/toolNames';
import { toInputSchema, toOutputSchema } from '../helpers/toolSchema';
import type { McpTool } from '../protocol/types';
import type { ToolSelection } from './selection';

/** A tool and the action behind it. */
export interface CatalogueEntry {
	tool: McpTool;
	action: ActionSummary;
	connector: ConnectorSummary;
	inputSchema?: JsonSchema;
}

// Detail look-ups in flight at once on a cold list: a thousand actions must not be a thousand parallel calls.
const DETAIL_CONCURRENCY = 8;

async function mapLimited<T, R>(items: T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await map(items[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

function describeTool(action: ActionSummary, connector: ConnectorSummary, detailDescription: string): string {
	const what = detailDescription || text(action.description) || action.name;
	return `${what}\n\nDingTalk Connect action "${action.name}" of the connector "${connector.name}".`;
}

/** The chosen connectors' actions this app may run, unauthorised ones left out. */
async function chosenActions(context: DingTalkContext, selection: ToolSelection) {
	const chosen: Array<{ action: ActionSummary; connector: ConnectorSummary }> = [];
	for (const connectorId of selection.connectorIds) {
		const connector = await findConnector.call(context, connectorId);
		if (!connector) {
			context.logger.warn(`DingTalk Connect MCP Server: connector "${connectorId}" is not visible to the credential; its actions are not offered`);
			continue;
		}
		const actions = await listActions.call(context, { connectorId, providerCorpId: connector.providerCorpId });
		for (const action of actions) {
			if (selection.actions !== 'all' && !selection.actions.has(action.connectAssetUri)) continue;
			// The organisation has not authorised the app for it: a call could only fail with 4003.
			if (action.authorized === false) continue;
			chosen.push({ action, connector });
		}
	}
	return chosen;
}

/** Every tool the server offers, sorted by name, each with its action's schemas (DingTalk's answers cached as the node caches them). */
export async function loadCatalogue(this: DingTalkContext, selection: ToolSelection): Promise<CatalogueEntry[]> {
	const chosen = await chosenActions(this, selection);
	const readDetail = await actionDetailReader.call(this);
	const details = await mapLimited(chosen, DETAIL_CONCURRENCY, async ({ action }) => await settle(readDetail(action.connectAssetUri)));
	const names = toolNames(
		chosen.map(({ action, connector }) => ({
			connectAssetUri: action.connectAssetUri,
			actionName: action.name,
			actionId: action.id,
			connectorName: connector.name,
			connectorId: connector.id,
		})),
	);
	const entries: CatalogueEntry[] = [];
	chosen.forEach(({ action, connector }, index) => {
		const detail = details[index];
		if (!detail.ok) {
			// Without its schema a call could not be checked before it is sent: the action is left out.
			this.logger.warn(`DingTalk Connect MCP Server: the detail of action "${action.name}" could not be read; it is not offered`);
			return;
		}
		const { inputSchema, outputSchema, raw } = detail.value;
		const outputs = toOutputSchema(outputSchema);
		const tool: McpTool = {
			name: names.get(action.connectAssetUri) as string,
			title: action.name,
			description: describeTool(action, connector, text(raw.description)),
			inputSchema: toInputSchema(inputSchema),
			...(outputs ? { outputSchema: outputs } : {}),
		};
		entries.push({ tool, action, connector, inputSchema });
	});
	return entries.sort((a, b) => (a.tool.name < b.tool.name ? -1 : a.tool.name > b.tool.name ? 1 : 0));
}
