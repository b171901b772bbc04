import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

export { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['triggerEvent'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description:
					"Push an event of your connector's trigger into DingTalk, which runs the connection flows subscribed to it",
				action: 'Send a trigger event',
			},
		],
		default: 'send',
	},
	...send.description,
];
