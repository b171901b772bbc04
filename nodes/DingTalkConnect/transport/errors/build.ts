import { NodeApiError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import { redactSecrets } from './redact';
import { describeFailure } from './texts';
import type { DingTalkFailure, FailureContext, FailureKind } from './types';

/**
 * Builds the NodeApiError for a failure. The error response given to NodeApiError is a
 * sanitised summary, never the raw axios error (whose config holds the token header).
 * Its keys avoid `code`/`status`, which NodeApiError would turn into a generic message.
 */
export function buildNodeApiError(node: INode, failure: DingTalkFailure, context: FailureContext = {}): NodeApiError {
	const { message, description } = describeFailure(failure, context);
	const dingTalkMessage = failure.detail ? redactSecrets(failure.detail, context.secrets) : undefined;
	const summary: JsonObject = {
		dingTalkCode: failure.code ?? null,
		dingTalkMessage: dingTalkMessage ?? null,
		requestId: failure.requestId ?? null,
		httpStatus: failure.httpStatus ?? null,
		failure: failure.kind,
	};
	const error = new NodeApiError(node, summary, {
		message,
		description,
		httpCode: failure.httpStatus !== undefined ? String(failure.httpStatus) : undefined,
		itemIndex: context.itemIndex,
	});
	error.context.dingTalkCode = failure.code;
	error.context.dingTalkMessage = dingTalkMessage;
	error.context.requestId = failure.requestId;
	error.context.failureKind = failure.kind;
	if (failure.networkCode !== undefined) error.context.networkCode = failure.networkCode;
	if (failure.requiredScopes !== undefined) error.context.requiredScopes = failure.requiredScopes;
	return error;
}

function contextOf(error: unknown): IDataObject | undefined {
	if (error === null || typeof error !== 'object') return undefined;
	const context = (error as { context?: unknown }).context;
	return context !== null && typeof context === 'object' ? (context as IDataObject) : undefined;
}

function contextString(error: unknown, name: string): string | undefined {
	const value = contextOf(error)?.[name];
	return typeof value === 'string' ? value : undefined;
}

/** The DingTalk code a transport error carries (`context.dingTalkCode`), if any. */
export function getDingTalkErrorCode(error: unknown): string | undefined {
	return contextString(error, 'dingTalkCode');
}

/** The failure kind a transport error carries (`context.failureKind`), if any. */
export function getFailureKind(error: unknown): FailureKind | undefined {
	return contextString(error, 'failureKind') as FailureKind | undefined;
}

/** Puts the consent link, known only to the caller (from the action list), into a 4003 error's description. */
export function addAuthorityUrl(error: NodeApiError, authorityUrl: string): NodeApiError {
	const failure: DingTalkFailure = {
		kind: 'notAuthorised',
		detail: contextString(error, 'dingTalkMessage'),
		requestId: contextString(error, 'requestId'),
	};
	error.description = describeFailure(failure, { authorityUrl }).description;
	return error;
}
