// The emulator's DingTalk-side crypto against DingTalk's two official test vectors, and its refusals.
import { buildSuccessReply, checkReply, decryptFromApp, encryptForApp, signCallback, type CallbackApp } from '../../../emulator/events/crypto';

// DingTalk's published vectors (DingCallbackCrypto3.py and DingTalkCrypto.go in open-dingtalk/DingTalk-Callback-Crypto).
const VECTORS = [
	{
		app: { token: 'mryue', aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7', ownerKey: 'ding6ccabc44d2c8d38b' },
		timestamp: '1608001896814',
		nonce: 'WL4PK6yA',
		signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
		plaintext: '{"EventType":"check_url"}',
		encrypt:
			'0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
	},
	{
		app: { token: 'tokenxxxx', aesKey: 'o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus', ownerKey: 'dingxxxxxx' },
		timestamp: '1605695694141',
		nonce: 'WelUQl6bCqcBa2fM',
		signature: 'f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc',
		plaintext: 'success',
		encrypt: 'X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ==',
	},
];

describe.each(VECTORS)('official vector (token $app.token)', (vector) => {
	it('signs to the published signature', () => {
		expect(signCallback(vector.app.token, vector.timestamp, vector.nonce, vector.encrypt)).toBe(vector.signature);
	});

	it('decrypts to the published plaintext with the published owner key', () => {
		const result = decryptFromApp(vector.app, vector.encrypt);
		expect(result).toMatchObject({ ok: true, plaintext: vector.plaintext, ownerKey: vector.app.ownerKey });
	});

	it('re-encrypts to the published cipher text byte for byte, given the same random prefix', () => {
		const result = decryptFromApp(vector.app, vector.encrypt);
		if (!result.ok) throw new Error(result.problem);
		expect(encryptForApp(vector.app, vector.plaintext, result.random16)).toBe(vector.encrypt);
	});

	it('refuses the cipher text for another owner key', () => {
		expect(decryptFromApp({ ...vector.app, ownerKey: 'dingsomeoneelse' }, vector.encrypt)).toEqual({
			ok: false,
			problem: 'ownerKeyMismatch',
		});
	});
});

describe('encryption', () => {
	const app: CallbackApp = VECTORS[0].app;

	it('pads to 32-byte blocks as DingTalk does (the vectors carry pads over 16)', () => {
		for (const text of ['', 'a', 'x'.repeat(31), 'x'.repeat(100), '中文事件']) {
			const encrypt = encryptForApp(app, text);
			expect(Buffer.from(encrypt, 'base64').length % 32).toBe(0);
			expect(decryptFromApp(app, encrypt)).toMatchObject({ ok: true, plaintext: text });
		}
	});

	it('uses a fresh 16-character alphanumeric prefix each time', () => {
		const first = decryptFromApp(app, encryptForApp(app, 'same'));
		const second = decryptFromApp(app, encryptForApp(app, 'same'));
		if (!first.ok || !second.ok) throw new Error('did not decrypt');
		expect(first.random16).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(first.random16).not.toBe(second.random16);
	});

	it('refuses an EncodingAESKey that is not 43 alphanumeric characters', () => {
		expect(() => encryptForApp({ ...app, aesKey: 'short' }, 'x')).toThrow(/900004/);
		expect(() => encryptForApp({ ...app, aesKey: `${app.aesKey.slice(0, 42)}+` }, 'x')).toThrow(/900004/);
	});

	it('names what is wrong with damaged cipher text', () => {
		const encrypt = encryptForApp(app, '{"EventType":"user_add_org"}');
		const bytes = Buffer.from(encrypt, 'base64');
		expect(decryptFromApp(app, '')).toEqual({ ok: false, problem: 'badBase64' });
		expect(decryptFromApp(app, `${encrypt.slice(0, 10)}*${encrypt.slice(11)}`)).toEqual({ ok: false, problem: 'badBase64' });
		expect(decryptFromApp(app, bytes.subarray(0, 40).toString('base64'))).toEqual({ ok: false, problem: 'badLength' });
		const truncated = decryptFromApp(app, bytes.subarray(0, bytes.length - 16).toString('base64'));
		expect(truncated.ok).toBe(false);
		const otherKey = decryptFromApp({ ...app, aesKey: VECTORS[1].app.aesKey }, encrypt);
		expect(otherKey.ok).toBe(false);
	});
});

describe('checkReply', () => {
	const app: CallbackApp = VECTORS[1].app;
	const request = { timestamp: '1700000000', nonce: 'abc123' };

	it('accepts the encrypted "success" and notes an echoed timestamp and nonce', () => {
		const reply = buildSuccessReply(app, request.timestamp, request.nonce);
		expect(checkReply(app, JSON.stringify(reply), request)).toEqual({
			wellFormed: true,
			signatureValid: true,
			decrypted: true,
			plaintext: 'success',
			success: true,
			echoedTimestampAndNonce: true,
		});
		const fresh = buildSuccessReply(app, '1700000009999', 'other');
		expect(checkReply(app, JSON.stringify(fresh), request)).toMatchObject({ success: true, echoedTimestampAndNonce: false });
	});

	it('accepts the official "success" vector as a reply', () => {
		const v = VECTORS[1];
		const body = JSON.stringify({ msg_signature: v.signature, timeStamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt });
		expect(checkReply(v.app, body, { timestamp: v.timestamp, nonce: v.nonce }).success).toBe(true);
	});

	it('fails closed on every wrong reply, naming the reason', () => {
		const good = buildSuccessReply(app, request.timestamp, request.nonce);
		const cases: Array<[string, string]> = [
			['success', 'notJson'],
			['"success"', 'badShape'],
			[JSON.stringify({ ...good, extra: 'x' }), 'badShape'],
			[JSON.stringify({ ...good, timestamp: good.timeStamp, timeStamp: undefined }), 'badShape'],
			[JSON.stringify({ ...good, nonce: 5 }), 'badShape'],
			[JSON.stringify({ ...good, msg_signature: good.msg_signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }), 'badSignature'],
			[JSON.stringify(buildSuccessReply(app, request.timestamp, request.nonce, 'fail')), 'notSuccess'],
			[JSON.stringify(buildSuccessReply({ ...app, ownerKey: 'dingother' }, request.timestamp, request.nonce)), 'ownerKeyMismatch'],
		];
		for (const [body, problem] of cases) {
			const check = checkReply(app, body, request);
			expect({ body, success: check.success, problem: check.problem }).toEqual({ body, success: false, problem });
		}
	});
});
