// Dialects: each one a coherent, plausible DingTalk for the answers DingTalk's documented Connect API
// leaves unknown or shows only in samples. A dialect sets every answer knob and nothing else (never
// qpsLimit, latency, faults or seed), so switching dialects replaces the previous one's answers completely.

import type { EmulatorConfig } from './types';
import { DIALECT_NAMES, type DialectName } from './dialectNames';
import { clone } from './jsonValues';

/** The knobs a dialect decides: the answers nobody documents. */
type AnswerKnob =
	| 'secondCreation'
	| 'connectErrorCarrier'
	| 'notFoundStatus'
	| 'notFoundCode'
	| 'errorKeys'
	| 'expiredTokenStatus'
	| 'pageTokens'
	| 'lastPageToken'
	| 'hasMoreField'
	| 'authorizedField'
	| 'totalCount'
	| 'suiteKeepsPreviousToken'
	| 'deleteMissing';

type Dialect = Pick<EmulatorConfig, AnswerKnob>;

/** What the SDK models and the sample show, and our default choice where they are silent (DEFAULT_CONFIG). */
const sdk: Dialect = {
	secondCreation: 'succeed',
	connectErrorCarrier: 'body',
	notFoundStatus: 404,
	notFoundCode: '4004',
	errorKeys: 'lower',
	expiredTokenStatus: 400,
	pageTokens: 'opaque',
	lastPageToken: 'empty',
	hasMoreField: true,
	authorizedField: true,
	totalCount: 'sdk',
	suiteKeepsPreviousToken: true,
	deleteMissing: 'notFound',
};

/** An API gateway in front: REST-style statuses, capitalised keys, lean list answers. */
const gateway: Dialect = {
	secondCreation: { status: 400, code: 'instance.already.exists' },
	connectErrorCarrier: 'body',
	notFoundStatus: 404,
	notFoundCode: 'InstanceNotFound',
	errorKeys: 'capitalised',
	expiredTokenStatus: 401,
	pageTokens: 'number',
	lastPageToken: 'absent',
	hasMoreField: false,
	authorizedField: false,
	totalCount: 'number',
	suiteKeepsPreviousToken: false,
	deleteMissing: 'notFound',
};

/** The Connect platform's codes ride in a 200's errorCode, as connector failures do; delete is idempotent. */
const errorCode: Dialect = {
	secondCreation: { status: 409, code: 'Conflict.InstanceExists' },
	connectErrorCarrier: 'errorCode',
	notFoundStatus: 404,
	notFoundCode: '4004',
	errorKeys: 'lower',
	expiredTokenStatus: 400,
	pageTokens: 'numericString',
	lastPageToken: 'empty',
	hasMoreField: true,
	authorizedField: true,
	totalCount: 'string',
	suiteKeepsPreviousToken: true,
	deleteMissing: 'succeed',
};

/** Every client error is a 400 (4004 included), "already exists" has no code of its own. */
const status400: Dialect = {
	secondCreation: { status: 400 },
	connectErrorCarrier: 'body',
	notFoundStatus: 400,
	notFoundCode: '4004',
	errorKeys: 'capitalised',
	expiredTokenStatus: 401,
	pageTokens: 'opaque',
	lastPageToken: 'absent',
	hasMoreField: true,
	authorizedField: true,
	totalCount: 'sdk',
	suiteKeepsPreviousToken: false,
	deleteMissing: 'notFound',
};

export const DIALECTS: Record<DialectName, Partial<EmulatorConfig>> = { sdk, gateway, errorCode, status400 };

export function isDialectName(name: unknown): name is DialectName {
	return typeof name === 'string' && (DIALECT_NAMES as readonly string[]).includes(name);
}

/** The name as a DialectName; an unknown one throws an error that lists the known ones. */
export function dialectNamed(name: string): DialectName {
	if (!isDialectName(name)) throw new Error(`unknown emulator dialect "${name}"; known dialects: ${DIALECT_NAMES.join(', ')}`);
	return name;
}

/** A copy of the dialect's knobs; an unknown name throws an error that lists the known ones. */
export function dialectConfig(name: string): Partial<EmulatorConfig> {
	return clone(DIALECTS[dialectNamed(name)]);
}
