import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connector'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the connectors the organisation can use',
				action: 'Get many connectors',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
