import type { DingTalkFailure, FailureKind } from './types';

const REFUSED_CODES = new Set(['ECONNREFUSED']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const TIMEOUT_CODES = new Set([
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);
const DROP_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

function errorChain(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current: unknown = error;
	while (current !== null && typeof current === 'object' && chain.length < 6) {
		if (chain.includes(current as Record<string, unknown>)) break;
		chain.push(current as Record<string, unknown>);
		current = (current as { cause?: unknown }).cause;
	}
	return chain;
}

/**
 * Classifies what `httpRequestWithAuthentication` threw when no answer came back. n8n wraps
 * the axios error into a NodeApiError whose `cause` is the axios error; the socket code sits
 * on the axios error (and sometimes on its own `cause`).
 */
export function classifyNetworkError(error: unknown): DingTalkFailure {
	const chain = errorChain(error);
	const codes = chain
		.map((link) => link.code)
		.filter((code): code is string => typeof code === 'string');
	const messages = chain
		.map((link) => link.message)
		.filter((message): message is string => typeof message === 'string');
	const networkCode = codes.find(
		(code) =>
			REFUSED_CODES.has(code) ||
			DNS_CODES.has(code) ||
			TIMEOUT_CODES.has(code) ||
			DROP_CODES.has(code) ||
			code === 'ERR_CANCELED',
	);
	const kind = ((): FailureKind => {
		if (networkCode === 'ERR_CANCELED') return 'cancelled';
		if (networkCode !== undefined && REFUSED_CODES.has(networkCode)) return 'connectionRefused';
		if (networkCode !== undefined && DNS_CODES.has(networkCode)) return 'hostNotFound';
		if (messages.some((message) => /timeout|timed out/i.test(message))) return 'timeout';
		if (networkCode !== undefined && TIMEOUT_CODES.has(networkCode)) return 'timeout';
		if (networkCode !== undefined && DROP_CODES.has(networkCode)) return 'connectionDropped';
		if (messages.some((message) => /socket hang up|terminated|aborted/i.test(message))) {
			return 'connectionDropped';
		}
		return 'networkError';
	})();
	return {
		kind,
		networkCode: networkCode ?? codes.find((code) => /^E[A-Z_]+$/.test(code)),
		detail: kind === 'networkError' ? messages[messages.length - 1] : undefined,
	};
}
