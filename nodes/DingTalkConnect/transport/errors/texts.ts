import { DEFAULT_BASE_URL } from '../constants';
import { keptByN8n } from './n8nRewrites';
import { redactSecrets } from './redact';
import type { DingTalkFailure, FailureContext, FailureKind, FailureText } from './types';

const SUPPORT_HINT = 'give it to DingTalk support if the problem persists';

function codeSuffix(failure: DingTalkFailure): string {
	return failure.code !== undefined ? ` (${failure.code})` : '';
}

function statusSuffix(failure: DingTalkFailure): string {
	return failure.httpStatus !== undefined ? ` (HTTP ${failure.httpStatus})` : '';
}

function at(context: FailureContext): string {
	return context.baseUrl ? ` at ${context.baseUrl}` : '';
}

function detailSentence(failure: DingTalkFailure): string {
	return failure.detail ? ` DingTalk said: "${failure.detail}".` : '';
}

function retriedSentence(context: FailureContext): string {
	const attempts = context.attempts ?? 1;
	return attempts > 1 ? ` The call was tried ${attempts} times.` : '';
}

function timeLimit(limit: number | undefined): string {
	if (limit === undefined) return ' in time';
	return limit < 1000 ? ` within ${limit} ms` : ` within ${Math.round(limit / 100) / 10} s`;
}

type TextOf = (failure: DingTalkFailure, context: FailureContext) => FailureText;

/** What happened, and how to fix it: one entry per failure kind, so a new kind cannot fall into a default. */
const TEXTS: Record<FailureKind, TextOf> = {
	expiredToken: (failure, context) => ({
		message: 'DingTalk rejected the access token',
		description: context.refreshed
			? `DingTalk answered InvalidAuthentication${statusSuffix(failure)} even after the token was fetched again. Check that the credential belongs to the organisation and app you call, then test the credential.`
			: `DingTalk answered InvalidAuthentication${statusSuffix(failure)}. Test the credential; if it passes, run again.`,
	}),
	missingToken: (failure) => ({
		message: 'DingTalk did not receive the access token',
		description: `DingTalk answered ${failure.code ?? 'AuthenticationFailed'}${statusSuffix(failure)}. If a proxy sits between n8n and DingTalk, make sure it forwards the x-acs-dingtalk-access-token header; otherwise test the credential.`,
	}),
	tokenRejected: (failure) => tokenFailureText(failure),
	permissionDenied: (failure) => ({
		message: 'The app lacks a permission scope',
		description: `${
			failure.requiredScopes?.length
				? `DingTalk requires the permission scope(s) ${failure.requiredScopes.join(', ')}.`
				: 'DingTalk did not say which scope is missing; the Connect Platform scopes are listed under Permissions.'
		} Add them in the DingTalk developer console → your app → Permissions, wait for the change to apply, then run again.`,
	}),
	ipNotAllowed: () => ({
		message: "n8n's IP address is not in the app's IP allow-list",
		description:
			"DingTalk answered Forbidden.AccessDenied.IpNotInWhiteList. Add the public outbound IP address of the n8n server to the app's server IP allow-list in the DingTalk developer console, then run again.",
	}),
	throttled: (failure, context) => ({
		message: `DingTalk is rate-limiting this app${codeSuffix(failure) || statusSuffix(failure)}`,
		description: `The call was retried with backoff and DingTalk still refused it.${retriedSentence(context)} Lower Requests per Second in the node's options (DingTalk's standard edition allows 20 requests per second per app and API), or spread the runs over time.`,
	}),
	quotaExhausted: () => ({
		message: "The organisation's monthly DingTalk API quota is used up",
		description:
			'DingTalk answered Forbidden.AccessDenied.ApiCountLimitForOrg: the monthly call quota (10,000 calls on the standard edition) is exhausted. Upgrade the DingTalk edition or wait for next month. The call was not retried.',
	}),
	ipBanned: () => ({
		message: 'DingTalk answered with a web page instead of JSON',
		description:
			'This is how DingTalk blocks an IP after more than 10,000 calls in 20 s; wait 5 minutes before running again, and lower Requests per Second.',
	}),
	badRequest: (failure) => ({
		message: 'DingTalk rejected the request parameters (4001)',
		description: `Check the Connect Asset URI, the instance key and the input fields.${detailSentence(failure)}`,
	}),
	notAuthorised: (failure, context) => ({
		message: 'The organisation has not authorised the app for this connector action (4003)',
		description: context.authorityUrl
			? `Open this link in the DingTalk client as an administrator to authorise: ${context.authorityUrl}${detailSentence(failure)}`
			: `An administrator of the organisation must authorise the app for this action: its authorisation link (authorityUrl) is shown in the action list of a third-party app.${detailSentence(failure)}`,
	}),
	notFound: (failure, context) => ({
		message: `The connector asset or instance does not exist${codeSuffix(failure) || ' (4004)'}`,
		description: `Check the Connect Asset URI${context.connectAssetUri ? ` (${context.connectAssetUri})` : ''} and that it is visible to this app.${detailSentence(failure)}`,
	}),
	connectorError: (failure) => ({
		message: `The connector answered ${failure.code ?? 'an error'}: ${failure.detail ?? 'no message'}`,
		description:
			'The system behind the connector action reported this failure. Check the input values and the connector’s configuration in DingTalk.',
	}),
	serverError: (failure, context) => ({
		message: `DingTalk server error${statusSuffix(failure)}`,
		description: context.notIdempotent
			? 'DingTalk failed while handling the call. It was not retried because the action may already have run: check the target system before running again.'
			: `DingTalk failed to handle the request.${retriedSentence(context)} Try again later.${detailSentence(failure)}`,
	}),
	nonJson: (failure) => ({
		message: 'DingTalk sent an unexpected answer that is not JSON',
		description: `The answer${statusSuffix(failure)} began with: "${(failure.detail ?? '').slice(0, 100)}". Check that Base URL points at DingTalk's API (${DEFAULT_BASE_URL}) and not at a proxy or web page.`,
	}),
	apiError: (failure) => ({
		message: `DingTalk refused the request${failure.code ? `: ${failure.code}` : statusSuffix(failure)}`,
		description: `${failure.detail ? `DingTalk said: "${failure.detail}".` : 'DingTalk gave no explanation.'} Check the parameters of the node.`,
	}),
	connectionRefused: (failure, context) => ({
		message: `Could not connect to DingTalk${at(context)}`,
		description: `The connection was refused (${failure.networkCode ?? 'connection refused'}), so nothing was sent.${retriedSentence(context)} Check Base URL in the credential and the network between n8n and DingTalk.`,
	}),
	hostNotFound: (failure, context) => ({
		message: `Could not find the DingTalk host${at(context)}`,
		description: `The host name could not be resolved (${failure.networkCode ?? 'DNS failure'}), so nothing was sent. Check Base URL in the credential and the server's DNS.`,
	}),
	connectionDropped: (failure, context) => ({
		message: 'The connection to DingTalk closed before an answer arrived',
		description: context.notIdempotent
			? `The connection dropped (${failure.networkCode ?? 'socket closed'}) after the request was sent. It was not retried because DingTalk may have executed it: check the target system before running again.`
			: `The connection dropped (${failure.networkCode ?? 'socket closed'}).${retriedSentence(context)} Try again later.`,
	}),
	timeout: (_failure, context) => ({
		message: `DingTalk did not answer${timeLimit(context.timeoutMs)}`,
		description: context.notIdempotent
			? 'The call was not retried because the action may still be running in the system behind the connector: check it before running again. Raise the Timeout option if the action is slow.'
			: `${retriedSentence(context).trim()} Raise the Timeout option or try again later.`.trim(),
	}),
	cancelled: () => ({
		message: 'The request to DingTalk was cancelled',
		description: 'The execution was stopped before an answer arrived.',
	}),
	networkError: (failure, context) => ({
		message: `Could not reach DingTalk${at(context)}`,
		description: `${failure.detail ?? 'An unexpected network error occurred'}${failure.networkCode ? ` (${failure.networkCode})` : ''}.${retriedSentence(context)} Check the network between n8n and DingTalk.`,
	}),
};

/** The message and description of a failure, with the request ID and without any secret. */
export function describeFailure(failure: DingTalkFailure, context: FailureContext = {}): FailureText {
	let text = failure.presetText ? { ...failure.presetText } : TEXTS[failure.kind](failure, context);
	if (!failure.presetText && failure.requestId) {
		text.description += ` Request ID: ${failure.requestId} (${SUPPORT_HINT}).`;
	}
	text = keptByN8n(text, failure.kind);
	return {
		message: redactSecrets(text.message, context.secrets),
		description: redactSecrets(text.description, context.secrets),
	};
}

/** Readable text for the token endpoints' codes; shared by the credential and the transport. */
export function tokenFailureText(failure: DingTalkFailure): FailureText {
	switch (failure.code) {
		case 'invalidClientIdOrSecret':
			return {
				message: 'The App Secret is wrong (invalidClientIdOrSecret)',
				description:
					'Copy App Key and App Secret again from the DingTalk developer console → your app → Credentials & Basic Info.',
			};
		case 'invalidSuiteKey':
			return {
				message: 'The Suite Key or Suite Secret is wrong (invalidSuiteKey)',
				description:
					'Copy Suite Key and Suite Secret again from the DingTalk developer console → your third-party app → Basic Info.',
			};
		case 'invalidSuiteTicket':
			return {
				message: 'The Suite Ticket is wrong or outdated (invalidSuiteTicket)',
				description:
					'DingTalk pushes a new suite ticket to your app about every 5 hours (event suite_ticket): paste the latest one. For a customised app any value, e.g. "Test", is accepted.',
			};
		case 'invalidAuthInfo':
			return {
				message: 'This organisation has not authorised the app (invalidAuthInfo)',
				description:
					'Check Authorising Corp ID: that organisation must have installed and authorised your third-party app.',
			};
		default:
			return {
				message: `DingTalk refused to issue an access token${failure.code ? ` (${failure.code})` : failure.httpStatus !== undefined ? ` (HTTP ${failure.httpStatus})` : ''}`,
				description: `${failure.detail ? `DingTalk said: "${failure.detail}". ` : ''}Check the fields of the credential.`,
			};
	}
}
