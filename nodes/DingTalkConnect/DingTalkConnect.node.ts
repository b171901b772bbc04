import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { listSearch, resourceMapping } from './methods';

export class DingTalkConnect implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk Connect',
		name: 'dingTalkConnect',
		icon: { light: 'file:../../icons/dingtalkConnect.svg', dark: 'file:../../icons/dingtalkConnect.dark.svg' },
		group: ['transform'],
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			"Run actions of DingTalk Connect Platform connectors: DingTalk's own apps, marketplace apps and the organisation's own systems",
		defaults: { name: 'DingTalk Connect' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dingTalkConnectApi', required: true }],
		...versionDescription,
	};

	methods = { listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
