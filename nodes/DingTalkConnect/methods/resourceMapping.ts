import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { getActionDetail } from '../cache/actionDetails';
import { schemaToFields } from '../helpers/schemaToFields';
import { isToolNodeType, schemaToToolFields } from '../helpers/toolFields';
import { actionSummaryField, wholeInputField } from '../helpers/toolAction';
import { describeActionForTool } from './toolAction';

function chosenAction(context: ILoadOptionsFunctions): string {
	return String(context.getCurrentNodeParameter('action', { extractValue: true }) ?? '').trim();
}

/**
 * The Fields of Action → Invoke: one per property of the chosen action's input schema. As an AI
 * Agent tool, each field comes pre-filled with a `$fromAI` call describing the property to the model,
 * followed by the hidden field that carries the action's description for the tool's.
 */
export async function getActionInputFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const connectAssetUri = chosenAction(this);
	if (!connectAssetUri) {
		return { fields: [], emptyFieldsNotice: 'Choose an action first' };
	}
	// Always DingTalk's current schema: the user may have just changed the action.
	const detail = await getActionDetail.call(this, connectAssetUri, {}, { fresh: true });
	if (!isToolNodeType(this.getNode().type)) {
		const fields = schemaToFields(detail.inputSchema);
		return fields.length
			? { fields }
			: { fields, emptyFieldsNotice: 'This action takes no input: run it as it is, or use the JSON input' };
	}
	const fields = schemaToToolFields(detail.inputSchema);
	const summary = actionSummaryField(await describeActionForTool.call(this, connectAssetUri, detail));
	return { fields: [...fields, summary], ...(fields.length ? {} : { emptyFieldsNotice: 'This action takes no input' }) };
}

/** JSON mode of the AI Agent tool: the whole input as one `$fromAI` parameter described by the input schema. */
export async function getActionInputAsJson(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const connectAssetUri = chosenAction(this);
	if (!connectAssetUri) {
		return { fields: [], emptyFieldsNotice: 'Choose an action first' };
	}
	const detail = await getActionDetail.call(this, connectAssetUri, {}, { fresh: true });
	const summary = actionSummaryField(await describeActionForTool.call(this, connectAssetUri, detail));
	return { fields: [wholeInputField(detail.inputSchema), summary] };
}
