import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { parseConnectAssetUri } from '../../helpers/connectAssetUri';

/** The chosen action's connectAssetUri, checked before anything is sent. */
export function readConnectAssetUri(this: IExecuteFunctions, itemIndex: number): string {
	const value = this.getNodeParameter('action', itemIndex, '', { extractValue: true });
	const uri = typeof value === 'string' ? value.trim() : '';
	if (!uri) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: no action chosen in the field "Action"`, {
			itemIndex,
			description: 'Pick an action from the list, or paste its connectAssetUri with "By URI".',
		});
	}
	if (!parseConnectAssetUri(uri)) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: the field "Action" holds "${uri}", which is not a connectAssetUri`,
			{
				itemIndex,
				description:
					'A connectAssetUri looks like dca://<corpId>.connect.dingtalk.com/<corpId>/action/<actionId>.',
			},
		);
	}
	return uri;
}
