/** What went wrong, independent of how DingTalk carried it. */
export type FailureKind =
	| 'expiredToken' // InvalidAuthentication (400 or 401)
	| 'missingToken' // AuthenticationFailed.MissingParameter
	| 'tokenRejected' // the token endpoint refused the credential (invalidClientIdOrSecret, ...)
	| 'permissionDenied'
	| 'ipNotAllowed'
	| 'throttled' // QpsLimit..., 429
	| 'quotaExhausted' // ApiCountLimitForOrg
	| 'ipBanned' // the HTML ban page
	| 'badRequest' // 4001
	| 'notAuthorised' // 4003
	| 'notFound' // 4004
	| 'connectorError' // 200 with another errorCode
	| 'serverError' // 5xx
	| 'nonJson'
	| 'apiError' // any other DingTalk error body
	| 'connectionRefused' // provably never sent
	| 'hostNotFound' // DNS failure: provably never sent
	| 'connectionDropped' // the body may have reached DingTalk
	| 'timeout' // the body may have reached DingTalk
	| 'cancelled' // the execution was stopped
	| 'networkError';

export interface FailureText {
	message: string;
	description: string;
}

export interface DingTalkFailure {
	kind: FailureKind;
	httpStatus?: number;
	/** DingTalk's code (`code` of an error body or `errorCode` of a 200 answer). */
	code?: string;
	/** The socket-level code of a network failure (ECONNRESET, ...). */
	networkCode?: string;
	/** DingTalk's own message; may echo input, so it is redacted before it is shown. */
	detail?: string;
	requestId?: string;
	requiredScopes?: string[];
	retryAfterMs?: number;
	carrier?: 'body' | 'errorCode';
	/** Text already written for this failure (the credential's own token errors). */
	presetText?: FailureText;
}

export interface FullResponse {
	statusCode: number;
	body: unknown;
	headers?: unknown;
}

export interface FailureContext {
	/** e.g. 'POST /v1.0/connector/instances/invoke' */
	operation?: string;
	baseUrl?: string;
	authorityUrl?: string;
	connectAssetUri?: string;
	/** The token had already been refreshed once for this call. */
	refreshed?: boolean;
	attempts?: number;
	timeoutMs?: number;
	/** invoke/write: the call is not retried once it may have reached DingTalk. */
	notIdempotent?: boolean;
	itemIndex?: number;
	/** Values that must never appear in an error (token, secrets, ticket). */
	secrets?: string[];
}
