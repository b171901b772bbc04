import type { INodeProperties } from 'n8n-workflow';

/**
 * The AI Agent tool's description for every operation but Action → Invoke, which has its own (it
 * names the chosen action). n8n adds a "Tool Description" to a tool variant only when the node has
 * none, so once Invoke defines one, the other operations need this one. Left empty, n8n describes
 * the tool from the operation ("Get many connectors in DingTalk Connect").
 */
export const otherOperationsToolDescription: INodeProperties = {
	displayName: 'Tool Description',
	name: 'toolDescription',
	type: 'string',
	default: '',
	typeOptions: { rows: 3 },
	placeholder: 'e.g. Lists the connectors this app can use',
	displayOptions: { show: { '@tool': [true] }, hide: { operation: ['invoke'] } },
	description: 'What the AI Agent is told this tool does. Leave empty to describe it from the operation.',
};
