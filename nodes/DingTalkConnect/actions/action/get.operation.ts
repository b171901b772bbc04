import { type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { getActionDetail } from '../../cache/actionDetails';
import { actionLocator, operationDescription, optionalConnectorLocator } from '../common.descriptions';
import { findListedAction, readConnectAssetUri } from './parameters';

export const description = operationDescription('action', 'get', [
	optionalConnectorLocator,
	actionLocator,
]);

/** Whether the organisation authorised the action, which only the connector's action list tells. */
async function authorisation(this: IExecuteFunctions, connectAssetUri: string, itemIndex: number) {
	const listed = await findListedAction.call(this, connectAssetUri, itemIndex);
	if (!listed) return {};
	return {
		authorized: listed.authorized !== false,
		...(listed.authorityUrl ? { authorityUrl: listed.authorityUrl } : {}),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const connectAssetUri = readConnectAssetUri.call(this, itemIndex);
	const { raw, inputSchema, outputSchema } = await getActionDetail.call(this, connectAssetUri, { itemIndex });
	return {
		...raw,
		inputSchema: (inputSchema ?? {}) as IDataObject,
		outputSchema: (outputSchema ?? {}) as IDataObject,
		...(await authorisation.call(this, connectAssetUri, itemIndex)),
	};
}
