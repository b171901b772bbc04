import type { IWebhookFunctions } from 'n8n-workflow';

/** Which actions the server offers: the chosen connectors' actions, all or the chosen ones (by connectAssetUri). */
export interface ToolSelection {
	connectorIds: string[];
	actions: 'all' | ReadonlySet<string>;
}

function stringList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return [...new Set(list.filter((item): item is string => typeof item === 'string').map((item) => item.trim()).filter(Boolean))];
}

export function readSelection(this: IWebhookFunctions): ToolSelection {
	const connectorIds = stringList(this.getNodeParameter('connectors', []));
	const all = this.getNodeParameter('actionSelection', 'all') !== 'selected';
	return { connectorIds, actions: all ? 'all' : new Set(stringList(this.getNodeParameter('actions', []))) };
}
