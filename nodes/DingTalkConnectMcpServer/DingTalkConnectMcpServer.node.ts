import {
	NodeConnectionTypes,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../DingTalkConnect/transport/constants';
import { serverProperties } from './description';
import { loadOptions } from './methods';
import { answerMcpRequest } from './server/webhook';

// Every method reaches the node, so that GET and DELETE get MCP's 405 and not n8n's 404.
const methodWebhook = (httpMethod: string) =>
	({ name: 'default', httpMethod, responseMode: 'onReceived', path: 'mcp', ndvHideUrl: true, ndvHideMethod: true }) as const;

export class DingTalkConnectMcpServer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk Connect MCP Server',
		name: 'dingTalkConnectMcpServer',
		icon: { light: 'file:../../icons/dingtalkConnect.svg', dark: 'file:../../icons/dingtalkConnect.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'MCP Server',
		description: "Offers DingTalk Connect actions as tools to MCP clients: n8n's MCP Client Tool, Claude Desktop, Cursor",
		defaults: { name: 'DingTalk Connect MCP Server' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: CREDENTIAL_TYPE, required: true },
			{
				name: 'dingTalkConnectMcpBearerApi',
				required: true,
				testedBy: 'mcpClientSecret',
				displayOptions: { show: { authentication: ['bearerAuth'] } },
			},
			{
				name: 'dingTalkConnectMcpHeaderApi',
				required: true,
				testedBy: 'mcpClientSecret',
				displayOptions: { show: { authentication: ['headerAuth'] } },
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'mcp' },
			methodWebhook('GET'),
			methodWebhook('DELETE'),
		],
		properties: serverProperties,
	};

	methods = {
		loadOptions,
		credentialTest: {
			// The secret is checked against requests, not against a service: a test can only say it is usable.
			async mcpClientSecret(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const data = credential.data ?? {};
				const secret = data.token ?? data.secret;
				if (typeof secret !== 'string' || secret.length < 16) {
					return { status: 'Error', message: 'Use a secret of at least 16 characters' };
				}
				if (data.token === undefined && (typeof data.name !== 'string' || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(data.name))) {
					return { status: 'Error', message: 'The header name must be a valid HTTP header name, e.g. X-Api-Key' };
				}
				return { status: 'OK', message: 'The secret is usable' };
			},
		},
	};

	webhookMethods = {
		default: {
			// Clients are pointed at the URL by hand, so there is nothing to register.
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
		return await answerMcpRequest.call(this);
	}
}
