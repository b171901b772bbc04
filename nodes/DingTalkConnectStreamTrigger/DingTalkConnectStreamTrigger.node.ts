import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../DingTalkConnect/transport/constants';
import { eventTypesProperties } from '../events/eventTypesProperty';
import { startStream } from './stream/startStream';

export class DingTalkConnectStreamTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk Connect Stream Trigger',
		name: 'dingTalkConnectStreamTrigger',
		icon: { light: 'file:../../icons/dingtalkConnect.svg', dark: 'file:../../icons/dingtalkConnect.dark.svg' },
		group: ['trigger'],
		// 1.1: Event Types is a list of DingTalk's common types; 1 keeps its comma-separated text.
		version: [1, 1.1],
		subtitle: 'Stream',
		description: "Starts the workflow on DingTalk events received over DingTalk's Stream mode (no public URL needed)",
		defaults: { name: 'DingTalk Connect Stream Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName:
					'In the DingTalk developer console, set your app → Events & Callbacks → Event Subscription to Stream mode and choose the events. Activate this workflow before you press "verify connection" there: DingTalk checks for a connected client.',
				name: 'streamNotice',
				type: 'notice',
				default: '',
			},
			...eventTypesProperties(1.1),
			{
				displayName: 'Include Robot Messages',
				name: 'robotMessages',
				type: 'boolean',
				default: false,
				description: "Whether to also receive messages sent to the app's robot (topic /v1.0/im/bot/messages/get)",
			},
		],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return await startStream.call(this);
	}
}
