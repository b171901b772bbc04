import { checkBaseUrl, isLoopbackHost } from '../../../../../nodes/DingTalkConnect/transport/baseUrl';

describe('checkBaseUrl', () => {
	it.each([
		['https://api.dingtalk.com', 'https://api.dingtalk.com'],
		['https://api.dingtalk.com/', 'https://api.dingtalk.com'],
		['  https://pre-api.dingtalk.com//  ', 'https://pre-api.dingtalk.com'],
		['http://127.0.0.1:3900', 'http://127.0.0.1:3900'],
		['http://127.5.6.7:80/', 'http://127.5.6.7'],
		['http://localhost:3900/', 'http://localhost:3900'],
		['http://[::1]:3900', 'http://[::1]:3900'],
		['https://gateway.example.com/dingtalk/', 'https://gateway.example.com/dingtalk'],
	])('accepts %s as %s', (raw, expected) => {
		expect(checkBaseUrl(raw)).toEqual({ ok: true, baseUrl: expected });
	});

	it.each([
		['', 'empty'],
		[undefined, 'empty'],
		['api.dingtalk.com', 'not a valid URL'],
		['ftp://api.dingtalk.com', 'must start with https://'],
		['http://api.dingtalk.com', 'plain http://'],
		['http://10.0.0.5:3900', 'plain http://'],
		['http://128.0.0.1', 'plain http://'],
		['https://user:pw@api.dingtalk.com', 'user name or password'],
		['https://api.dingtalk.com/?x=1', 'query or fragment'],
	])('refuses %s (%s)', (raw, reason) => {
		const check = checkBaseUrl(raw);
		expect(check.ok).toBe(false);
		if (!check.ok) {
			expect(check.message).toContain(reason);
			expect(check.description.length).toBeGreaterThan(10);
		}
	});

	it('never echoes credentials embedded in a refused URL', () => {
		const check = checkBaseUrl('https://user:supersecret@api.dingtalk.com');
		expect(JSON.stringify(check)).not.toContain('supersecret');
	});

	it('knows the loopback hosts', () => {
		expect(['localhost', 'LOCALHOST', 'emu.localhost', '127.0.0.1', '[::1]'].every(isLoopbackHost)).toBe(true);
		expect(['127.0.0', '127.0.0.256', '10.0.0.1', 'example.com', '::1x'].some(isLoopbackHost)).toBe(false);
	});
});
