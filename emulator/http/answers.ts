// What an API handler answers, and the error bodies DingTalk's gateway and the Connect platform use.

import type { EmulatorConfig } from '../types';
import { isRecord } from '../jsonValues';

export interface Answer {
	status: number;
	json?: unknown;
	text?: string;
	contentType?: string;
	/** Whether the call had its effect (counted under `executed`). */
	executed?: boolean;
}

export type ConnectCode = '4001' | '4003' | '4004';

// Our choice: the real HTTP statuses that carry 4001/4003/4004 are unknown (4004's is `notFoundStatus`).
const CONNECT_STATUS: Record<Exclude<ConnectCode, '4004'>, number> = { '4001': 400, '4003': 403 };

export function errorBody(requestId: string, code: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { code, message, requestid: requestId, ...extra };
}

/** A gateway-style 400 with DingTalk's error code. */
export function badRequest(requestId: string, code: string, message: string): Answer {
	return { status: 400, json: errorBody(requestId, code, message) };
}

export function connectError(config: EmulatorConfig, requestId: string, code: ConnectCode, message: string): Answer {
	if (config.connectErrorCarrier === 'errorCode') {
		return { status: 200, json: { errorCode: code, errorMessage: message, outputJson: '', instanceId: '', cost: 0 } };
	}
	if (code === '4004') return { status: config.notFoundStatus, json: errorBody(requestId, config.notFoundCode, message) };
	return { status: CONNECT_STATUS[code], json: errorBody(requestId, code, message) };
}

/** CreateInvocableInstance for an instance that exists, when `secondCreation` is an error. */
export function alreadyExists(secondCreation: { status: number; code?: string }, requestId: string, message: string): Answer {
	const json = secondCreation.code === undefined ? { message, requestid: requestId } : errorBody(requestId, secondCreation.code, message);
	return { status: secondCreation.status, json };
}

const CAPITALISED: Record<string, string> = { code: 'Code', message: 'Message', requestid: 'RequestId' };

/** The body as sent: an error body's keys spelt as `errorKeys` says (other keys untouched, order kept). */
export function spellErrorKeys(config: EmulatorConfig, answer: Answer): unknown {
	if (config.errorKeys === 'lower' || answer.status < 400 || !isRecord(answer.json)) return answer.json;
	return Object.fromEntries(Object.entries(answer.json).map(([key, value]) => [CAPITALISED[key] ?? key, value]));
}

export function invalidAuthentication(config: EmulatorConfig, requestId: string): Answer {
	return { status: config.expiredTokenStatus, json: errorBody(requestId, 'InvalidAuthentication', '不合法的access_token (the access token is invalid or expired)') };
}
