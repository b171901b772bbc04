import { DEFAULT_BASE_URL } from './constants';

export { DEFAULT_BASE_URL };

export type BaseUrlCheck =
	| { ok: true; baseUrl: string }
	| { ok: false; message: string; description: string };

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** Plain http is only acceptable when the token never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	if (LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost')) return true;
	const octets = host.split('.');
	return (
		octets.length === 4 &&
		octets[0] === '127' &&
		octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
	);
}

/**
 * Validates the credential's Base URL and returns it without trailing slashes, so that
 * paths such as `/v1.0/oauth2/accessToken` can be appended as they are.
 */
export function checkBaseUrl(raw: unknown): BaseUrlCheck {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') {
		return {
			ok: false,
			message: 'The Base URL is empty',
			description: `Set Base URL to ${DEFAULT_BASE_URL} (or DingTalk's pre-release host https://pre-api.dingtalk.com).`,
		};
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return {
			ok: false,
			message: 'The Base URL is not a valid URL',
			description: `Use a full URL such as ${DEFAULT_BASE_URL}.`,
		};
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return {
			ok: false,
			message: `The Base URL must start with https:// (got ${url.protocol}//)`,
			description: `Use a full URL such as ${DEFAULT_BASE_URL}.`,
		};
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		return {
			ok: false,
			message: 'The Base URL uses plain http:// for a remote host',
			description:
				'The access token would travel unencrypted. Use https://, or http:// only for a local emulator on localhost / 127.0.0.1 / [::1].',
		};
	}
	if (url.username !== '' || url.password !== '') {
		return {
			ok: false,
			message: 'The Base URL must not contain a user name or password',
			description: `Remove the part before "@"; use a URL such as ${DEFAULT_BASE_URL}.`,
		};
	}
	if (url.search !== '' || url.hash !== '') {
		return {
			ok: false,
			message: 'The Base URL must not contain a query or fragment',
			description: `Use a URL such as ${DEFAULT_BASE_URL}.`,
		};
	}
	const path = url.pathname.replace(/\/+$/, '');
	return { ok: true, baseUrl: `${url.protocol}//${url.host}${path}` };
}
