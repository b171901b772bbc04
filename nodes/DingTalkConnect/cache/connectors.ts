import type { IDataObject } from 'n8n-workflow';

import { dingTalkApiRequestAllItems, type DingTalkContext } from '../transport';
import { cacheStore, type CacheRead } from './ttlCache';

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

// Short-lived: long enough for one run's look-ups, short enough to see new connectors.
const connectorLists = cacheStore<ConnectorSummary[]>('connectorLists');

/** Every connector of one type that the credential's app can see, all pages. */
export async function listConnectors(
	this: DingTalkContext,
	type: ConnectorType,
	read: CacheRead = {},
): Promise<ConnectorSummary[]> {
	return await connectorLists.getForApp(
		this,
		type,
		async () =>
			(await dingTalkApiRequestAllItems.call(this, { method: 'GET', path: CONNECTORS_PATH, qs: { type }, kind: 'read' })).map(
				(connector) => ({ ...connector, type }) as ConnectorSummary,
			),
		read,
	);
}

/** Every connector the credential's app can see, across the three types. */
export async function listAllConnectors(this: DingTalkContext, read: CacheRead = {}): Promise<ConnectorSummary[]> {
	const lists = await Promise.all(CONNECTOR_TYPES.map(async (type) => await listConnectors.call(this, type, read)));
	return lists.flat();
}

/** The connector with this ID; a miss in the cached lists is checked against DingTalk's current ones. */
export async function findConnector(this: DingTalkContext, connectorId: string): Promise<ConnectorSummary | undefined> {
	const cached = (await listAllConnectors.call(this)).find((connector) => connector.id === connectorId);
	if (cached) return cached;
	return (await listAllConnectors.call(this, { fresh: true })).find((connector) => connector.id === connectorId);
}
