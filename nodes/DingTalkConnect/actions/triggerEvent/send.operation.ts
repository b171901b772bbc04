import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { dingTalkApiRequest } from '../../transport';
import { operationDescription, optionsCollection } from '../common.descriptions';
import { itemMessage } from '../itemMessage';

export const SYNC_DATA_PATH = '/v1.0/connector/triggers/data/sync';

const properties: INodeProperties[] = [
	{
		displayName: 'App ID',
		name: 'appId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 12345',
		description: "The ID of the connector provider's app that owns the trigger",
	},
	{
		displayName: 'Trigger ID',
		name: 'triggerId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. G-TRIGGER-xxxx',
		description: 'The trigger (event) of your connector that this data fires',
	},
	{
		displayName: 'Data',
		name: 'data',
		type: 'json',
		default: '{}',
		required: true,
		description: "The event's data as a JSON object, matching the trigger's schema",
	},
	{
		displayName: 'Data Action',
		name: 'dataAction',
		type: 'options',
		default: 'add',
		description: 'What happened to the record',
		options: [
			{ name: 'Add', value: 'add' },
			{ name: 'Update', value: 'update' },
			{ name: 'Delete', value: 'delete' },
		],
	},
	optionsCollection([
		{
			displayName: 'Created At',
			name: 'dataGmtCreate',
			type: 'dateTime',
			default: '',
			description: 'When the record was created. Defaults to now.',
		},
		{
			displayName: 'Custom Trigger ID',
			name: 'customTriggerId',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Integration Object',
			name: 'integrationObject',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Modified At',
			name: 'dataGmtModified',
			type: 'dateTime',
			default: '',
			description: 'When the record was last modified. Defaults to now.',
		},
		{
			displayName: 'Trigger Condition',
			name: 'triggerCondition',
			type: 'json',
			default: '{}',
			description: 'Conditions the subscribed flows may filter on, as a JSON object',
		},
	]),
];

export const description = operationDescription('triggerEvent', 'send', properties);

function jsonObjectParameter(
	context: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
): IDataObject {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value || '{}');
		} catch {
			throw new NodeOperationError(context.getNode(), itemMessage(context, itemIndex, `the field "${field}" is not valid JSON`), {
				itemIndex,
			});
		}
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(context.getNode(), itemMessage(context, itemIndex, `the field "${field}" must be a JSON object`), {
			itemIndex,
		});
	}
	return parsed as IDataObject;
}

function toEpochMs(context: IExecuteFunctions, value: unknown, field: string, itemIndex: number): number {
	if (value === undefined || value === null || value === '') return Date.now();
	const ms = typeof value === 'number' ? value : Date.parse(String(value));
	if (!Number.isFinite(ms)) {
		throw new NodeOperationError(context.getNode(), itemMessage(context, itemIndex, `the field "${field}" is not a date`), {
			itemIndex,
		});
	}
	return ms;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, signal?: AbortSignal): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const required = (name: string, label: string) => {
		const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
		if (!value) {
			throw new NodeOperationError(this.getNode(), itemMessage(this, itemIndex, `the field "${label}" is empty`), { itemIndex });
		}
		return value;
	};
	const appId = required('appId', 'App ID');
	const triggerId = required('triggerId', 'Trigger ID');
	const data = jsonObjectParameter(this, this.getNodeParameter('data', itemIndex), 'Data', itemIndex);

	const triggerData: IDataObject = {
		triggerId,
		jsonData: JSON.stringify(data),
		action: this.getNodeParameter('dataAction', itemIndex) as string,
		dataGmtCreate: toEpochMs(this, options.dataGmtCreate, 'Created At', itemIndex),
		dataGmtModified: toEpochMs(this, options.dataGmtModified, 'Modified At', itemIndex),
	};
	if (options.customTriggerId) triggerData.customTriggerId = options.customTriggerId;
	if (options.integrationObject) triggerData.integrationObject = options.integrationObject;
	if (options.triggerCondition !== undefined) {
		const condition = jsonObjectParameter(this, options.triggerCondition, 'Trigger Condition', itemIndex);
		if (Object.keys(condition).length) triggerData.triggerCondition = JSON.stringify(condition);
	}

	const answer = await dingTalkApiRequest.call(this, {
		method: 'POST',
		path: SYNC_DATA_PATH,
		body: { appId, triggerDataList: [triggerData] },
		kind: 'write',
		itemIndex,
		signal,
	});
	const result = ((answer.list as IDataObject[] | undefined) ?? [])[0] ?? {};
	if (result.success === false) {
		throw new NodeApiError(this.getNode(), result as JsonObject, {
			message: `DingTalk did not accept the event (${String(result.subErrCode ?? 'unknown')})`,
			description: String(result.subErrMsg ?? 'The trigger data was refused.'),
			itemIndex,
		});
	}
	return { triggerId, action: triggerData.action, ...result };
}
