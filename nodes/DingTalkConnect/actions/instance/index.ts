import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['instance'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create an instance of an action under a key you choose (Invoke does this by itself unless you manage instances)',
				action: 'Create an instance',
			},
		],
		default: 'create',
	},
	...create.description,
];
