import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** The bearer token MCP clients must send to the DingTalk Connect MCP Server (Authorization: Bearer <token>). */
export class DingTalkConnectMcpBearerApi implements ICredentialType {
	name = 'dingTalkConnectMcpBearerApi';

	displayName = 'DingTalk Connect MCP Bearer Token API';

	icon: Icon = {
		light: 'file:../icons/dingtalkConnect.svg',
		dark: 'file:../icons/dingtalkConnect.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-dingtalk-connect/n8n-nodes-dingtalk-connect/blob/main/docs/mcp.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Bearer Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The token MCP clients send as "Authorization: Bearer <token>". Use a long random value, e.g. 32 random bytes in hex.',
		},
	];
}
