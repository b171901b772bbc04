import { NodeApiError, type IDataObject, type IWebhookFunctions } from 'n8n-workflow';

import { INVOKE_PATH } from '../../DingTalkConnect/actions/action/invoke.operation';
import { listActions } from '../../DingTalkConnect/cache/actions';
import { withInstance } from '../../DingTalkConnect/cache/instances';
import { deriveInstanceKey } from '../../DingTalkConnect/helpers/instanceKey';
import { parseOutputJson } from '../../DingTalkConnect/helpers/output';
import { settle } from '../../DingTalkConnect/helpers/settle';
import { addAuthorityUrl, DEFAULT_INVOKE_TIMEOUT_MS, dingTalkApiRequest, getFailureKind } from '../../DingTalkConnect/transport';
import { checkArguments, errorResult, outputResult } from '../helpers/toolCall';
import type { ToolCallResult } from '../protocol/types';
import type { CatalogueEntry } from './catalogue';

/** A 4003 names the consent link: the connector's action list (read afresh) holds it. */
async function withConsentLink(context: IWebhookFunctions, error: unknown, entry: CatalogueEntry): Promise<unknown> {
	if (getFailureKind(error) !== 'notAuthorised' || !(error instanceof NodeApiError)) return error;
	const search = { connectorId: entry.connector.id, providerCorpId: entry.connector.providerCorpId };
	const listed = await settle(listActions.call(context, search, { fresh: true }));
	const url = listed.ok ? listed.value.find((action) => action.connectAssetUri === entry.action.connectAssetUri)?.authorityUrl : undefined;
	return typeof url === 'string' && url !== '' ? addAuthorityUrl(error, url) : error;
}

/** What a model reads when DingTalk refuses or the call fails: the node's own message and advice. */
function failureText(error: unknown): string {
	const { message, description } = error as { message?: unknown; description?: unknown };
	const parts = [typeof message === 'string' ? message : 'The action failed', typeof description === 'string' ? description : ''];
	return parts.filter(Boolean).join('. ');
}

/**
 * Runs the tool's action as the DingTalk Connect node runs one item: arguments checked first, then the
 * invoke through the node's transport (token, pacing, retries) on the instance this node derives from
 * its workflow, created when missing. Every failure is a tool result the model can act on.
 */
export async function runTool(this: IWebhookFunctions, entry: CatalogueEntry, args: Record<string, unknown>): Promise<ToolCallResult> {
	const checked = checkArguments(entry.inputSchema, args, this.getTimezone());
	if (!checked.ok) return errorResult(checked.text);
	const { connectAssetUri } = entry.action;
	const node = this.getNode();
	const instanceKey = deriveInstanceKey({ workflowId: this.getWorkflow().id, nodeId: node.id, nodeName: node.name });
	const invoke = async () =>
		await dingTalkApiRequest.call(this, {
			method: 'POST',
			path: INVOKE_PATH,
			body: { connectAssetUri, instanceKey, inputJsonString: JSON.stringify(checked.input) },
			kind: 'invoke',
			timeout: DEFAULT_INVOKE_TIMEOUT_MS,
			paced: true,
			connectAssetUri,
		});
	const invoked = await settle(withInstance.call(this, connectAssetUri, instanceKey, { itemIndex: 0 }, invoke));
	if (!invoked.ok) return errorResult(failureText(await withConsentLink(this, invoked.error, entry)));
	const output = parseOutputJson(invoked.value.outputJson);
	const json: IDataObject = output.ok ? output.json : { rawOutput: output.raw };
	return outputResult(json);
}
