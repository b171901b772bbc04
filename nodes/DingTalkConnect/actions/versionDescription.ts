import type { INodeTypeDescription } from 'n8n-workflow';

import * as action from './action';
import * as connector from './connector';
import * as instance from './instance';
import { otherOperationsToolDescription } from './toolDescription';
import * as triggerEvent from './triggerEvent';

/**
 * What a version of the node changes: its number and properties. A version 1.1 adds its
 * number here and changes defaults under `@version` display options, so saved workflows keep theirs.
 * The node's identity (name, icon, credential) stays in the node file, where n8n's scanner reads it.
 */
export const versionDescription: Pick<INodeTypeDescription, 'version' | 'properties'> = {
	version: 1,
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Action', value: 'action', description: 'An operation of a connector that you can run' },
				{ name: 'Connector', value: 'connector', description: 'A system wrapped by the Connect Platform' },
				{ name: 'Instance', value: 'instance', description: 'The handle through which an action is invoked' },
				{
					name: 'Trigger Event',
					value: 'triggerEvent',
					description: "An event of your own connector's trigger, pushed into DingTalk",
				},
			],
			default: 'action',
		},
		...action.description,
		...connector.description,
		...instance.description,
		...triggerEvent.description,
		otherOperationsToolDescription,
	],
};
