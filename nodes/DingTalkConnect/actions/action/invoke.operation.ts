import {
	NodeApiError,
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { getActionDetail } from '../../cache/actionDetails';
import { ensureInstance, recreateInstance } from '../../cache/instances';
import { describeProblems, validateInput, type InputProblem } from '../../helpers/inputValidation';
import { deriveInstanceKey, validateInstanceKey } from '../../helpers/instanceKey';
import type { JsonSchema } from '../../helpers/jsonSchema';
import { mapperValuesToInput } from '../../helpers/mapperValues';
import { parseOutputJson } from '../../helpers/output';
import { dingTalkApiRequest, getDingTalkErrorCode } from '../../transport';
import { actionLocator, optionalConnectorLocator } from '../common.descriptions';
import { isRunStopping } from '../runState';
import { findListedAction, readConnectAssetUri } from './parameters';

export const INVOKE_PATH = '/v1.0/connector/instances/invoke';

// Without a ceiling the rate adapts to DingTalk's answers; hold enough items in flight for a paid edition's limit.
const ADAPTIVE_CONCURRENCY_RATE = 100;
const DEFAULT_TIMEOUT_SECONDS = 60;
// Enough items in flight to hold the rate while the connected system takes up to 5 s per call.
const SECONDS_OF_LATENCY_COVERED = 5;
const MAX_CONCURRENCY = 100;

const properties: INodeProperties[] = [
	optionalConnectorLocator,
	actionLocator,
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
				noFieldsError: 'This action takes no input, or its input schema could not be read: use the JSON input.',
			},
		},
	},
	{
		displayName: 'Input JSON',
		name: 'inputJson',
		type: 'json',
		default: '{}',
		displayOptions: { show: { inputMode: ['json'] } },
		description: "The action's input as a JSON object",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
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
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['action'], operation: ['invoke'] } },
	properties,
);

function inputError(context: IExecuteFunctions, itemIndex: number, problems: InputProblem[]): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${describeProblems(problems)}`, {
		itemIndex,
		description: "Nothing was sent to DingTalk. Fix the input so that it matches the action's schema.",
	});
}

function readJsonInput(this: IExecuteFunctions, itemIndex: number): unknown {
	const raw = this.getNodeParameter('inputJson', itemIndex, '{}');
	if (typeof raw !== 'string') return raw;
	if (!raw.trim()) return undefined;
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: the field "Input JSON" is not valid JSON`, {
			itemIndex,
			description: `${(error as Error).message}. Nothing was sent to DingTalk.`,
		});
	}
}

function readFieldsInput(this: IExecuteFunctions, itemIndex: number, schema: JsonSchema | undefined) {
	const mappingMode = this.getNodeParameter('parameters.mappingMode', itemIndex, 'defineBelow') as string;
	const values =
		mappingMode === 'autoMapInputData'
			? this.getInputData()[itemIndex]?.json
			: (this.getNodeParameter('parameters.value', itemIndex, {}) as Record<string, unknown> | null);
	const { input, problems } = mapperValuesToInput(schema, values);
	if (problems.length) throw inputError(this, itemIndex, problems);
	return input;
}

/** The input of one item, checked against the action's schema before anything is sent. */
function readInput(this: IExecuteFunctions, itemIndex: number, schema: JsonSchema | undefined): IDataObject {
	const mode = this.getNodeParameter('inputMode', itemIndex, 'fields') as string;
	const input = mode === 'json' ? readJsonInput.call(this, itemIndex) : readFieldsInput.call(this, itemIndex, schema);
	if (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input)) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: the field "Input JSON" must hold a JSON object, not ${input === undefined ? 'nothing' : Array.isArray(input) ? 'an array' : typeof input === 'object' ? 'null' : `a ${typeof input}`}`,
			{ itemIndex, description: 'Nothing was sent to DingTalk. An expression may have resolved to nothing.' },
		);
	}
	const problems = validateInput(schema, input);
	if (problems.length) throw inputError(this, itemIndex, problems);
	return input as IDataObject;
}

function readInstanceKey(this: IExecuteFunctions, options: IDataObject, itemIndex: number): string {
	if (options.instanceKey === undefined || options.instanceKey === '') {
		return deriveInstanceKey({ workflowId: this.getWorkflow().id, nodeId: this.getNode().id, nodeName: this.getNode().name });
	}
	const { key, problem } = validateInstanceKey(String(options.instanceKey));
	if (key === undefined) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: the option "Instance Key" ${problem}`, { itemIndex });
	}
	return key;
}

/** The consent link of an action the organisation has not authorised, from its connector's action list. */
async function findAuthorityUrl(
	this: IExecuteFunctions,
	connectAssetUri: string,
	itemIndex: number,
): Promise<string | undefined> {
	try {
		return (await findListedAction.call(this, connectAssetUri, itemIndex))?.authorityUrl;
	} catch {
		// The link only helps the error at hand: failing to find it must not replace that error.
		return undefined;
	}
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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const connectAssetUri = readConnectAssetUri.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { inputSchema } = await getActionDetail.call(this, connectAssetUri, itemIndex);
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
			shouldCancel: () => isRunStopping(this),
			findAuthorityUrl: async () => await findAuthorityUrl.call(this, connectAssetUri, itemIndex),
		});

	const generation = await ensureInstance.call(this, connectAssetUri, instanceKey, itemIndex);
	let answer: IDataObject;
	try {
		answer = await invoke();
	} catch (error) {
		// 4004: the instance is gone (deleted, or created under another app); nothing ran, so create it and retry once.
		if (getDingTalkErrorCode(error) !== '4004') throw new NodeApiError(this.getNode(), error as JsonObject);
		await recreateInstance.call(this, connectAssetUri, instanceKey, generation, itemIndex);
		answer = await invoke();
	}

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
