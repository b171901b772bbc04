import { type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { ACTIONS_SEARCH_PATH, actionSearchBody } from '../../cache/actions';
import { DEFAULT_INTEGRATION_TYPES, dingTalkApiRequestAllItems } from '../../transport';
import { connectorLocator, operationDescription, pagingProperties } from '../common.descriptions';
import { readListPaging, searchAndLimit } from '../listPaging';
import { readConnectorId } from './parameters';

const properties: INodeProperties[] = [
	connectorLocator,
	{
		displayName: 'Integration Types',
		name: 'integrationTypes',
		type: 'multiOptions',
		default: [...DEFAULT_INTEGRATION_TYPES],
		description: 'Which kinds of action to list',
		options: [
			{ name: 'Basic Action', value: 'basic' },
			{ name: 'Integration Flow', value: 'integration_endpoint' },
		],
	},
	...pagingProperties('actions'),
];

export const description = operationDescription('action', 'getMany', properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const connectorId = readConnectorId.call(this, itemIndex);
	const integrationTypes = this.getNodeParameter('integrationTypes', itemIndex, []) as string[];
	const paging = readListPaging.call(this, itemIndex);
	// DingTalk's search takes no text: with one, every page is read and the matches are cut to the limit.
	const returnAll = paging.returnAll || paging.search !== '';
	const limit = returnAll ? undefined : paging.limit;

	const body = await actionSearchBody.call(this, { connectorId, integrationTypes, itemIndex });
	const actions = await dingTalkApiRequestAllItems.call(
		this,
		{ method: 'POST', path: ACTIONS_SEARCH_PATH, body, kind: 'read', itemIndex },
		{ returnAll, limit },
	);
	return searchAndLimit(actions, paging);
}
