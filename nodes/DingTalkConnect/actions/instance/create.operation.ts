import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createInstance } from '../../cache/instances';
import { readConnectAssetUri } from '../action/parameters';
import { actionLocator, operationDescription } from '../common.descriptions';
import { instanceKeyProperty, readInstanceKeyField } from './instanceKeyField';

export const description = operationDescription('instance', 'create', [
	actionLocator,
	instanceKeyProperty('The key of the instance, chosen by you. Invoke with the same key (Options → Instance Key) to use it.'),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const connectAssetUri = readConnectAssetUri.call(this, itemIndex);
	const instanceKey = readInstanceKeyField.call(this, itemIndex);
	return { connectAssetUri, instanceKey, ...(await createInstance.call(this, connectAssetUri, instanceKey, itemIndex)) };
}
