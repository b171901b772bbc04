import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'crypto';

/** Why a callback could not be opened. Each kind maps to one log line; none carries a secret. */
export type CryptoFailure =
	| 'bad AES key'
	| 'signature mismatch'
	| 'bad ciphertext'
	| 'bad padding'
	| 'length past the end'
	| 'wrong closing key';

export type CryptoResult<T> = { ok: true; value: T } | { ok: false; reason: CryptoFailure };

// DingTalk pads to 32-byte blocks (its Java PKCS7Padding), not AES's 16.
const PAD_BLOCK = 32;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;

/** The 32-byte AES key behind the console's 43-character EncodingAESKey, or null for anything else. */
export function aesKeyFrom(encodingAesKey: string): Buffer | null {
	if (!ENCODING_AES_KEY.test(encodingAesKey)) return null;
	const key = Buffer.from(`${encodingAesKey}=`, 'base64');
	return key.length === 32 ? key : null;
}

/** sha1 over the lexicographically sorted, unseparated [token, timestamp, nonce, encrypt], as hex. */
export function callbackSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
	return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Timing-safe comparison; strings of different length never match. */
export function sameText(expected: string, received: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(received, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

export function signatureMatches(
	token: string,
	timestamp: string,
	nonce: string,
	encrypt: string,
	received: string,
): boolean {
	return sameText(callbackSignature(token, timestamp, nonce, encrypt), received.toLowerCase());
}

function unpad(plain: Buffer): Buffer | null {
	if (plain.length === 0) return null;
	const pad = plain[plain.length - 1];
	if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) return null;
	for (let i = plain.length - pad; i < plain.length; i++) {
		if (plain[i] !== pad) return null;
	}
	return plain.subarray(0, plain.length - pad);
}

/**
 * Opens DingTalk's `encrypt` field: AES-256-CBC (IV = key[0..16]) over
 * random(16) + length(4, big-endian) + message + closing key + 32-byte PKCS#7 padding.
 * The closing key (appKey, suiteKey or corpId) must equal `ownerKey` exactly.
 */
export function decryptMessage(aesKey: Buffer, encrypt: string, ownerKey: string): CryptoResult<string> {
	const cipherText = Buffer.from(encrypt, 'base64');
	if (cipherText.length === 0 || cipherText.length % 16 !== 0) return { ok: false, reason: 'bad ciphertext' };
	let plain: Buffer;
	try {
		const decipher = createDecipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16));
		decipher.setAutoPadding(false);
		plain = Buffer.concat([decipher.update(cipherText), decipher.final()]);
	} catch {
		return { ok: false, reason: 'bad ciphertext' };
	}
	const content = unpad(plain);
	if (content === null) return { ok: false, reason: 'bad padding' };
	if (content.length < RANDOM_BYTES + LENGTH_BYTES) return { ok: false, reason: 'length past the end' };
	const length = content.readUInt32BE(RANDOM_BYTES);
	const start = RANDOM_BYTES + LENGTH_BYTES;
	if (length > content.length - start) return { ok: false, reason: 'length past the end' };
	const closingKey = content.subarray(start + length);
	if (!sameBytes(closingKey, Buffer.from(ownerKey, 'utf8'))) return { ok: false, reason: 'wrong closing key' };
	return { ok: true, value: content.subarray(start, start + length).toString('utf8') };
}

function sameBytes(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && timingSafeEqual(a, b);
}

/** The reverse of decryptMessage, with 16 fresh random bytes from crypto. */
export function encryptMessage(aesKey: Buffer, message: string, ownerKey: string): string {
	const body = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(LENGTH_BYTES);
	length.writeUInt32BE(body.length, 0);
	const content = Buffer.concat([randomBytes(RANDOM_BYTES), length, body, Buffer.from(ownerKey, 'utf8')]);
	const pad = PAD_BLOCK - (content.length % PAD_BLOCK);
	const padded = Buffer.concat([content, Buffer.alloc(pad, pad)]);
	const cipher = createCipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

export interface CallbackReply {
	msg_signature: string;
	timeStamp: string;
	nonce: string;
	encrypt: string;
}

/** The encrypted "success" DingTalk expects, echoing the request's timestamp and nonce. */
export function successReply(
	keys: { token: string; aesKey: Buffer; ownerKey: string },
	timestamp: string,
	nonce: string,
): CallbackReply {
	const encrypt = encryptMessage(keys.aesKey, 'success', keys.ownerKey);
	return {
		msg_signature: callbackSignature(keys.token, timestamp, nonce, encrypt),
		timeStamp: timestamp,
		nonce,
		encrypt,
	};
}
