import { createCipheriv } from 'crypto';

import {
	aesKeyFrom,
	callbackSignature,
	encryptMessage,
} from '../../../../../nodes/DingTalkConnectTrigger/helpers/callbackCrypto';

// Made-up keys for the tests (DingTalk's published vectors live in vectors.ts).
export const TOKEN = 'n8nTestToken';
export const ENCODING_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const AES_KEY = aesKeyFrom(ENCODING_AES_KEY)!;
export const APP_KEY = 'dingtestappkey0001';
export const KEYS = { token: TOKEN, aesKey: AES_KEY, ownerKey: APP_KEY };

export const CREDENTIALS = {
	appType: 'internal',
	appKey: APP_KEY,
	appSecret: 'app-secret-never-shown',
	eventToken: TOKEN,
	eventAesSecretKey: ENCODING_AES_KEY,
	eventOwnerKey: 'appKey',
	baseUrl: 'https://api.dingtalk.com',
};

export interface SignedRequest {
	query: Record<string, unknown>;
	body: Record<string, unknown>;
}

export function signEncrypt(encrypt: string, timestamp = String(Date.now()), nonce = 'nonce123'): SignedRequest {
	return {
		query: { msg_signature: callbackSignature(TOKEN, timestamp, nonce, encrypt), timestamp, nonce },
		body: { encrypt },
	};
}

/** A request as DingTalk would send it, for a JSON message or a raw plaintext. */
export function signedRequest(
	message: unknown,
	options: { ownerKey?: string; timestamp?: string; nonce?: string } = {},
): SignedRequest {
	const text = typeof message === 'string' ? message : JSON.stringify(message);
	return signEncrypt(encryptMessage(AES_KEY, text, options.ownerKey ?? APP_KEY), options.timestamp, options.nonce);
}

/** Encrypts exact bytes with no padding added, to build malformed plaintexts. */
export function encryptRaw(plain: Buffer): string {
	const cipher = createCipheriv('aes-256-cbc', AES_KEY, AES_KEY.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

export function layout(message: string, ownerKey: string, length = Buffer.byteLength(message)): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(length, 0);
	return Buffer.concat([Buffer.alloc(16, 0x61), len, Buffer.from(message), Buffer.from(ownerKey)]);
}

export function pad32(content: Buffer): Buffer {
	const pad = 32 - (content.length % 32);
	return Buffer.concat([content, Buffer.alloc(pad, pad)]);
}

export const USER_ADD_ORG = { EventType: 'user_add_org', eventId: 'evt-1', CorpId: 'dingcorp1', TimeStamp: '1700000000000', UserId: ['u1'] };

export function syncPush(entries: Array<Record<string, unknown>>, type = 'SYNC_HTTP_PUSH_HIGH'): Record<string, unknown> {
	return { EventType: type, bizData: entries };
}
