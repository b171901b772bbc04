// One HTTP event callback as DingTalk sends it: the signed query and the `{encrypt}` body, in each
// variant of parameter names and timestamp unit, with the faults the emulator can inject.
import { randomBytes } from 'node:crypto';
import { encryptForApp, randomAlphanumeric, signCallback, type CallbackApp } from './crypto';

/** Parameter names and timestamp unit differ between DingTalk's flows (the crypto README reads all four names). */
export interface CallbackVariant {
	signatureParam?: 'signature' | 'msg_signature';
	timestampParam?: 'timestamp' | 'timeStamp';
	timestampUnit?: 'seconds' | 'milliseconds';
}

export const CALLBACK_FAULT_KINDS = [
	/** The signature is one hex digit off. */
	'badSignature',
	/** No signature parameter at all. */
	'missingSignature',
	/** The plaintext closes with another app's key (DingTalk error 900010 on the receiving side). */
	'wrongOwnerKey',
	/** Encrypted with another EncodingAESKey, signed correctly: decrypts to noise. */
	'wrongAesKey',
	/** The cipher text loses its last AES block, then is signed as sent. */
	'truncatedCipher',
	/** The cipher text has characters outside base64, then is signed as sent. */
	'badBase64',
	/** A correctly signed request whose timestamp is two days old. */
	'staleTimestamp',
	/** The body is not JSON. */
	'bodyNotJson',
	/** After the event's own request(s), the last request is sent again byte for byte. */
	'replay',
] as const;
export type CallbackFaultKind = (typeof CALLBACK_FAULT_KINDS)[number];

export interface CallbackRequest {
	query: Record<string, string>;
	body: string;
	/** The values signed, kept to judge whether a reply echoed them. */
	timestamp: string;
	nonce: string;
}

const STALE_BY_MS = 2 * 24 * 3600 * 1000;

function timestampFor(unit: CallbackVariant['timestampUnit'], now: number): string {
	return unit === 'milliseconds' ? String(now) : String(Math.floor(now / 1000));
}

function otherAesKey(): string {
	return randomAlphanumeric(43);
}

function truncate(encrypt: string): string {
	// Cipher texts are at least 32 bytes (one padding block), so one AES block always remains.
	const bytes = Buffer.from(encrypt, 'base64');
	return bytes.subarray(0, bytes.length - 16).toString('base64');
}

function breakBase64(encrypt: string): string {
	const middle = Math.floor(encrypt.length / 2);
	return `${encrypt.slice(0, middle)}*!${encrypt.slice(middle + 2)}`;
}

function flipLastHexDigit(signature: string): string {
	const last = signature[signature.length - 1];
	return signature.slice(0, -1) + (last === '0' ? '1' : '0');
}

/** Builds the request DingTalk would send for `plaintext` (a `replay` fault is the pusher's, not a request's). */
export function buildCallbackRequest(
	app: CallbackApp,
	plaintext: string,
	variant: CallbackVariant = {},
	fault?: CallbackFaultKind,
	now: number = Date.now(),
): CallbackRequest {
	const timestamp = timestampFor(variant.timestampUnit, fault === 'staleTimestamp' ? now - STALE_BY_MS : now);
	const nonce = randomBytes(6).toString('hex');
	let encrypt: string;
	if (fault === 'wrongOwnerKey') encrypt = encryptForApp({ aesKey: app.aesKey, ownerKey: `${app.ownerKey}x` }, plaintext);
	else if (fault === 'wrongAesKey') encrypt = encryptForApp({ aesKey: otherAesKey(), ownerKey: app.ownerKey }, plaintext);
	else encrypt = encryptForApp(app, plaintext);
	if (fault === 'truncatedCipher') encrypt = truncate(encrypt);
	if (fault === 'badBase64') encrypt = breakBase64(encrypt);

	const signature = signCallback(app.token, timestamp, nonce, encrypt);
	const query: Record<string, string> = {};
	if (fault !== 'missingSignature') {
		query[variant.signatureParam ?? 'signature'] = fault === 'badSignature' ? flipLastHexDigit(signature) : signature;
	}
	query[variant.timestampParam ?? 'timestamp'] = timestamp;
	query.nonce = nonce;
	const body = fault === 'bodyNotJson' ? `encrypt=${encrypt}` : JSON.stringify({ encrypt });
	return { query, body, timestamp, nonce };
}
