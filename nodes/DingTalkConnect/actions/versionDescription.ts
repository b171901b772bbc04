import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import * as action from './action';
import * as connector from './connector';
import * as instance from './instance';
import * as triggerEvent from './triggerEvent';

export const versionDescription: INodeTypeDescription = {
	displayName: 'DingTalk Connect',
	name: 'dingTalkConnect',
	icon: { light: 'file:../../icons/dingtalkConnect.svg', dark: 'file:../../icons/dingtalkConnect.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
	description:
		"Run actions of DingTalk Connect Platform connectors (钉钉连接平台): DingTalk's own apps, marketplace apps and the organisation's own systems",
	defaults: { name: 'DingTalk Connect' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'dingTalkConnectApi', required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Action', value: 'action', description: 'An operation of a connector that you can run' },
				{ name: 'Connector', value: 'connector', description: 'A system wrapped by the Connect Platform' },
				{ name: 'Instance', value: 'instance', description: 'The handle through which an action is invoked' },
				{
					name: 'Trigger Event',
					value: 'triggerEvent',
					description: "An event of your own connector's trigger, pushed into DingTalk",
				},
			],
			default: 'action',
		},
		...action.description,
		...connector.description,
		...instance.description,
		...triggerEvent.description,
	],
};
