// What an API handler answers, and the error bodies DingTalk's gateway and the Connect platform use.

import type { EmulatorConfig } from '../types';

export interface Answer {
	status: number;
	json?: unknown;
	text?: string;
	contentType?: string;
	/** Whether the call had its effect (counted under `executed`). */
	executed?: boolean;
}

export type ConnectCode = '4001' | '4003' | '4004';

// Our choice: the real HTTP statuses that carry 4001/4003/4004 are unknown.
const CONNECT_STATUS: Record<ConnectCode, number> = { '4001': 400, '4003': 403, '4004': 404 };

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
	return { status: CONNECT_STATUS[code], json: errorBody(requestId, code, message) };
}

export function invalidAuthentication(config: EmulatorConfig, requestId: string): Answer {
	return { status: config.expiredTokenStatus, json: errorBody(requestId, 'InvalidAuthentication', '不合法的access_token (the access token is invalid or expired)') };
}
