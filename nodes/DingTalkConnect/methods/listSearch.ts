import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { listActions } from '../cache/actions';
import { CONNECTOR_TYPE_LABELS, listAllConnectors } from '../cache/connectors';
import { matchesSearch } from '../helpers/textSearch';


const byName = (a: INodeListSearchItems, b: INodeListSearchItems) => a.name.localeCompare(b.name);

// Editor look-ups always ask DingTalk (a user pressing refresh expects its current answer); runs reuse what they load.

/** Every connector the credential can see, all types and all pages, with the type in the label. */
export async function searchConnectors(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connectors = await listAllConnectors.call(this, { fresh: true });
	const results = connectors
		.filter((connector) => matchesSearch(filter, connector.name, connector.id, connector.description))
		.map((connector) => ({
			name: `${connector.name} (${CONNECTOR_TYPE_LABELS[connector.type]})`,
			value: connector.id,
			description: typeof connector.description === 'string' ? connector.description : undefined,
		}))
		.sort(byName);
	return { results };
}

/** The chosen connector's actions, those the organisation has not authorised marked as such. */
export async function searchActions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connectorId = String(this.getCurrentNodeParameter('connector', { extractValue: true }) ?? '').trim();
	if (!connectorId) return { results: [] };
	const actions = await listActions.call(this, { connectorId }, { fresh: true });
	const results = actions
		.filter((action) => matchesSearch(filter, action.name, action.id, action.description, action.connectAssetUri))
		.map((action) => ({
			name: action.authorized === false ? `${action.name} (not authorised by the organisation)` : action.name,
			value: action.connectAssetUri,
			description: typeof action.description === 'string' ? action.description : undefined,
			...(action.authorized === false && action.authorityUrl ? { url: action.authorityUrl } : {}),
		}))
		.sort(byName);
	return { results };
}
