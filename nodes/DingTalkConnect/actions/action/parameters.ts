import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { listActions, type ActionSummary } from '../../cache/actions';
import { parseConnectAssetUri } from '../../helpers/connectAssetUri';
import { itemMessage } from '../itemMessage';

/** The chosen action's connectAssetUri, checked before anything is sent. */
export function readConnectAssetUri(this: IExecuteFunctions, itemIndex: number): string {
	const value = this.getNodeParameter('action', itemIndex, '', { extractValue: true });
	const uri = typeof value === 'string' ? value.trim() : '';
	if (!uri) {
		throw new NodeOperationError(this.getNode(), itemMessage(this, itemIndex, `no action chosen in the field "Action"`), {
			itemIndex,
			description: 'Pick an action from the list, or paste its connectAssetUri with "By URI".',
		});
	}
	if (!parseConnectAssetUri(uri)) {
		throw new NodeOperationError(
			this.getNode(),
			itemMessage(this, itemIndex, `the field "Action" holds "${uri}", which is not a connectAssetUri`),
			{
				itemIndex,
				description:
					'A connectAssetUri looks like dca://<corpId>.connect.dingtalk.com/<corpId>/action/<actionId>.',
			},
		);
	}
	return uri;
}

/** The Connector parameter's ID, '' when none is set (it is optional where the action is given by URI). */
export function readConnectorId(this: IExecuteFunctions, itemIndex: number): string {
	return String(this.getNodeParameter('connector', itemIndex, '', { extractValue: true }) ?? '').trim();
}

/**
 * The action as the connector's action list shows it to this app: only the list tells whether the
 * organisation authorised it, and its authorityUrl. Undefined when no connector is set or the list
 * lacks the action. The connector's provider is the one named in the connectAssetUri.
 */
export async function findListedAction(
	this: IExecuteFunctions,
	connectAssetUri: string,
	itemIndex: number,
	authCorpId?: string,
): Promise<ActionSummary | undefined> {
	const connectorId = readConnectorId.call(this, itemIndex);
	if (!connectorId) return undefined;
	const providerCorpId = parseConnectAssetUri(connectAssetUri)?.providerCorpId;
	const actions = await listActions.call(this, { connectorId, providerCorpId, itemIndex, authCorpId });
	return actions.find((action) => action.connectAssetUri === connectAssetUri);
}
