import type { IDataObject } from 'n8n-workflow';

import { isLoopbackHost } from '../../DingTalkConnect/transport/baseUrl';
import { isDataObject } from '../../events/event';

export const CONNECTION_OPEN_PATH = '/v1.0/gateway/connections/open';
export const ROBOT_MESSAGE_TOPIC = '/v1.0/im/bot/messages/get';
export const STREAM_UA = 'n8n-nodes-dingtalk-connect/0.1';

export interface StreamSubscription {
	type: 'EVENT' | 'CALLBACK';
	topic: string;
}

/** The body of POST /v1.0/gateway/connections/open. EVENT only takes `*`: events are chosen in the console. */
export function connectionOpenBody(options: { clientId: string; clientSecret: string; robotMessages: boolean }): IDataObject {
	const subscriptions: StreamSubscription[] = [{ type: 'EVENT', topic: '*' }];
	if (options.robotMessages) subscriptions.push({ type: 'CALLBACK', topic: ROBOT_MESSAGE_TOPIC });
	return {
		clientId: options.clientId,
		clientSecret: options.clientSecret,
		subscriptions: subscriptions as unknown as IDataObject[],
		ua: STREAM_UA,
	};
}

export type AnswerFailure = 'no endpoint' | 'no ticket' | 'endpoint not wss';

export type AnswerCheck = { ok: true; url: string } | { ok: false; reason: AnswerFailure };

/** Reads `{endpoint, ticket}` into the socket URL. The ticket lasts 90 s and opens one connection. */
export function readConnectionAnswer(answer: unknown): AnswerCheck {
	const body = isDataObject(answer) ? answer : {};
	const endpoint = typeof body.endpoint === 'string' ? body.endpoint.trim() : '';
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		return { ok: false, reason: 'no endpoint' };
	}
	// Plain ws:// only to this machine (a local emulator), as the Base URL allows plain http://.
	const secure = url.protocol === 'wss:' || (url.protocol === 'ws:' && isLoopbackHost(url.hostname));
	if (!secure || url.username !== '' || url.password !== '') return { ok: false, reason: 'endpoint not wss' };
	const ticket = typeof body.ticket === 'string' ? body.ticket.trim() : '';
	if (ticket === '') return { ok: false, reason: 'no ticket' };
	url.searchParams.set('ticket', ticket);
	return { ok: true, url: url.toString() };
}

export interface ReconnectPolicy {
	baseMs: number;
	capMs: number;
	/** A connection open this long without a frame still counts as established: the next wait is `baseMs` again. */
	stableMs: number;
}

/** min(base·2^n, cap), spread by ±20 % so that many clients do not retry in step. */
export function reconnectDelay(attempt: number, policy: Pick<ReconnectPolicy, 'baseMs' | 'capMs'>, random: () => number): number {
	const exponential = Math.min(policy.baseMs * 2 ** Math.min(attempt, 30), policy.capMs);
	const jitter = 0.8 + 0.4 * Math.min(Math.max(random(), 0), 1);
	return Math.round(Math.min(exponential * jitter, policy.capMs));
}
