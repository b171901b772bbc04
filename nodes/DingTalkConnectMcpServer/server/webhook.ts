import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isPlainObject } from '../../DingTalkConnect/helpers/jsonSchema';
import { settle } from '../../DingTalkConnect/helpers/settle';
import { challengeFor, checkAuthentication, type AuthenticationMode, type ExpectedAuthentication } from '../helpers/authentication';
import { answerMessage, type McpAnswer } from '../protocol/dispatch';
import { rpcError, RPC_ERROR } from '../protocol/jsonRpc';
import { dingTalkToolServer } from './toolServer';

/** Larger bodies are refused before anything is read: a tools/call's arguments fit in far less. */
export const MAX_BODY_BYTES = 1024 * 1024;

// JSON-RPC's range for server errors: the HTTP status says what happened, the code keeps clients parsing.
const SERVER_ERROR = -32000;

export const BEARER_CREDENTIAL = 'dingTalkConnectMcpBearerApi';
export const HEADER_CREDENTIAL = 'dingTalkConnectMcpHeaderApi';

async function expectedAuthentication(this: IWebhookFunctions, mode: AuthenticationMode): Promise<ExpectedAuthentication> {
	if (mode === 'none') return { mode };
	const field = (data: IDataObject, name: string) => (typeof data[name] === 'string' ? (data[name] as string) : '');
	if (mode === 'headerAuth') {
		const data = await this.getCredentials(HEADER_CREDENTIAL);
		return { mode, name: field(data, 'name'), value: field(data, 'secret') };
	}
	return { mode: 'bearerAuth', token: field(await this.getCredentials(BEARER_CREDENTIAL), 'token') };
}

function readMode(value: unknown): AuthenticationMode {
	return value === 'none' || value === 'headerAuth' ? value : 'bearerAuth';
}

function bodySize(context: IWebhookFunctions, body: unknown): number {
	const declared = Number(context.getHeaderData()['content-length']);
	return Number.isFinite(declared) && declared > 0 ? declared : Buffer.byteLength(JSON.stringify(body ?? null), 'utf8');
}

function send(context: IWebhookFunctions, status: number, body?: unknown, headers: Record<string, string> = {}): IWebhookResponseData {
	const response = context.getResponseObject();
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	if (body === undefined) response.status(status).end();
	else response.status(status).json(body);
	return { noWebhookResponse: true };
}

/** The execution's item for a tools/call: which tool and action, the arguments, the outcome and how long it took. */
async function callItem(answer: McpAnswer, server: ReturnType<typeof dingTalkToolServer>, id: unknown): Promise<IDataObject> {
	const call = answer.call as NonNullable<McpAnswer['call']>;
	const entry = call.outcome === 'refused' ? undefined : await server.entryFor(call.tool);
	return {
		tool: call.tool,
		arguments: call.arguments as IDataObject,
		outcome: call.outcome,
		...(call.message === undefined ? {} : { message: call.message }),
		durationMs: call.durationMs,
		...(entry ? { action: { name: entry.action.name, connector: entry.connector.name, connectAssetUri: entry.action.connectAssetUri } } : {}),
		requestId: id as IDataObject['requestId'],
	};
}

/**
 * One HTTP request to the server's URL: authenticated first (401 with a challenge, nothing run), then
 * POST only (no SSE stream, no sessions: GET and DELETE get 405), a bounded body, one JSON-RPC message.
 * A tools/call also starts an execution recording it.
 */
export async function answerMcpRequest(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const node = this.getNode();
	const refuse = (reason: string) => this.logger.warn(`DingTalk Connect MCP Server refused a request: ${reason}`, { node: node.name });
	const mode = readMode(this.getNodeParameter('authentication', 'bearerAuth'));
	const expected = await settle(expectedAuthentication.call(this, mode));
	const auth = expected.ok ? checkAuthentication(this.getHeaderData(), expected.value) : { ok: false as const, reason: 'the credential could not be read' };
	if (!auth.ok) {
		refuse(auth.reason);
		return send(this, 401, rpcError(null, SERVER_ERROR, 'Unauthorized'), { 'WWW-Authenticate': challengeFor(mode) });
	}
	const method = this.getRequestObject().method;
	if (method !== 'POST') {
		return send(this, 405, rpcError(null, SERVER_ERROR, `Method not allowed: ${method}. This server takes JSON-RPC messages by POST (no SSE stream, no sessions)`), { Allow: 'POST' });
	}
	const body = this.getBodyData() as unknown;
	if (bodySize(this, body) > MAX_BODY_BYTES) {
		refuse('body larger than 1 MiB');
		return send(this, 413, rpcError(null, RPC_ERROR.invalidRequest, `The body is larger than ${MAX_BODY_BYTES} bytes`));
	}
	const id = isPlainObject(body) && (typeof body.id === 'string' || typeof body.id === 'number') ? body.id : null;
	const server = dingTalkToolServer.call(this);
	const answered = await settle(answerMessage(server, body));
	if (!answered.ok) {
		const message = answered.error instanceof Error ? answered.error.message : 'unknown error';
		this.logger.error(`DingTalk Connect MCP Server could not answer: ${message}`, { node: node.name });
		return send(this, 500, rpcError(id, RPC_ERROR.internalError, `The server could not answer: ${message}`));
	}
	const answer = answered.value;
	if (answer.status === 400) refuse(`invalid JSON-RPC message (${answer.body && 'error' in answer.body ? answer.body.error.message : ''})`);
	send(this, answer.status, answer.body);
	if (!answer.call) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [[{ json: await callItem(answer, server, id) }]] };
}
