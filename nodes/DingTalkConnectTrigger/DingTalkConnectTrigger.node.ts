import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../DingTalkConnect/transport/constants';
import { answerCallback } from './callback/webhook';
import { eventTypesProperties } from '../events/eventTypesProperty';

export class DingTalkConnectTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk Connect Trigger',
		name: 'dingTalkConnectTrigger',
		icon: { light: 'file:../../icons/dingtalkConnect.svg', dark: 'file:../../icons/dingtalkConnect.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1; n8n evaluates an extra expression for every request to a version-1 webhook node
		// (its binary-data check in parseRequestBody), about a tenth of n8n's CPU per callback.
		// 1.2: Event Types is a list of DingTalk's common types; 1 and 1.1 keep their comma-separated text.
		version: [1, 1.1, 1.2],
		subtitle: 'HTTP Callback',
		description: "Starts the workflow on DingTalk events pushed to n8n's webhook URL (encrypted HTTP callback)",
		defaults: { name: 'DingTalk Connect Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'Paste the Production URL above into the DingTalk developer console → your app → Events & Callbacks → Event Subscription → HTTP push, with the Event Token and Event AES Key of the credential. Activate the workflow first: DingTalk checks the URL when you save.',
				name: 'callbackNotice',
				type: 'notice',
				default: '',
			},
			...eventTypesProperties(1.2),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Repeat Check',
						name: 'repeatCheck',
						type: 'options',
						options: [
							{
								name: 'Every Process (Workflow Static Data)',
								value: 'workflow',
								description:
									"Keeps the newest 5,000 accepted events in the workflow's static data, which every webhook process reads: for queue mode with webhook processes, and across restarts. Costs a database write per callback.",
							},
							{
								name: 'This Process Only',
								value: 'process',
								description:
									'Fastest. Remembers accepted events in the memory of the process that took them: a repeat that reaches another webhook process, or comes after a restart, runs again.',
							},
						],
						default: 'process',
						description: 'Where the trigger remembers the events it accepted, so that one DingTalk pushes again starts nothing',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			// The callback URL is registered by hand in DingTalk's console, so there is nothing to create here.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await answerCallback.call(this);
	}
}
