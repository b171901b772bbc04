import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** A header (name and secret value) MCP clients must send to the DingTalk Connect MCP Server. */
export class DingTalkConnectMcpHeaderApi implements ICredentialType {
	name = 'dingTalkConnectMcpHeaderApi';

	displayName = 'DingTalk Connect MCP Header Auth API';

	icon: Icon = {
		light: 'file:../icons/dingtalkConnect.svg',
		dark: 'file:../icons/dingtalkConnect.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-dingtalk-connect/n8n-nodes-dingtalk-connect/blob/main/docs/mcp.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Header Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. X-Api-Key',
		},
		{
			displayName: 'Header Value',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The secret MCP clients send in that header. Use a long random value.',
		},
	];
}
