import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as action from './actions/action';
import * as connector from './actions/connector';
import * as instance from './actions/instance';
import { router } from './actions/router';
import * as triggerEvent from './actions/triggerEvent';
import { listSearch, resourceMapping } from './methods';

export class DingTalkConnect implements INodeType {
	description: INodeTypeDescription = {
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

	methods = { listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
