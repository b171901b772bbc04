import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { createInstance } from '../../cache/instances';
import { validateInstanceKey } from '../../helpers/instanceKey';
import { actionLocator, operationDescription } from '../common.descriptions';
import { readConnectAssetUri } from '../action/parameters';

const properties: INodeProperties[] = [
	actionLocator,
	{
		displayName: 'Instance Key',
		name: 'instanceKey',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. crm-sync',
		description:
			'The key of the instance, chosen by you. Invoke with the same key (Options → Instance Key) to use it.',
	},
];

export const description = operationDescription('instance', 'create', properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const connectAssetUri = readConnectAssetUri.call(this, itemIndex);
	const { key, problem } = validateInstanceKey(this.getNodeParameter('instanceKey', itemIndex) as string);
	if (key === undefined) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: the field "Instance Key" ${problem}`, {
			itemIndex,
		});
	}
	const { created, versionId } = await createInstance.call(this, connectAssetUri, key, itemIndex);
	return { connectAssetUri, instanceKey: key, created, ...(versionId ? { versionId } : {}) };
}
