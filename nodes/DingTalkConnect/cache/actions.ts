import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { DEFAULT_INTEGRATION_TYPES, dingTalkApiRequestAllItems, type DingTalkContext } from '../transport';
import { findConnector } from './connectors';
import { cacheStore, type CacheRead } from './ttlCache';

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

const actionLists = cacheStore<ActionSummary[]>('actionLists');

export interface ActionSearch {
	connectorId: string;
	integrationTypes?: readonly string[];
	/** The connector's provider, when the caller knows it (it is part of each action's connectAssetUri). */
	providerCorpId?: string;
	itemIndex?: number;
	/** A third-party app's organisation for this look-up (see AppTarget). */
	authCorpId?: string;
}

/** The body SearchActions needs: the connector and the corp that provides it. */
export async function actionSearchBody(this: DingTalkContext, search: ActionSearch): Promise<IDataObject> {
	const integrationTypes = [...(search.integrationTypes?.length ? search.integrationTypes : DEFAULT_INTEGRATION_TYPES)];
	const providerCorpId = search.providerCorpId ?? (await findConnector.call(this, search.connectorId))?.providerCorpId;
	if (providerCorpId === undefined) {
		throw new NodeOperationError(this.getNode(), `Connector "${search.connectorId}" was not found`, {
			itemIndex: search.itemIndex,
			description:
				'This credential cannot see a connector with that ID. Pick one from the list, or check that the app may use it (third-party apps see only their approved scope).',
		});
	}
	return { connectorId: search.connectorId, connectorProviderCorpId: providerCorpId, integrationTypes };
}

/**
 * `authorized` as a boolean. A list without the field is read from the consent link: DingTalk gives
 * `authorityUrl` for an action the organisation has not authorised, and none (or '') otherwise.
 */
function withAuthorisation(action: ActionSummary): ActionSummary {
	if (typeof action.authorized === 'boolean') return action;
	const raw: unknown = action.authorized;
	const authorized = raw === 'false' ? false : raw === 'true' ? true : !(typeof action.authorityUrl === 'string' && action.authorityUrl !== '');
	return { ...action, authorized };
}

/** Every action of a connector (all pages) as the credential's app sees it, with `authorized` and `authorityUrl`. */
export async function listActions(
	this: DingTalkContext,
	search: ActionSearch,
	read: CacheRead = {},
): Promise<ActionSummary[]> {
	const types = search.integrationTypes?.length ? search.integrationTypes : DEFAULT_INTEGRATION_TYPES;
	const load = async () => {
		const body = await actionSearchBody.call(this, search);
		const request = { method: 'POST', path: ACTIONS_SEARCH_PATH, body, kind: 'read', itemIndex: search.itemIndex, authCorpId: search.authCorpId } as const;
		return ((await dingTalkApiRequestAllItems.call(this, request)) as ActionSummary[]).map(withAuthorisation);
	};
	return await actionLists.getForApp(this, `${search.connectorId}|${types.join(',')}`, load, read, search);
}
