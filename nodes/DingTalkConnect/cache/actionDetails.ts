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

export async function getActionDetail(
	this: DingTalkContext,
	connectAssetUri: string,
	target: AppTarget = {},
	read: CacheRead = {},
): Promise<ActionDetail> {
	const { itemIndex, authCorpId } = target;
	const load = async (): Promise<ActionDetail> => {
		const raw = await dingTalkApiRequest.call(this, { method: 'POST', path: ACTION_DETAIL_PATH, body: { connectAssetUri }, kind: 'read', itemIndex, connectAssetUri, authCorpId });
		return { raw, inputSchema: parseSchema(raw.inputSchema), outputSchema: parseSchema(raw.outputSchema) };
	};
	return await details.getForApp(this, connectAssetUri, load, read, target);
}
