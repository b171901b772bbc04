import type { FailureKind, FailureText } from './types';

/**
 * n8n replaces the message of a node error that contains one of these names (case-insensitive) with its
 * own text about networks and files, so a DingTalk code such as "InstanceNotFound" (ENOTFOUND) would
 * reach the user as "The connection cannot be established…".
 */
export const NAMES_N8N_REWRITES: readonly string[] = [
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'ETIMEDOUT',
	'ERRADDRINUSE',
	'EADDRNOTAVAIL',
	'ECONNABORTED',
	'EHOSTUNREACH',
	'EAI_AGAIN',
	'ENOENT',
	'EISDIR',
	'ENOTDIR',
	'EACCES',
	'EEXIST',
	'EPERM',
	'GETADDRINFO',
];

/** Whether n8n would replace this message. */
export function n8nRewrites(message: string): boolean {
	const upper = message.toUpperCase();
	return NAMES_N8N_REWRITES.some((name) => upper.includes(name));
}

// Headlines without DingTalk's code or text, for when those would make n8n replace the message.
const HEADLINES: Partial<Record<FailureKind, string>> = {
	throttled: 'DingTalk is rate-limiting this app',
	tokenRejected: 'DingTalk refused to issue an access token',
	notFound: 'The connector asset or instance does not exist',
	connectorError: 'The connector answered an error',
	apiError: 'DingTalk refused the request',
};
const FALLBACK_HEADLINE = 'DingTalk answered with an error';

/**
 * Keeps the package's message as the one the user sees: when n8n would replace it, the message becomes a
 * headline without the code, and the full text (code included) opens the description.
 */
export function keptByN8n(text: FailureText, kind: FailureKind): FailureText {
	if (!n8nRewrites(text.message)) return text;
	const headline = [HEADLINES[kind], FALLBACK_HEADLINE].find((candidate) => candidate !== undefined && !n8nRewrites(candidate));
	return {
		message: headline ?? FALLBACK_HEADLINE,
		description: `${text.message.replace(/[.\s]+$/, '')}. ${text.description}`,
	};
}
