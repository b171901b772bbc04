import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { getActionDetail } from '../cache/actionDetails';
import { schemaToFields } from '../helpers/schemaToFields';
import { isToolNodeType, schemaToToolFields } from '../helpers/toolFields';

/**
 * The Fields of Action → Invoke: one per property of the chosen action's input schema. As an AI
 * Agent tool, each field comes pre-filled with a `$fromAI` call describing the property to the model.
 */
export async function getActionInputFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const connectAssetUri = String(this.getCurrentNodeParameter('action', { extractValue: true }) ?? '').trim();
	if (!connectAssetUri) {
		return { fields: [], emptyFieldsNotice: 'Choose an action first' };
	}
	// Always DingTalk's current schema: the user may have just changed the action.
	const { inputSchema } = await getActionDetail.call(this, connectAssetUri, undefined, { fresh: true });
	const fields = isToolNodeType(this.getNode().type) ? schemaToToolFields(inputSchema) : schemaToFields(inputSchema);
	return fields.length
		? { fields }
		: { fields, emptyFieldsNotice: 'This action takes no input: run it as it is, or use the JSON input' };
}
