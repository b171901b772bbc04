import type { IDataObject } from 'n8n-workflow';

import { isDataObject } from '../../events/event';

/** Why a callback request was refused before decryption. */
export type RequestFailure =
	| 'missing signature'
	| 'missing timestamp'
	| 'missing nonce'
	| 'bad timestamp'
	| 'stale timestamp'
	| 'missing encrypt'
	| 'encrypt too large'
	| 'encrypt not base64';

export interface CallbackRequest {
	signature: string;
	timestamp: string;
	nonce: string;
	encrypt: string;
	/** The query without its signature, passed on as the event's headers. */
	headers: IDataObject;
}

export type RequestCheck = { ok: true; request: CallbackRequest } | { ok: false; reason: RequestFailure };

export const MAX_ENCRYPT_LENGTH = 1024 * 1024;
const SIGNATURE = /^[0-9a-fA-F]{40}$/;
const TIMESTAMP = /^\d{1,16}$/;
const NONCE = /^[\x21-\x7e]{1,128}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A query value that is one plain string; repeated parameters arrive as arrays and are refused. */
function single(query: IDataObject, ...names: string[]): string | undefined {
	for (const name of names) {
		const value = query[name];
		if (value === undefined) continue;
		return typeof value === 'string' ? value : '';
	}
	return undefined;
}

/**
 * Reads a callback request. DingTalk's flows disagree on the names: `msg_signature` or `signature`,
 * `timeStamp` or `timestamp`; both are accepted. The body is `{"encrypt": "<base64>"}`.
 */
export function readCallbackRequest(query: unknown, body: unknown): RequestCheck {
	const params = isDataObject(query) ? query : {};
	const signature = single(params, 'msg_signature', 'signature');
	if (signature === undefined || !SIGNATURE.test(signature)) return { ok: false, reason: 'missing signature' };
	const timestamp = single(params, 'timeStamp', 'timestamp');
	if (timestamp === undefined || timestamp === '') return { ok: false, reason: 'missing timestamp' };
	if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'bad timestamp' };
	const nonce = single(params, 'nonce');
	if (nonce === undefined || !NONCE.test(nonce)) return { ok: false, reason: 'missing nonce' };

	const encrypt = isDataObject(body) ? body.encrypt : undefined;
	if (typeof encrypt !== 'string' || encrypt === '') return { ok: false, reason: 'missing encrypt' };
	if (encrypt.length > MAX_ENCRYPT_LENGTH) return { ok: false, reason: 'encrypt too large' };
	if (encrypt.length % 4 !== 0 || !BASE64.test(encrypt)) return { ok: false, reason: 'encrypt not base64' };

	const headers: IDataObject = {};
	for (const [name, value] of Object.entries(params)) {
		if (name === 'msg_signature' || name === 'signature') continue;
		if (typeof value === 'string') headers[name] = value;
	}
	return { ok: true, request: { signature, timestamp, nonce, encrypt, headers } };
}

/** DingTalk's timestamp is seconds in its docs and milliseconds in its test vectors. */
export function timestampMs(timestamp: string): number {
	const value = Number(timestamp);
	return timestamp.length >= 12 ? value : value * 1000;
}

/** DingTalk publishes no replay window for callbacks; this bounds how long a captured request stays usable. */
export function isFresh(timestamp: string, nowMs: number, windowMs: number): boolean {
	return Math.abs(nowMs - timestampMs(timestamp)) <= windowMs;
}
