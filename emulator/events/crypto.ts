// DingTalk's side of the event-callback crypto (消息体加密解密), written for the emulator from the
// published algorithm: it must not share code with the trigger node, so a bug cannot hide in both.
//   encrypt = base64(AES-256-CBC(random16 + msg_len(4B, big-endian) + msg + ownerKey, PKCS#7 to 32 bytes))
//   key = base64decode(EncodingAESKey + '='), IV = key[0..16]; signature = sha1(sort([token, ts, nonce, encrypt]))
import { createCipheriv, createDecipheriv, createHash, randomInt } from 'node:crypto';

/** What DingTalk knows of an app's callback settings: the console's token and EncodingAESKey, and the closing key. */
export interface CallbackApp {
	token: string;
	/** The 43-character EncodingAESKey. */
	aesKey: string;
	/** The id that closes every plaintext: appKey (self-built app events), corpId or suiteKey. */
	ownerKey: string;
}

/** DingTalk's padding block is 32 bytes (Java's PKCS7Padding.BLOCK_SIZE), not AES's 16. */
const PAD_BLOCK = 32;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function aesKeyBytes(encodingAesKey: string): Buffer {
	if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) {
		throw new Error('EncodingAESKey must be 43 characters from [A-Za-z0-9] (DingTalk error 900004)');
	}
	return Buffer.from(`${encodingAesKey}=`, 'base64');
}

/** Random text as DingTalk's encryptor makes it (16 characters of [A-Za-z0-9] for the plaintext prefix). */
export function randomAlphanumeric(length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
	return out;
}

export function signCallback(token: string, timestamp: string, nonce: string, encrypt: string): string {
	return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Encrypts `plaintext` for an app; `random16` is fixed only by tests that rebuild a known cipher text. */
export function encryptForApp(
	app: Pick<CallbackApp, 'aesKey' | 'ownerKey'>,
	plaintext: string,
	random16: string = randomAlphanumeric(16),
): string {
	if (Buffer.byteLength(random16) !== 16) throw new Error('the random prefix must be 16 bytes');
	const key = aesKeyBytes(app.aesKey);
	const message = Buffer.from(plaintext, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(message.length, 0);
	const body = Buffer.concat([Buffer.from(random16, 'utf8'), length, message, Buffer.from(app.ownerKey, 'utf8')]);
	const pad = PAD_BLOCK - (body.length % PAD_BLOCK);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

export type DecryptProblem = 'badBase64' | 'badLength' | 'badPadding' | 'badMessageLength' | 'ownerKeyMismatch';
export type DecryptResult =
	| { ok: true; plaintext: string; ownerKey: string; random16: string }
	| { ok: false; problem: DecryptProblem };

/** Decrypts cipher text made for `app`; every check fails closed and names what failed. */
export function decryptFromApp(app: Pick<CallbackApp, 'aesKey' | 'ownerKey'>, encrypt: string): DecryptResult {
	if (encrypt.length === 0 || !STRICT_BASE64.test(encrypt)) return { ok: false, problem: 'badBase64' };
	const data = Buffer.from(encrypt, 'base64');
	if (data.length === 0 || data.length % 16 !== 0) return { ok: false, problem: 'badLength' };
	const key = aesKeyBytes(app.aesKey);
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(data), decipher.final()]);
	const pad = padded[padded.length - 1];
	if (pad < 1 || pad > PAD_BLOCK || pad > padded.length) return { ok: false, problem: 'badPadding' };
	const body = padded.subarray(0, padded.length - pad);
	if (body.length < 20) return { ok: false, problem: 'badMessageLength' };
	const messageLength = body.readUInt32BE(16);
	if (20 + messageLength > body.length) return { ok: false, problem: 'badMessageLength' };
	const ownerKey = body.subarray(20 + messageLength).toString('utf8');
	if (ownerKey !== app.ownerKey) return { ok: false, problem: 'ownerKeyMismatch' };
	const plaintext = body.subarray(20, 20 + messageLength).toString('utf8');
	return { ok: true, plaintext, ownerKey, random16: body.subarray(0, 16).toString('utf8') };
}

/** What the emulator concludes about an endpoint's reply body. */
export interface ReplyCheck {
	/** The reply has exactly the four string fields msg_signature, timeStamp, nonce, encrypt. */
	wellFormed: boolean;
	signatureValid: boolean;
	decrypted: boolean;
	/** The decrypted reply, when it decrypted; the emulator's own record, never a secret of the app. */
	plaintext?: string;
	/** All of the above and the plaintext is exactly "success" (else DingTalk's 71009 "返回文本非success"). */
	success: boolean;
	/** The reply echoed the request's timestamp and nonce (DingTalk's demos do; not required). */
	echoedTimestampAndNonce: boolean;
	problem?: 'notJson' | 'badShape' | 'badSignature' | DecryptProblem | 'notSuccess';
}

const REPLY_FIELDS = ['encrypt', 'msg_signature', 'nonce', 'timeStamp'];

/** Checks a reply body (raw text) as DingTalk does: shape, then signature, then decryption to "success". */
export function checkReply(
	app: CallbackApp,
	replyText: string,
	request: { timestamp: string; nonce: string },
): ReplyCheck {
	const failed = (problem: ReplyCheck['problem'], partial: Partial<ReplyCheck> = {}): ReplyCheck => ({
		wellFormed: false,
		signatureValid: false,
		decrypted: false,
		success: false,
		echoedTimestampAndNonce: false,
		problem,
		...partial,
	});
	let reply: unknown;
	try {
		reply = JSON.parse(replyText);
	} catch {
		return failed('notJson');
	}
	if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) return failed('badShape');
	const fields = reply as Record<string, unknown>;
	const names = Object.keys(fields).sort();
	if (names.join(',') !== REPLY_FIELDS.join(',') || names.some((name) => typeof fields[name] !== 'string')) {
		return failed('badShape');
	}
	const { msg_signature, timeStamp, nonce, encrypt } = fields as Record<string, string>;
	const echoedTimestampAndNonce = timeStamp === request.timestamp && nonce === request.nonce;
	if (signCallback(app.token, timeStamp, nonce, encrypt) !== msg_signature) {
		return failed('badSignature', { wellFormed: true, echoedTimestampAndNonce });
	}
	const decrypted = decryptFromApp(app, encrypt);
	if (!decrypted.ok) return failed(decrypted.problem, { wellFormed: true, signatureValid: true, echoedTimestampAndNonce });
	const success = decrypted.plaintext === 'success';
	return {
		wellFormed: true,
		signatureValid: true,
		decrypted: true,
		plaintext: decrypted.plaintext,
		success,
		echoedTimestampAndNonce,
		...(success ? {} : { problem: 'notSuccess' as const }),
	};
}

/** Builds the reply an app should give (used by tests' stand-in endpoints, and to check the checker). */
export function buildSuccessReply(
	app: CallbackApp,
	timestamp: string,
	nonce: string,
	plaintext = 'success',
): { msg_signature: string; timeStamp: string; nonce: string; encrypt: string } {
	const encrypt = encryptForApp(app, plaintext);
	return { msg_signature: signCallback(app.token, timestamp, nonce, encrypt), timeStamp: timestamp, nonce, encrypt };
}
