import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { getActionDetail } from '../../cache/actionDetails';
import { withInstance } from '../../cache/instances';
import { deriveInstanceKey, validateInstanceKey } from '../../helpers/instanceKey';
import { parseOutputJson } from '../../helpers/output';
import { settle } from '../../helpers/settle';
import { DEFAULT_INVOKE_TIMEOUT_MS, addAuthorityUrl, dingTalkApiRequest, getFailureKind, type AppTarget } from '../../transport';
import { TOOL_DESCRIPTION } from '../../helpers/toolAction';
import { actionLocator, operationDescription, optionalConnectorLocator, optionsCollection } from '../common.descriptions';
import { readInput } from './invokeInput';
import { findListedAction, readConnectAssetUri } from './parameters';
import { itemMessage } from '../itemMessage';

export const INVOKE_PATH = '/v1.0/connector/instances/invoke';

// Without a ceiling the rate adapts to DingTalk's answers; hold enough items in flight for a paid edition's limit.
const ADAPTIVE_CONCURRENCY_RATE = 100;
const DEFAULT_TIMEOUT_SECONDS = DEFAULT_INVOKE_TIMEOUT_MS / 1000;
// Enough items in flight to hold the rate while the connected system takes up to 5 s per call.
const SECONDS_OF_LATENCY_COVERED = 5;
const MAX_CONCURRENCY = 100;

const properties: INodeProperties[] = [
	optionalConnectorLocator,
	actionLocator,
	{
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		default: TOOL_DESCRIPTION,
		typeOptions: { rows: 3 },
		displayOptions: { show: { '@tool': [true] } },
		description:
			"What the AI Agent is told this tool does, in your words. The part in {{ }} puts in the chosen action's name, connector and what it does, read from DingTalk when the action's fields load: keep it to follow the action, or write the action's purpose yourself.",
	},
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		default: 'fields',
		description: "How to give the action's input",
		options: [
			{
				name: 'Fields',
				value: 'fields',
				description: "One field per input of the action, built from the action's schema",
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'The whole input as one JSON object, e.g. built with an expression',
			},
		],
	},
	{
		displayName: 'Fields',
		name: 'parameters',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		displayOptions: { show: { inputMode: ['fields'] } },
		typeOptions: {
			loadOptionsDependsOn: ['action.value'],
			resourceMapper: {
				resourceMapperMethod: 'getActionInputFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				supportAutoMap: true,
				// A workflow saved with older fields (e.g. a boolean as a switch) gets the action's current ones.
				refreshStaleSchemaOnOpen: true,
				noFieldsError: 'This action takes no input, or its input schema could not be read: use the JSON input.',
			},
		},
	},
	{
		displayName: 'Input JSON',
		name: 'inputJson',
		type: 'json',
		default: '{}',
		displayOptions: { show: { inputMode: ['json'], '@tool': [false] } },
		description: "The action's input as a JSON object",
	},
	{
		displayName: 'Input JSON',
		name: 'toolInput',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		displayOptions: { show: { inputMode: ['json'], '@tool': [true] } },
		description: "The action's whole input as one JSON object, written by the model from the action's input schema",
		typeOptions: {
			loadOptionsDependsOn: ['action.value'],
			resourceMapper: {
				resourceMapperMethod: 'getActionInputAsJson',
				mode: 'add',
				fieldWords: { singular: 'input', plural: 'inputs' },
				addAllFields: true,
				supportAutoMap: false,
			},
		},
	},
	optionsCollection([
		{
			displayName: 'Authorising Corp ID',
			name: 'authCorpId',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.corpId }}',
			description:
				"Third-party apps only: act for this organisation (its corpId) instead of the credential's Authorising Corp ID, e.g. the organisation of the trigger's event. Its token is fetched with the suite credential and kept in memory only.",
		},
		{
			displayName: 'Include Metadata',
			name: 'includeMetadata',
			type: 'boolean',
			default: false,
			description:
				'Whether to add the call\'s metadata (run record ID, cost in ms, connectAssetUri, instance key) under "_dingtalk"',
		},
		{
			displayName: 'Instance Key',
			name: 'instanceKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. crm-sync',
			description:
				'Use this instance instead of the one the node derives from the workflow, e.g. to share one instance between workflows. It is created when missing.',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1000 },
			default: 0,
			description:
				"Empty or 0: the node finds the app's limit from DingTalk's answers (shared by every workflow in this n8n process; DingTalk's standard edition allows 20 per second per app and API). A number is a ceiling the adapting rate never exceeds, e.g. 10 to leave room for another system using the same app.",
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description:
				'How long to wait for the action, which waits on the connected system. A timed-out call is not retried: it may have run.',
		},
	]),
];

export const description = operationDescription('action', 'invoke', properties);

function readInstanceKey(this: IExecuteFunctions, options: IDataObject, itemIndex: number): string {
	if (options.instanceKey === undefined || options.instanceKey === '') {
		return deriveInstanceKey({ workflowId: this.getWorkflow().id, nodeId: this.getNode().id, nodeName: this.getNode().name });
	}
	const { key, problem } = validateInstanceKey(String(options.instanceKey));
	if (key === undefined) {
		throw new NodeOperationError(this.getNode(), itemMessage(this, itemIndex, `the option "Instance Key" ${problem}`), { itemIndex });
	}
	return key;
}

/**
 * A 4003 says the organisation has not authorised the app for the action: its consent link is in the
 * connector's action list as this app sees it. Failing to find the link must not replace the error.
 */
async function withConsentLink(this: IExecuteFunctions, error: unknown, connectAssetUri: string, target: AppTarget & { itemIndex: number }) {
	if (getFailureKind(error) !== 'notAuthorised') return error;
	const listed = await settle(findListedAction.call(this, connectAssetUri, target.itemIndex, target.authCorpId));
	const authorityUrl = listed.ok ? listed.value?.authorityUrl : undefined;
	return authorityUrl && error instanceof NodeApiError ? addAuthorityUrl(error, authorityUrl) : error;
}

/** The option Requests per Second as a ceiling; undefined (empty or 0) lets the rate adapt unbounded. */
function readCeiling(options: IDataObject): number | undefined {
	const value = Number(options.requestsPerSecond);
	return options.requestsPerSecond === null || options.requestsPerSecond === '' || !(value > 0) ? undefined : value;
}

export function concurrency(this: IExecuteFunctions): number {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const requestsPerSecond = readCeiling(options) ?? ADAPTIVE_CONCURRENCY_RATE;
	return Math.min(MAX_CONCURRENCY, Math.max(1, Math.ceil(requestsPerSecond * SECONDS_OF_LATENCY_COVERED)));
}

export async function execute(this: IExecuteFunctions, itemIndex: number, signal?: AbortSignal): Promise<IDataObject> {
	const connectAssetUri = readConnectAssetUri.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const target = { itemIndex, authCorpId: typeof options.authCorpId === 'string' ? options.authCorpId.trim() : undefined };
	const { inputSchema } = await getActionDetail.call(this, connectAssetUri, target);
	const input = readInput.call(this, itemIndex, inputSchema);
	const instanceKey = readInstanceKey.call(this, options, itemIndex);

	const invoke = async () =>
		await dingTalkApiRequest.call(this, {
			method: 'POST',
			path: INVOKE_PATH,
			body: { connectAssetUri, instanceKey, inputJsonString: JSON.stringify(input) },
			kind: 'invoke',
			timeout: Number(options.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
			paced: true,
			requestsPerSecond: readCeiling(options),
			itemIndex,
			connectAssetUri,
			signal,
			authCorpId: target.authCorpId,
		});
	const invoked = await settle(withInstance.call(this, connectAssetUri, instanceKey, target, invoke));
	if (!invoked.ok) throw await withConsentLink.call(this, invoked.error, connectAssetUri, target);
	const answer = invoked.value;

	const output = parseOutputJson(answer.outputJson);
	const json: IDataObject = output.ok ? output.json : { rawOutput: output.raw };
	if (!output.ok) {
		this.logger.warn(`DingTalk Connect: the output of item ${itemIndex} is not JSON; it is kept as text in "rawOutput"`);
	}
	if (options.includeMetadata) {
		json._dingtalk = {
			connectAssetUri,
			instanceKey,
			instanceId: answer.instanceId,
			cost: answer.cost,
		};
	}
	return json;
}
