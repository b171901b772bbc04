import { createCipheriv, createDecipheriv } from 'crypto';

import {
	aesKeyFrom,
	callbackSignature,
	decryptMessage,
	encryptMessage,
	sameText,
	signatureMatches,
	successReply,
} from '../../../../../nodes/DingTalkConnectTrigger/helpers/callbackCrypto';
import { VECTORS } from './vectors';

const KEY = aesKeyFrom(VECTORS[0].encodingAesKey)!;

/** Encrypts raw bytes as DingTalk would, without any padding added (the caller controls it). */
function encryptRaw(plain: Buffer, key = KEY): string {
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function layout(message: string, ownerKey: string, length = Buffer.byteLength(message)): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(length, 0);
	return Buffer.concat([Buffer.alloc(16, 0x41), len, Buffer.from(message), Buffer.from(ownerKey)]);
}

function pad32(content: Buffer): Buffer {
	const pad = 32 - (content.length % 32);
	return Buffer.concat([content, Buffer.alloc(pad, pad)]);
}

describe.each(VECTORS)('DingTalk vector $name', (vector) => {
	const key = aesKeyFrom(vector.encodingAesKey)!;

	it('signs as DingTalk does', () => {
		expect(callbackSignature(vector.token, vector.timestamp, vector.nonce, vector.encrypt)).toBe(vector.signature);
		expect(signatureMatches(vector.token, vector.timestamp, vector.nonce, vector.encrypt, vector.signature)).toBe(true);
		expect(signatureMatches(vector.token, vector.timestamp, vector.nonce, vector.encrypt, vector.signature.toUpperCase())).toBe(true);
	});

	it('decrypts to the published plaintext with the published closing key', () => {
		expect(decryptMessage(key, vector.encrypt, vector.ownerKey)).toEqual({ ok: true, value: vector.plaintext });
	});

	it('refuses the right ciphertext under another closing key', () => {
		expect(decryptMessage(key, vector.encrypt, `${vector.ownerKey}x`)).toEqual({ ok: false, reason: 'wrong closing key' });
		expect(decryptMessage(key, vector.encrypt, vector.ownerKey.slice(1))).toEqual({ ok: false, reason: 'wrong closing key' });
	});

	it('refuses a signature computed with another token, nonce or ciphertext', () => {
		expect(signatureMatches(`${vector.token}!`, vector.timestamp, vector.nonce, vector.encrypt, vector.signature)).toBe(false);
		expect(signatureMatches(vector.token, vector.timestamp, `${vector.nonce}1`, vector.encrypt, vector.signature)).toBe(false);
		expect(signatureMatches(vector.token, vector.timestamp, vector.nonce, vector.encrypt, vector.signature.slice(2))).toBe(false);
	});

	it('uses 32-byte padding (more than one AES block), so auto-padding would fail', () => {
		const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
		decipher.setAutoPadding(false);
		const plain = Buffer.concat([decipher.update(Buffer.from(vector.encrypt, 'base64')), decipher.final()]);
		expect(plain[plain.length - 1]).toBeGreaterThan(16);
	});
});

describe('aesKeyFrom', () => {
	it('turns the 43-character EncodingAESKey into 32 bytes', () => {
		expect(aesKeyFrom(VECTORS[1].encodingAesKey)?.length).toBe(32);
	});

	it.each([
		['empty', ''],
		['42 characters', VECTORS[0].encodingAesKey.slice(1)],
		['44 characters', `${VECTORS[0].encodingAesKey}a`],
		['padded already', `${VECTORS[0].encodingAesKey.slice(1)}=`],
		['non-alphanumeric', `${VECTORS[0].encodingAesKey.slice(1)}+`],
	])('refuses %s', (_label, raw) => {
		expect(aesKeyFrom(raw)).toBeNull();
	});
});

describe('sameText', () => {
	it('matches only equal strings, unequal lengths included', () => {
		expect(sameText('abc', 'abc')).toBe(true);
		expect(sameText('abc', 'abd')).toBe(false);
		expect(sameText('abc', 'abcd')).toBe(false);
		expect(sameText('', 'a')).toBe(false);
	});
});

describe('encryptMessage / decryptMessage', () => {
	it('round-trips text of every length around the block edges, with fresh randomness each time', () => {
		for (let n = 0; n < 70; n++) {
			const message = JSON.stringify({ EventType: 'user_add_org', pad: 'é'.repeat(n) });
			const first = encryptMessage(KEY, message, 'dingAppKey');
			expect(decryptMessage(KEY, first, 'dingAppKey')).toEqual({ ok: true, value: message });
			expect(encryptMessage(KEY, message, 'dingAppKey')).not.toBe(first);
			expect(Buffer.from(first, 'base64').length % 32).toBe(0);
		}
	});

	it('refuses a pad byte of 0 or above 32', () => {
		const content = layout('{}', 'dingAppKey');
		const fill = 32 - (content.length % 32);
		const zero = Buffer.concat([content, Buffer.alloc(fill - 1, 1), Buffer.from([0])]);
		expect(decryptMessage(KEY, encryptRaw(zero), 'dingAppKey')).toEqual({ ok: false, reason: 'bad padding' });
		const big = Buffer.concat([content, Buffer.alloc(fill, 0x30)]);
		expect(decryptMessage(KEY, encryptRaw(big), 'dingAppKey')).toEqual({ ok: false, reason: 'bad padding' });
	});

	it('refuses padding whose bytes are not all equal to the pad length', () => {
		const padded = pad32(layout('{"a":1}', 'dingAppKey'));
		padded[padded.length - 2] ^= 1;
		expect(decryptMessage(KEY, encryptRaw(padded), 'dingAppKey')).toEqual({ ok: false, reason: 'bad padding' });
	});

	it('refuses a length field that runs past the end', () => {
		const padded = pad32(layout('{"a":1}', 'k', 1000));
		expect(decryptMessage(KEY, encryptRaw(padded), 'k')).toEqual({ ok: false, reason: 'length past the end' });
	});

	it('refuses content shorter than the random bytes and length field', () => {
		const padded = pad32(Buffer.alloc(10, 0x41));
		expect(decryptMessage(KEY, encryptRaw(padded), '')).toEqual({ ok: false, reason: 'length past the end' });
	});

	it('refuses ciphertext that is not whole AES blocks', () => {
		expect(decryptMessage(KEY, Buffer.alloc(40).toString('base64'), 'k')).toEqual({ ok: false, reason: 'bad ciphertext' });
		expect(decryptMessage(KEY, '', 'k')).toEqual({ ok: false, reason: 'bad ciphertext' });
	});

	it('refuses a message made for another AES key', () => {
		const other = aesKeyFrom(VECTORS[1].encodingAesKey)!;
		const result = decryptMessage(KEY, encryptMessage(other, '{"EventType":"x"}', 'k'), 'k');
		expect(result.ok).toBe(false);
	});
});

describe('successReply', () => {
	it('echoes the timestamp and nonce and signs an encrypted "success" that opens with the same keys', () => {
		const keys = { token: 'tok', aesKey: KEY, ownerKey: 'dingAppKey' };
		const reply = successReply(keys, '1700000000000', 'n0nce');
		expect(Object.keys(reply).sort()).toEqual(['encrypt', 'msg_signature', 'nonce', 'timeStamp']);
		expect(reply.timeStamp).toBe('1700000000000');
		expect(reply.nonce).toBe('n0nce');
		expect(reply.msg_signature).toBe(callbackSignature('tok', '1700000000000', 'n0nce', reply.encrypt));
		expect(decryptMessage(KEY, reply.encrypt, 'dingAppKey')).toEqual({ ok: true, value: 'success' });
	});
});
