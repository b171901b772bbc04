import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listActions } from '../../DingTalkConnect/cache/actions';
import { CONNECTOR_TYPE_LABELS, listAllConnectors } from '../../DingTalkConnect/cache/connectors';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

function chosenConnectorIds(context: ILoadOptionsFunctions): string[] {
	const value = context.getCurrentNodeParameter('connectors');
	return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && id !== '') : [];
}

// Editor look-ups always ask DingTalk afresh, as the DingTalk Connect node's do.

/** Every connector the credential can see, with its type. */
export async function getConnectors(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connectors = await listAllConnectors.call(this, { fresh: true });
	return connectors
		.map((connector) => ({
			name: `${connector.name} (${CONNECTOR_TYPE_LABELS[connector.type]})`,
			value: connector.id,
			description: typeof connector.description === 'string' ? connector.description : undefined,
		}))
		.sort(byName);
}

/** The chosen connectors' actions; those the organisation has not authorised are marked (the server leaves them out). */
export async function getActions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connectors = await listAllConnectors.call(this, { fresh: true });
	const options: INodePropertyOptions[] = [];
	for (const connectorId of chosenConnectorIds(this)) {
		const connector = connectors.find((candidate) => candidate.id === connectorId);
		if (!connector) continue;
		const actions = await listActions.call(this, { connectorId, providerCorpId: connector.providerCorpId }, { fresh: true });
		for (const action of actions) {
			const marker = action.authorized === false ? ', not authorised by the organisation: not offered' : '';
			options.push({
				name: `${action.name} (${connector.name}${marker})`,
				value: action.connectAssetUri,
				description: typeof action.description === 'string' ? action.description : undefined,
			});
		}
	}
	return options.sort(byName);
}
