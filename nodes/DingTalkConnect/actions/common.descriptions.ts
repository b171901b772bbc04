import { updateDisplayOptions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

import { fromAiExpression } from '../helpers/toolFields';

/** An operation's own properties, shown only when its resource and operation are chosen. */
export function operationDescription(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties);
}

/** The "Options" collection of an operation. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options };
}

/** The Operation dropdown of one resource. */
export function operationProperty(resource: string, options: INodePropertyOptions[], defaultOperation: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}

/** The connector picker, shared by the operations that work inside one connector. */
export const connectorLocator: INodeProperties = {
	displayName: 'Connector',
	name: 'connector',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The connector (a system wrapped by the DingTalk Connect Platform) that holds the action',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchConnectors', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. G-CONN-1016B2F1BDA3117EB1E6000S',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\S+$', errorMessage: 'A connector ID has no spaces' },
				},
			],
		},
	],
};

/** The action picker: from the chosen connector's list, or a connectAssetUri pasted from DingTalk. */
export const actionLocator: INodeProperties = {
	displayName: 'Action',
	name: 'action',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The action to run. "By URI" takes the connectAssetUri shown in DingTalk and needs no connector.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchActions', searchable: true },
		},
		{
			displayName: 'By URI',
			name: 'uri',
			type: 'string',
			placeholder: 'e.g. dca://dingxxxx.connect.dingtalk.com/dingxxxx/action/G-ACT-xxxx',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^dca://[^/\\s]+/[^/\\s]+/[^/\\s]+/[^/\\s]+$',
						errorMessage: 'A connectAssetUri looks like dca://<corp>.connect.dingtalk.com/<corp>/action/<id>',
					},
				},
			],
		},
	],
};

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false], '@tool': [false] } },
};

/**
 * As an AI Agent tool, a Get Many takes a search and a limit from the model: n8n builds a tool's
 * parameters only from the `$fromAI` calls in the node's own, so these two default to such calls.
 */
function toolPagingProperties(what: string): INodeProperties[] {
	return [
		{
			...limitProperty,
			default: fromAiExpression('limit', `How many ${what} to return at most, e.g. 10. Default: ${String(limitProperty.default)}`, 'number', String(limitProperty.default)),
			displayOptions: { show: { returnAll: [false], '@tool': [true] } },
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: fromAiExpression(
				'search',
				`Only ${what} whose name, ID or description contains this text (any case), e.g. to-do. Empty for all`,
				'string',
				'``',
			),
			description: `Only ${what} whose name, ID or description contains this text (any case)`,
			displayOptions: { show: { '@tool': [true] } },
		},
	];
}

/** Return All and Limit, as every Get Many has them, plus the model's search and limit as an AI Agent tool. */
export function pagingProperties(what: string): INodeProperties[] {
	return [returnAllProperty, limitProperty, ...toolPagingProperties(what)];
}

/** Where the connector only serves to list actions: not needed when the action is given by URI. */
export const optionalConnectorLocator: INodeProperties = {
	...connectorLocator,
	required: false,
	description: 'The connector whose actions the Action list shows. Not needed when the action is given by URI.',
};
