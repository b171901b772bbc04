import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../common.descriptions';
import * as send from './send.operation';

export { send };

export const description: INodeProperties[] = [
	operationProperty(
		'triggerEvent',
		[
			{
				name: 'Send',
				value: 'send',
				description:
					"Push an event of your connector's trigger into DingTalk, which runs the connection flows subscribed to it",
				action: 'Send a trigger event',
			},
		],
		'send',
	),
	...send.description,
];
