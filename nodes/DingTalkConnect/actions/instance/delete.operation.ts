import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { deleteInstance } from '../../cache/instances';
import { readConnectAssetUri } from '../action/parameters';
import { actionLocator, operationDescription } from '../common.descriptions';
import { instanceKeyProperty, readInstanceKeyField } from './instanceKeyField';

export const description = operationDescription('instance', 'delete', [
	actionLocator,
	instanceKeyProperty(
		'The key of the instance to delete. Invoke shows the key it used under "_dingtalk" when its option Include Metadata is on.',
	),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const connectAssetUri = readConnectAssetUri.call(this, itemIndex);
	const instanceKey = readInstanceKeyField.call(this, itemIndex);
	const { deleted } = await deleteInstance.call(this, connectAssetUri, instanceKey, itemIndex);
	return { connectAssetUri, instanceKey, deleted };
}
