import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { dingTalkApiRequestAllItems, rememberAuthorityUrl } from '../transport';
import { credentialKey, type DingTalkContext } from './credentialKey';
import { findConnector } from './connectors';
import { TtlCache } from './ttlCache';

export interface ActionSummary extends IDataObject {
	id: string;
	connectorId: string;
	name: string;
	connectAssetUri: string;
	integrationType: string;
	authorized?: boolean;
	authorityUrl?: string;
}

export const ACTIONS_SEARCH_PATH = '/v1.0/connector/assets/actions/search';

const actionLists = new TtlCache<ActionSummary[]>(60_000);

/** The body SearchActions needs: the connector and the corp that provides it. */
export async function actionSearchBody(
	this: DingTalkContext,
	connectorId: string,
	integrationTypes: string[],
	itemIndex?: number,
): Promise<IDataObject> {
	const connector = await findConnector.call(this, connectorId);
	if (!connector) {
		throw new NodeOperationError(this.getNode(), `Connector "${connectorId}" was not found`, {
			itemIndex,
			description:
				'This credential cannot see a connector with that ID. Pick one from the list, or check that the app may use it (third-party apps see only their approved scope).',
		});
	}
	return {
		connectorId: connector.id,
		connectorProviderCorpId: connector.providerCorpId,
		integrationTypes,
	};
}

/** Keeps the authorisation links, so that a later "not authorised" error can show them. */
export function rememberAuthorityUrls(actions: IDataObject[]): void {
	for (const action of actions) {
		if (typeof action.connectAssetUri === 'string' && typeof action.authorityUrl === 'string' && action.authorityUrl) {
			rememberAuthorityUrl(action.connectAssetUri, action.authorityUrl);
		}
	}
}

/** Every action of a connector (all pages), for dropdowns. */
export async function listActions(
	this: DingTalkContext,
	connectorId: string,
	integrationTypes: string[] = ['basic'],
): Promise<ActionSummary[]> {
	const key = `${credentialKey(this)}|${connectorId}|${integrationTypes.join(',')}`;
	return await actionLists.get(key, async () => {
		const body = await actionSearchBody.call(this, connectorId, integrationTypes);
		const list = await dingTalkApiRequestAllItems.call(
			this,
			{ method: 'POST', path: ACTIONS_SEARCH_PATH, body, kind: 'read' },
			{ returnAll: true, pageSize: 50 },
		);
		rememberAuthorityUrls(list);
		return list as ActionSummary[];
	});
}
