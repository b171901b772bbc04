import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../common.descriptions';
import * as create from './create.operation';
import * as deleteOperation from './delete.operation';

export { create, deleteOperation as delete };

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
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an instance, e.g. one a copied or removed workflow left behind',
				action: 'Delete an instance',
			},
		],
		'create',
	),
	...create.description,
	...deleteOperation.description,
];
