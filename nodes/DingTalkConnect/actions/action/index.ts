import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../common.descriptions';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as invoke from './invoke.operation';

export { get, getMany, invoke };

export const description: INodeProperties[] = [
	operationProperty(
		'action',
		[
			{
				name: 'Get',
				value: 'get',
				description: "Get an action's details, with its input and output schemas",
				action: 'Get an action',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: "List a connector's actions",
				action: 'Get many actions',
			},
			{
				name: 'Invoke',
				value: 'invoke',
				description: 'Run an action of a connector for each input item and return its output',
				action: 'Invoke an action',
			},
		],
		'invoke',
	),
	...invoke.description,
	...getMany.description,
	...get.description,
];
