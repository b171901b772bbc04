import { createHash, timingSafeEqual } from 'crypto';

export type AuthenticationMode = 'bearerAuth' | 'headerAuth' | 'none';

/** What a request must carry: a bearer token, or a header with a value, or nothing (chosen explicitly). */
export type ExpectedAuthentication =
	| { mode: 'none' }
	| { mode: 'bearerAuth'; token: string }
	| { mode: 'headerAuth'; name: string; value: string };

export type AuthenticationCheck = { ok: true } | { ok: false; reason: string };

export const AUTH_REALM = 'DingTalk Connect MCP Server';

type Headers = Record<string, string | string[] | undefined>;

// Digests first, so that neither the length nor any prefix of the secret shows in the time taken.
function sameSecret(expected: string, received: string): boolean {
	const a = createHash('sha256').update(expected, 'utf8').digest();
	const b = createHash('sha256').update(received, 'utf8').digest();
	return timingSafeEqual(a, b);
}

function single(headers: Headers, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return typeof value === 'string' ? value : undefined;
}

/** Checks a request's headers; every missing piece, on either side, refuses it. Reasons name no secret. */
export function checkAuthentication(headers: Headers, expected: ExpectedAuthentication): AuthenticationCheck {
	if (expected.mode === 'none') return { ok: true };
	if (expected.mode === 'bearerAuth') {
		if (expected.token === '') return { ok: false, reason: 'the Bearer Auth credential holds no token' };
		const header = single(headers, 'authorization');
		const match = header === undefined ? null : /^Bearer[ \t]+(\S.*)$/i.exec(header.trim());
		if (!match) return { ok: false, reason: 'no "Authorization: Bearer" header' };
		return sameSecret(expected.token, match[1].trim()) ? { ok: true } : { ok: false, reason: 'wrong bearer token' };
	}
	if (expected.name.trim() === '' || expected.value === '') {
		return { ok: false, reason: 'the Header Auth credential holds no header name or value' };
	}
	const received = single(headers, expected.name.trim());
	if (received === undefined) return { ok: false, reason: `no "${expected.name.trim()}" header` };
	return sameSecret(expected.value, received) ? { ok: true } : { ok: false, reason: `wrong value in the "${expected.name.trim()}" header` };
}

/** The WWW-Authenticate challenge of a 401: the scheme the server expects. */
export function challengeFor(mode: AuthenticationMode): string {
	return mode === 'headerAuth' ? `ApiKey realm="${AUTH_REALM}"` : `Bearer realm="${AUTH_REALM}"`;
}
