import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../common.descriptions';
import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	operationProperty(
		'instance',
		[
			{
				name: 'Create',
				value: 'create',
				description:
					'Create an instance of an action under a key you choose (Invoke does this by itself unless you manage instances)',
				action: 'Create an instance',
			},
		],
		'create',
	),
	...create.description,
];
