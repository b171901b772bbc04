import type { IDataObject } from 'n8n-workflow';

import { dingTalkApiRequestAllItems } from '../transport';
import { credentialKey, type DingTalkContext } from './credentialKey';
import { TtlCache } from './ttlCache';

export const CONNECTOR_TYPES = ['self_built', 'third_party', 'official'] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

export const CONNECTOR_TYPE_LABELS: Record<ConnectorType, string> = {
	self_built: 'Self-Built',
	third_party: 'Third-Party',
	official: 'Official',
};

export interface ConnectorSummary extends IDataObject {
	id: string;
	name: string;
	providerCorpId: string;
	type: ConnectorType;
}

export const CONNECTORS_PATH = '/v1.0/connector/assets/connectors';

// Short-lived: long enough to serve one editor session's dropdowns, short enough to see new connectors.
const connectorLists = new TtlCache<ConnectorSummary[]>(60_000);

/** Every connector of one type that the credential can see, all pages. */
export async function listConnectors(
	this: DingTalkContext,
	type: ConnectorType,
): Promise<ConnectorSummary[]> {
	return await connectorLists.get(`${credentialKey(this)}|${type}`, async () => {
		const list = await dingTalkApiRequestAllItems.call(
			this,
			{ method: 'GET', path: CONNECTORS_PATH, qs: { type }, kind: 'read' },
			{ returnAll: true, pageSize: 50 },
		);
		return list.map((connector) => ({ ...connector, type }) as ConnectorSummary);
	});
}

/** Every connector the credential can see, across the three types. */
export async function listAllConnectors(this: DingTalkContext): Promise<ConnectorSummary[]> {
	const lists = await Promise.all(CONNECTOR_TYPES.map(async (type) => await listConnectors.call(this, type)));
	return lists.flat();
}

export async function findConnector(
	this: DingTalkContext,
	connectorId: string,
): Promise<ConnectorSummary | undefined> {
	const all = await listAllConnectors.call(this);
	return all.find((connector) => connector.id === connectorId);
}
