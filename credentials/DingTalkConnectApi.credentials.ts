import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../nodes/DingTalkConnect/transport/baseUrl';
import { fetchAccessToken } from '../nodes/DingTalkConnect/transport/token';

export class DingTalkConnectApi implements ICredentialType {
	name = 'dingTalkConnectApi';

	displayName = 'DingTalk Connect API';

	icon: Icon = {
		light: 'file:../icons/dingtalkConnect.svg',
		dark: 'file:../icons/dingtalkConnect.dark.svg',
	};

	documentationUrl = 'https://open.dingtalk.com/document/orgapp/connection-platform-overview';

	properties: INodeProperties[] = [
		{
			displayName: 'App Type',
			name: 'appType',
			type: 'options',
			options: [
				{
					name: 'Enterprise Internal App',
					value: 'internal',
					description: "An app created by your own organisation (App Key and App Secret)",
				},
				{
					name: 'Third-Party App',
					value: 'thirdParty',
					description: 'A third-party (ISV) or customised app acting for one authorising organisation',
				},
			],
			default: 'internal',
		},
		{
			displayName: 'App Key',
			name: 'appKey',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. dingxxxxxxxxxxxxxxxx',
			hint: 'DingTalk developer console → your app → Credentials & Basic Info',
			displayOptions: { show: { appType: ['internal'] } },
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'DingTalk developer console → your app → Credentials & Basic Info',
			displayOptions: { show: { appType: ['internal'] } },
		},
		{
			displayName: 'Suite Key',
			name: 'suiteKey',
			type: 'string',
			default: '',
			required: true,
			hint: 'DingTalk developer console → your third-party app → Basic Info',
			displayOptions: { show: { appType: ['thirdParty'] } },
		},
		{
			displayName: 'Suite Secret',
			name: 'suiteSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'DingTalk developer console → your third-party app → Basic Info',
			displayOptions: { show: { appType: ['thirdParty'] } },
		},
		{
			displayName: 'Authorising Corp ID',
			name: 'authCorpId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. ding0123456789abcdef',
			hint: 'The corpId of the organisation that installed the app, sent by DingTalk in the org_suite_auth event',
			displayOptions: { show: { appType: ['thirdParty'] } },
		},
		{
			displayName: 'Suite Ticket',
			name: 'suiteTicket',
			type: 'string',
			default: '',
			hint: 'DingTalk pushes a new ticket to your app about every 5 hours (event suite_ticket). An active DingTalk Connect Trigger on this credential keeps it up to date by itself; otherwise paste the latest. A customised app accepts any value, e.g. Test.',
			displayOptions: { show: { appType: ['thirdParty'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			required: true,
			description:
				"DingTalk's API host. Use https://pre-api.dingtalk.com for DingTalk's pre-release environment, or a local emulator. Plain http:// is only accepted for localhost, 127.0.0.1 and [::1].",
		},
		{
			displayName: 'Event Token',
			name: 'eventToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for the DingTalk Connect Trigger (HTTP callback): signs every pushed event',
			hint: 'DingTalk developer console → your app → Events & Callbacks → Event Subscription → HTTP push → Token',
		},
		{
			displayName: 'Event AES Key',
			name: 'eventAesSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for the DingTalk Connect Trigger (HTTP callback): the 43-character key that encrypts every pushed event',
			hint: 'DingTalk developer console → your app → Events & Callbacks → Event Subscription → HTTP push → EncodingAESKey (aes_key)',
		},
		{
			displayName: 'Event Closing Key',
			name: 'eventOwnerKey',
			type: 'options',
			options: [
				{
					name: 'App Key or Suite Key (Event Subscription)',
					value: 'appKey',
					description: "The app's App Key for an internal app, its Suite Key for a third-party app",
				},
				{
					name: 'Corp ID (Legacy Callback Registration)',
					value: 'corpId',
					description: 'For callbacks registered with the legacy register_call_back API',
				},
			],
			default: 'appKey',
			description: 'The ID that DingTalk appends to every encrypted event, checked after decryption',
		},
		{
			displayName: 'Event Corp ID',
			name: 'eventCorpId',
			type: 'string',
			default: '',
			placeholder: 'e.g. ding0123456789abcdef',
			hint: "Your organisation's corpId, shown in the DingTalk developer console's top-right corner",
			displayOptions: { show: { eventOwnerKey: ['corpId'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// When DingTalk pushed the Suite Ticket stored above (ms); a ticket typed later is kept until a newer push.
			displayName: 'Suite Ticket Received At',
			name: 'suiteTicketReceivedAt',
			type: 'hidden',
			default: '',
		},
		{
			// Which app and base URL the stored token was issued for: a token of an edited credential's old app is never sent.
			displayName: 'Issued For',
			name: 'issuedFor',
			type: 'hidden',
			default: '',
		},
	];

	/**
	 * Runs when the stored token is empty, refused, or issued for the app the credential pointed at
	 * before an edit: fetches the token of the chosen mode and binds it to the current app.
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		return await fetchAccessToken.call(this, credentials);
	}

	/**
	 * A function, not a generic `={{$credentials.accessToken}}`: n8n resolves such expressions only while
	 * it holds an expression isolate (inside an execution), and the triggers call DingTalk outside one
	 * (e.g. to renew the token with a pushed suite ticket).
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
		return { ...requestOptions, headers: { ...requestOptions.headers, 'x-acs-dingtalk-access-token': token } };
	}

	// A cheap read that any app with the Connect Platform scope may make.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
			url: '/v1.0/connector/assets/connectors',
			method: 'GET',
			qs: { type: 'self_built', maxResults: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"DingTalk refused the call: the app lacks the Connect Platform permission scope, n8n's IP is not in the app's allow-list, or DingTalk is rate-limiting the app",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message: 'DingTalk did not accept the access token (InvalidAuthentication): check the credential fields',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'DingTalk did not accept the access token (InvalidAuthentication): check the credential fields',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: "Base URL does not point at DingTalk's API: use https://api.dingtalk.com",
				},
			},
		],
	};
}
