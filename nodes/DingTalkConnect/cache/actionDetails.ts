import type { IDataObject } from 'n8n-workflow';

import { parseSchema, type JsonSchema } from '../helpers/jsonSchema';
import { dingTalkApiRequest, type AppTarget, type DingTalkContext } from '../transport';
import { cacheStore, type CacheRead } from './ttlCache';

export interface ActionDetail {
	raw: IDataObject;
	inputSchema?: JsonSchema;
	outputSchema?: JsonSchema;
}

export const ACTION_DETAIL_PATH = '/v1.0/connector/assets/actions/details/query';

const details = cacheStore<ActionDetail>('actionDetails');

function loadDetail(context: DingTalkContext, connectAssetUri: string, target: AppTarget): () => Promise<ActionDetail> {
	const { itemIndex, authCorpId } = target;
	return async () => {
		const raw = await dingTalkApiRequest.call(context, { method: 'POST', path: ACTION_DETAIL_PATH, body: { connectAssetUri }, kind: 'read', itemIndex, connectAssetUri, authCorpId });
		return { raw, inputSchema: parseSchema(raw.inputSchema), outputSchema: parseSchema(raw.outputSchema) };
	};
}

export async function getActionDetail(
	this: DingTalkContext,
	connectAssetUri: string,
	target: AppTarget = {},
	read: CacheRead = {},
): Promise<ActionDetail> {
	return await details.getForApp(this, connectAssetUri, loadDetail(this, connectAssetUri, target), read, target);
}

/**
 * getActionDetail for many actions of one app, the credential read once: the MCP server's catalogue reads
 * every offered detail on each request, and a credential read per detail cost a third of its CPU time.
 */
export async function actionDetailReader(this: DingTalkContext, target: AppTarget = {}): Promise<(connectAssetUri: string) => Promise<ActionDetail>> {
	const read = await details.readerForApp(this, target);
	return async (connectAssetUri) => await read(connectAssetUri, loadDetail(this, connectAssetUri, target));
}
