// The three asset APIs: SearchConnectors, SearchActions and GetActionDetail.

import type { ConnectorType } from './seed';
import { inputSchemaOf, outputSchemaOf } from './actionSchemas';
import { badRequest, connectError, type Answer } from './http/answers';
import { listAnswer, pageParams } from './paging';
import type { Caller, EmulatorState } from './state';
import { nonEmptyString } from './jsonValues';
import { authorityUrl, authorized, findVisibleAction, findVisibleConnector, orgOfCaller, visibleConnector } from './visibility';

const CONNECTOR_TYPES: readonly ConnectorType[] = ['official', 'third_party', 'self_built'];

export function searchConnectors(state: EmulatorState, caller: Caller, query: Record<string, string>, requestId: string): Answer {
	const type = query.type;
	if (!type) return badRequest(requestId, 'MissingType', 'type is mandatory for this action.');
	if (!CONNECTOR_TYPES.includes(type as ConnectorType)) {
		return badRequest(requestId, 'InvalidParameter.Type', `type must be one of ${CONNECTOR_TYPES.join(', ')}`);
	}
	const page = pageParams(query.maxResults, query.nextToken, requestId);
	if ('status' in page) return page;
	const all = orgOfCaller(state, caller).connectors.filter((c) => c.type === type && visibleConnector(state, caller, c));
	return listAnswer(state.config, all, page, 'string', ({ id, name, description, icon, providerCorpId }) => ({ id, name, description, icon, providerCorpId }));
}

export function searchActions(state: EmulatorState, caller: Caller, body: Record<string, unknown>, requestId: string): Answer {
	if (!nonEmptyString(body.connectorId)) return badRequest(requestId, 'MissingConnectorId', 'connectorId is mandatory for this action.');
	let integrationTypes = ['basic'];
	if (body.integrationTypes !== undefined && body.integrationTypes !== null) {
		if (!Array.isArray(body.integrationTypes) || body.integrationTypes.some((t) => typeof t !== 'string')) {
			return badRequest(requestId, 'InvalidParameter.IntegrationTypes', 'integrationTypes must be an array of strings');
		}
		if (body.integrationTypes.length > 0) integrationTypes = body.integrationTypes as string[];
	}
	const page = pageParams(body.maxResults, body.nextToken, requestId);
	if ('status' in page) return page;
	const connector = findVisibleConnector(state, caller, body.connectorId);
	const visible = connector !== undefined && (!nonEmptyString(body.connectorProviderCorpId) || body.connectorProviderCorpId === connector.providerCorpId);
	const all = visible ? orgOfCaller(state, caller).actions.filter((a) => a.connectorId === connector.id && integrationTypes.includes(a.integrationType)) : [];
	return listAnswer(state.config, all, page, 'number', (a) => {
		const isAuthorized = authorized(caller, a);
		return {
			id: a.id,
			connectorId: a.connectorId,
			name: a.name,
			description: a.description,
			icon: a.icon,
			providerCorpId: a.providerCorpId,
			integrationType: a.integrationType,
			connectAssetUri: a.connectAssetUri,
			...(state.config.authorizedField ? { authorized: isAuthorized } : {}),
			authorityUrl: isAuthorized ? '' : authorityUrl(caller, a),
		};
	});
}

export function getActionDetail(state: EmulatorState, caller: Caller, body: Record<string, unknown>, requestId: string): Answer {
	if (!nonEmptyString(body.connectAssetUri)) return connectError(state.config, requestId, '4001', 'connectAssetUri is mandatory');
	const action = findVisibleAction(state, caller, body.connectAssetUri);
	if (!action) return connectError(state.config, requestId, '4004', `The asset does not exist: ${body.connectAssetUri}`);
	return {
		status: 200,
		executed: true,
		json: {
			connectAssetUri: action.connectAssetUri,
			name: action.name,
			inputSchema: JSON.stringify(inputSchemaOf(state, action)),
			outputSchema: JSON.stringify(outputSchemaOf(state, action)),
			refId: action.id,
			refType: action.integrationType === 'basic' ? 'action' : 'integration_endpoint',
			refProviderCorpId: action.providerCorpId,
			integrationConfig: JSON.stringify({ integrationType: action.integrationType, versionId: action.versionId }),
		},
	};
}
