// The real trigger nodes inside n8n-core's own WebhookContext and TriggerContext, reached over real
// HTTP on 127.0.0.1: a stand-in for n8n's webhook endpoint, and a stand-in for DingTalk's Stream gateway.
import { createServer, type IncomingMessage } from 'http';

import { TriggerContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IRun,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	ITriggerFunctions,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { DingTalkConnectApi } from '../../../credentials/DingTalkConnectApi.credentials';
import { DingTalkConnectStreamTrigger } from '../../../nodes/DingTalkConnectStreamTrigger/DingTalkConnectStreamTrigger.node';
import { DingTalkConnectTrigger } from '../../../nodes/DingTalkConnectTrigger/DingTalkConnectTrigger.node';
import { N8nHarness } from '../../harness';
import { close, listen, oneNodeWorkflow, readBody, startWebhookStandIn, type OneNodeWorkflow, type WebhookStandIn } from '../../harness/webhookStandIn';

/** What a trigger's emit asks n8n to settle when the execution ends. */
export type DonePromise = NonNullable<Parameters<ITriggerFunctions['emit']>[2]>;

export const CREDENTIAL_ID = 'cred-1';

export function makeHarness(credentials: ICredentialDataDecryptedObject): N8nHarness {
	const harness = new N8nHarness({
		nodeTypes: {
			dingTalkConnectTrigger: new DingTalkConnectTrigger(),
			dingTalkConnectStreamTrigger: new DingTalkConnectStreamTrigger(),
		},
		credentialTypes: { dingTalkConnectApi: new DingTalkConnectApi() },
	});
	harness.setCredential(CREDENTIAL_ID, 'dingTalkConnectApi', credentials);
	return harness;
}

/** A one-node workflow holding the trigger, as n8n builds it on activation (defaults filled in), in `timezone` when given. */
export function triggerWorkflow(harness: N8nHarness, nodeTypeKey: string, parameters: INodeParameters, timezone?: string): OneNodeWorkflow {
	return oneNodeWorkflow(harness, {
		nodeTypeKey,
		nodeName: 'DingTalk Trigger',
		nodeId: 'trigger-node-1',
		workflowId: 'wf-trigger-1',
		workflowName: 'Trigger workflow',
		parameters,
		credentials: { dingTalkConnectApi: CREDENTIAL_ID },
		timezone,
	});
}

export type WebhookServer = WebhookStandIn;

/** Plays n8n's production webhook for the HTTP trigger (the workflow loaded per request, as n8n does). */
export async function startWebhookServer(harness: N8nHarness, parameters: INodeParameters, timezone?: string): Promise<WebhookServer> {
	return await startWebhookStandIn(() => triggerWorkflow(harness, 'dingTalkConnectTrigger', parameters, timezone), 'webhook');
}

export interface GatewayServer {
	url: string;
	requests: Array<{ headers: IncomingMessage['headers']; body: IDataObject }>;
	/** Status to answer the next requests with instead of a ticket. */
	failWith: { status: number; count: number };
	stop(): Promise<void>;
}

/** Plays POST /v1.0/gateway/connections/open: a new ticket for every request. */
export async function startGateway(endpoint: string): Promise<GatewayServer> {
	const requests: GatewayServer['requests'] = [];
	const failWith = { status: 0, count: 0 };
	const server = createServer((req, res) => {
		void (async () => {
			const body = JSON.parse((await readBody(req, 1024 * 1024)) ?? '{}') as IDataObject;
			requests.push({ headers: req.headers, body });
			res.setHeader('Content-Type', 'application/json');
			if (req.method !== 'POST' || req.url !== '/v1.0/gateway/connections/open') {
				res.statusCode = 404;
				res.end('{}');
			} else if (failWith.count > 0) {
				failWith.count--;
				res.statusCode = failWith.status;
				res.end(JSON.stringify({ code: 'InvalidAuthentication', message: 'bad client' }));
			} else {
				res.end(JSON.stringify({ endpoint, ticket: `ticket-${requests.length}` }));
			}
		})();
	});
	const url = await listen(server);
	return { url, requests, failWith, stop: async () => await close(server) };
}

export function triggerContext(
	harness: N8nHarness,
	parameters: INodeParameters,
	mode: WorkflowExecuteMode,
	emitted: INodeExecutionData[][][],
	activation: WorkflowActivateMode = 'activate',
	timezone?: string,
	/** The deduplication key of each emit, in order. */
	keys: Array<string | undefined> = [],
	/**
	 * The promise each emit asks n8n to settle when its execution ends, in order, for the test to settle;
	 * without it each execution ends at once, as a quick one in n8n does.
	 */
	done?: Array<DonePromise | undefined>,
) {
	const { workflow, node, nodeType, additionalData } = triggerWorkflow(harness, 'dingTalkConnectStreamTrigger', parameters, timezone);
	const context = new TriggerContext(workflow, node, additionalData(), mode, activation, (data, _response, donePromise, key) => {
		emitted.push(data);
		keys.push(key);
		if (done) done.push(donePromise);
		else void Promise.resolve().then(() => donePromise?.resolve({} as IRun));
	});
	return { context, nodeType };
}
