import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../common.descriptions';
import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	operationProperty(
		'connector',
		[
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the connectors the organisation can use',
				action: 'Get many connectors',
			},
		],
		'getMany',
	),
	...getMany.description,
];
