import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { appTypeOf, credentialField as field, tokenFingerprint, type AppType } from './appScope';
import { checkBaseUrl } from './baseUrl';
import { effectiveSuiteTicket } from './suiteTickets';
import type { DingTalkFailure, FailureText } from './errors';
import {
	classifyNetworkError,
	classifyResponse,
	describeFailure,
	redactSecrets,
	tokenFailureText,
} from './errors';

export const INTERNAL_APP_GRANT_PATH = '/v1.0/oauth2/accessToken';
export const THIRD_PARTY_GRANT_PATH = '/v1.0/oauth2/corpAccessToken';

const TOKEN_TIMEOUT_MS = 15000;

/**
 * What preAuthentication throws. A plain Error because the credential has no node to attach;
 * n8n wraps it into a NodeApiError that keeps `message` and `description`. Its fields avoid
 * the names (`code`, `status`, `httpCode`) that NodeApiError would turn into a generic text.
 */
export class DingTalkTokenError extends Error {
	readonly description: string;

	readonly tokenFailure: DingTalkFailure;

	constructor(text: FailureText, failure: DingTalkFailure) {
		super(text.message);
		this.name = 'DingTalkTokenError';
		this.description = text.description;
		this.tokenFailure = { ...failure, presetText: text };
	}
}

/** Every value of the credential that must never be shown. */
export function credentialSecrets(credentials: ICredentialDataDecryptedObject | undefined): string[] {
	if (!credentials) return [];
	const values = [
		...['appSecret', 'suiteSecret', 'suiteTicket', 'accessToken', 'eventToken', 'eventAesSecretKey'].map((name) => credentials[name]),
		effectiveSuiteTicket(credentials).ticket,
	];
	return [...new Set(values.filter((value): value is string => typeof value === 'string' && value !== ''))];
}

export type TokenRequestCheck =
	| { ok: true; baseUrl: string; path: string; body: IDataObject }
	| { ok: false; text: FailureText };

const APP_CONSOLE = 'Copy it from the DingTalk developer console → your app → Credentials & Basic Info.';
const SUITE_CONSOLE = 'Copy it from the DingTalk developer console → your third-party app → Basic Info.';

/** The fields each mode's token call needs: [field, label, where to find it]. */
const REQUIRED_FIELDS: Record<AppType, Array<[name: string, label: string, hint: string]>> = {
	internal: [
		['appKey', 'App Key', APP_CONSOLE],
		['appSecret', 'App Secret', APP_CONSOLE],
	],
	thirdParty: [
		['suiteKey', 'Suite Key', SUITE_CONSOLE],
		['suiteSecret', 'Suite Secret', SUITE_CONSOLE],
		['authCorpId', 'Authorising Corp ID', 'The corpId (ding...) of the organisation that installed the app; DingTalk sends it in the org_suite_auth event.'],
	],
};

/** Validates the credential and builds the token call of its mode. */
export function buildTokenRequest(credentials: ICredentialDataDecryptedObject): TokenRequestCheck {
	const base = checkBaseUrl(credentials.baseUrl);
	if (!base.ok) return { ok: false, text: { message: base.message, description: base.description } };
	const appType = appTypeOf(credentials);
	for (const [name, label, hint] of REQUIRED_FIELDS[appType]) {
		if (field(credentials, name) === '') {
			return { ok: false, text: { message: `${label} is empty`, description: `Fill in ${label}. ${hint}` } };
		}
	}
	if (appType === 'thirdParty') {
		const { ticket } = effectiveSuiteTicket(credentials);
		if (ticket === '') {
			return {
				ok: false,
				text: {
					message: 'Suite Ticket is empty',
					description:
						'Activate a DingTalk Connect Trigger on this credential: DingTalk pushes a new suite ticket to your app about every 5 hours and the trigger keeps it. Or paste the latest ticket into Suite Ticket; a customised app accepts any value, e.g. "Test".',
				},
			};
		}
		return {
			ok: true,
			baseUrl: base.baseUrl,
			path: THIRD_PARTY_GRANT_PATH,
			body: {
				suiteKey: field(credentials, 'suiteKey'),
				suiteSecret: field(credentials, 'suiteSecret'),
				authCorpId: field(credentials, 'authCorpId'),
				suiteTicket: ticket,
			},
		};
	}
	return {
		ok: true,
		baseUrl: base.baseUrl,
		path: INTERNAL_APP_GRANT_PATH,
		body: { appKey: field(credentials, 'appKey'), appSecret: field(credentials, 'appSecret') },
	};
}

/** Failures that mean the same at the token endpoint as anywhere else. */
const OWN_TEXT_KINDS = new Set<DingTalkFailure['kind']>([
	'throttled',
	'quotaExhausted',
	'ipBanned',
	'ipNotAllowed',
	'serverError',
	'nonJson',
	'connectionRefused',
	'hostNotFound',
	'connectionDropped',
	'timeout',
	'cancelled',
	'networkError',
]);

function tokenError(
	failure: DingTalkFailure,
	credentials: ICredentialDataDecryptedObject,
	baseUrl?: string,
): DingTalkTokenError {
	const secrets = credentialSecrets(credentials);
	const text = OWN_TEXT_KINDS.has(failure.kind)
		? describeFailure(failure, { baseUrl, operation: 'access token' })
		: tokenFailureText(failure);
	if (failure.requestId && !text.description.includes(failure.requestId)) {
		text.description += ` Request ID: ${failure.requestId}.`;
	}
	const safeFailure: DingTalkFailure = {
		...failure,
		detail: failure.detail ? redactSecrets(failure.detail, secrets) : undefined,
	};
	return new DingTalkTokenError(
		{ message: redactSecrets(text.message, secrets), description: redactSecrets(text.description, secrets) },
		safeFailure,
	);
}

export interface IssuedToken extends IDataObject {
	accessToken: string;
	/** Which app and base URL the token was issued for (a `tokenFingerprint`). */
	issuedFor: string;
}

/**
 * Fetches an access token for the credential's mode (the credential's preAuthentication).
 * Statuses are read rather than thrown so that DingTalk's code can be turned into a message.
 */
export async function fetchAccessToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IssuedToken> {
	const built = buildTokenRequest(credentials);
	if (!built.ok) {
		throw new DingTalkTokenError(built.text, { kind: 'tokenRejected' });
	}
	let response: unknown;
	let networkFailure: DingTalkFailure | undefined;
	try {
		response = await this.helpers.httpRequest({
			method: 'POST',
			url: `${built.baseUrl}${built.path}`,
			body: built.body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: TOKEN_TIMEOUT_MS,
		});
	} catch (error) {
		networkFailure = classifyNetworkError(error);
	}
	if (networkFailure) throw tokenError(networkFailure, credentials, built.baseUrl);

	const full = response as { statusCode: number; body: unknown; headers?: unknown };
	const classified = classifyResponse(full);
	if (!classified.ok) throw tokenError(classified.failure, credentials, built.baseUrl);
	const accessToken = classified.body.accessToken;
	if (typeof accessToken !== 'string' || accessToken === '') {
		throw tokenError(
			{ kind: 'apiError', httpStatus: full.statusCode, detail: 'the answer holds no accessToken', requestId: classified.requestId },
			credentials,
			built.baseUrl,
		);
	}
	const issued: IssuedToken = { accessToken, issuedFor: tokenFingerprint(credentials, built.baseUrl) };
	// A pushed ticket that worked is stored in the credential, so other processes (queue-mode workers) use it too.
	const { pushed } = appTypeOf(credentials) === 'thirdParty' ? effectiveSuiteTicket(credentials) : {};
	if (pushed) Object.assign(issued, { suiteTicket: pushed.ticket, suiteTicketReceivedAt: String(pushed.receivedAt) });
	return issued;
}
