import type { INodeProperties } from 'n8n-workflow';

export const serverProperties: INodeProperties[] = [
	{
		displayName:
			'Point an MCP client at the Production URL above (Streamable HTTP) and publish the workflow. Each tool call appears as an execution of this workflow.',
		name: 'urlNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'Bearer Auth', value: 'bearerAuth', description: 'Clients send "Authorization: Bearer &lt;token&gt;"' },
			{ name: 'Header Auth', value: 'headerAuth', description: 'Clients send a header of your choice with a secret value' },
			{ name: 'None', value: 'none', description: 'Anyone who knows the URL can run the chosen actions' },
		],
		default: 'bearerAuth',
		description: 'What an MCP client must send; a request without it gets 401 and runs nothing',
	},
	{
		displayName:
			'Without authentication, anyone who can reach this URL can run the chosen DingTalk actions as your app. Use it only on a private network.',
		name: 'noAuthenticationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['none'] } },
	},
	{
		displayName: 'Connector Names or IDs',
		name: 'connectors',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getConnectors' },
		default: [],
		required: true,
		description:
			'The connectors whose actions are offered as tools; no other connector can be reached through this server. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Actions',
		name: 'actionSelection',
		type: 'options',
		options: [
			{ name: 'All', value: 'all', description: "Every action of the chosen connectors that the app may run, including ones added later" },
			{ name: 'Selected', value: 'selected', description: 'Only the actions chosen below' },
		],
		default: 'all',
	},
	{
		displayName: 'Action Names or IDs',
		name: 'actions',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getActions', loadOptionsDependsOn: ['connectors'] },
		default: [],
		displayOptions: { show: { actionSelection: ['selected'] } },
		description:
			'The actions offered as tools. Actions the organisation has not authorised are never offered. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];
