import type { ILoadOptionsFunctions } from 'n8n-workflow';

import type { ActionDetail } from '../cache/actionDetails';
import { listActions } from '../cache/actions';
import { findConnector } from '../cache/connectors';
import { parseConnectAssetUri } from '../helpers/connectAssetUri';
import { settle } from '../helpers/settle';
import { actionFacts } from '../helpers/toolAction';

/**
 * The facts of the chosen action for the tool variant's description: its name from the action's detail, what it
 * does from the connector's action list, and the connector's name. The list and the connector are
 * extras: when the Connector is not set or they cannot be read, the summary does without them.
 */
export async function describeActionForTool(
	this: ILoadOptionsFunctions,
	connectAssetUri: string,
	detail: ActionDetail,
): Promise<string> {
	const connectorId = String(this.getCurrentNodeParameter('connector', { extractValue: true }) ?? '').trim();
	let description: string | undefined;
	let connectorName: string | undefined;
	if (connectorId) {
		const providerCorpId = parseConnectAssetUri(connectAssetUri)?.providerCorpId;
		const [actions, connector] = await Promise.all([
			settle(listActions.call(this, { connectorId, providerCorpId }, { fresh: true })),
			settle(findConnector.call(this, connectorId)),
		]);
		const listed = actions.ok ? actions.value.find((action) => action.connectAssetUri === connectAssetUri) : undefined;
		description = typeof listed?.description === 'string' ? listed.description : undefined;
		connectorName = connector.ok ? connector.value?.name : undefined;
	}
	const name = typeof detail.raw.name === 'string' ? detail.raw.name : undefined;
	return actionFacts({ name, description, connectorName, connectAssetUri }, detail.inputSchema);
}
