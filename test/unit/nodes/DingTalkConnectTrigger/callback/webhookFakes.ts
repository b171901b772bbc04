import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { CREDENTIALS } from '../helpers/callbackFixtures';

export interface Captured {
	status?: number;
	body?: unknown;
	logs: Array<{ level: string; message: string; meta?: unknown }>;
}

export interface FakeOptions {
	eventTypes?: string;
	/** Node parameters read by path, e.g. `options.repeatCheck`. */
	parameters?: Record<string, unknown>;
	credentials?: IDataObject;
	replyFails?: boolean;
	/** The node's static data as n8n hands it to this request. */
	staticData?: IDataObject;
}

/** The parts of n8n's webhook context the HTTP trigger uses, with what it answered captured. */
export function fakeContext(request: { query: unknown; body: unknown }, options: FakeOptions = {}): { context: IWebhookFunctions; captured: Captured } {
	const captured: Captured = { logs: [] };
	const log = (level: string) => (message: string, meta?: unknown) => captured.logs.push({ level, message, meta });
	const response = {
		status(code: number) {
			captured.status = code;
			return response;
		},
		json(body: unknown) {
			if (options.replyFails) throw new Error('socket closed');
			captured.body = body;
			return response;
		},
	};
	const parameters: Record<string, unknown> = { eventTypes: options.eventTypes ?? '', ...options.parameters };
	const staticData = options.staticData ?? {};
	const context = {
		getCredentials: async () => options.credentials ?? CREDENTIALS,
		getNode: () => ({ id: 'node-1', name: 'DingTalk Connect Trigger' }),
		getWorkflow: () => ({ id: 'wf-1' }),
		getMode: () => 'webhook',
		getQueryData: () => request.query,
		getBodyData: () => request.body,
		getNodeParameter: (name: string, fallback: unknown) => (name in parameters ? parameters[name] : fallback),
		getWorkflowStaticData: (scope: string) => {
			if (scope !== 'node') throw new Error(`unexpected static data scope ${scope}`);
			return staticData;
		},
		getTimezone: () => 'Asia/Shanghai',
		getResponseObject: () => response,
		logger: { warn: log('warn'), info: log('info'), debug: log('debug'), error: log('error') },
	} as unknown as IWebhookFunctions;
	return { context, captured };
}
