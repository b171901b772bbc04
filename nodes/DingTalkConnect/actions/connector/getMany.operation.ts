import { type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { CONNECTORS_PATH, CONNECTOR_TYPES, type ConnectorType } from '../../cache/connectors';
import { dingTalkApiRequestAllItems } from '../../transport';
import { operationDescription, pagingProperties } from '../common.descriptions';
import { readListPaging, searchAndLimit } from '../listPaging';

const properties: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'connectorType',
		type: 'options',
		default: 'all',
		description: 'Which connectors to list',
		options: [
			{ name: 'All', value: 'all', description: 'Self-built, third-party and official connectors' },
			{ name: 'Official', value: 'official', description: "DingTalk's own apps" },
			{ name: 'Self-Built', value: 'self_built', description: "Made by the organisation's developers" },
			{ name: 'Third-Party', value: 'third_party', description: 'Installed from the DingTalk app marketplace' },
		],
	},
	...pagingProperties('connectors'),
];

export const description = operationDescription('connector', 'getMany', properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const chosen = this.getNodeParameter('connectorType', itemIndex) as ConnectorType | 'all';
	const paging = readListPaging.call(this, itemIndex);
	// DingTalk's list takes no search: with one, every page is read and the matches are cut to the limit.
	const returnAll = paging.returnAll || paging.search !== '';
	const limit = returnAll ? undefined : paging.limit;
	const types = chosen === 'all' ? [...CONNECTOR_TYPES] : [chosen];

	const connectors: IDataObject[] = [];
	for (const type of types) {
		const remaining = limit === undefined ? undefined : limit - connectors.length;
		if (remaining !== undefined && remaining <= 0) break;
		const list = await dingTalkApiRequestAllItems.call(
			this,
			{ method: 'GET', path: CONNECTORS_PATH, qs: { type }, kind: 'read', itemIndex },
			{ returnAll, limit: remaining },
		);
		connectors.push(...list.map((connector) => ({ ...connector, type })));
	}
	return searchAndLimit(connectors, paging);
}
