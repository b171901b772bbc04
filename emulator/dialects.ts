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
	| 'deleteMissing'
	| 'streamPing';

type Dialect = Pick<EmulatorConfig, AnswerKnob>;

/*
 * Each knob's answer in every dialect, side by side:
 * - sdk: what the SDK models and the sample show, and our default choice where they are silent (DEFAULT_CONFIG).
 * - gateway: an API gateway in front: REST-style statuses, capitalised keys, lean list answers.
 * - errorCode: the Connect platform's codes ride in a 200's errorCode, as connector failures do; delete is idempotent.
 * - status400: every client error is a 400 (4004 included), "already exists" has no code of its own.
 * DingTalk documents its Stream health-check ping but not how often it comes, so two dialects never send it
 * on their own (streamPing 'none'): a client must stay connected, and find a dead socket, either way.
 */
const ANSWERS: { [K in AnswerKnob]: Record<DialectName, EmulatorConfig[K]> } = {
	secondCreation: {
		sdk: 'succeed',
		gateway: { status: 400, code: 'instance.already.exists' },
		errorCode: { status: 409, code: 'Conflict.InstanceExists' },
		status400: { status: 400 },
	},
	connectErrorCarrier: { sdk: 'body', gateway: 'body', errorCode: 'errorCode', status400: 'body' },
	notFoundStatus: { sdk: 404, gateway: 404, errorCode: 404, status400: 400 },
	notFoundCode: { sdk: '4004', gateway: 'InstanceNotFound', errorCode: '4004', status400: '4004' },
	errorKeys: { sdk: 'lower', gateway: 'capitalised', errorCode: 'lower', status400: 'capitalised' },
	expiredTokenStatus: { sdk: 400, gateway: 401, errorCode: 400, status400: 401 },
	pageTokens: { sdk: 'opaque', gateway: 'number', errorCode: 'numericString', status400: 'opaque' },
	lastPageToken: { sdk: 'empty', gateway: 'absent', errorCode: 'empty', status400: 'absent' },
	hasMoreField: { sdk: true, gateway: false, errorCode: true, status400: true },
	authorizedField: { sdk: true, gateway: false, errorCode: true, status400: true },
	totalCount: { sdk: 'sdk', gateway: 'number', errorCode: 'string', status400: 'sdk' },
	suiteKeepsPreviousToken: { sdk: true, gateway: false, errorCode: true, status400: false },
	deleteMissing: { sdk: 'notFound', gateway: 'notFound', errorCode: 'succeed', status400: 'notFound' },
	streamPing: { sdk: 'periodic', gateway: 'none', errorCode: 'periodic', status400: 'none' },
};

/** One dialect's column of ANSWERS: every knob, in the table's order. */
function dialect(name: DialectName): Dialect {
	return Object.fromEntries(Object.entries(ANSWERS).map(([knob, answers]) => [knob, answers[name]])) as Dialect;
}

export const DIALECTS: Record<DialectName, Partial<EmulatorConfig>> = {
	sdk: dialect('sdk'),
	gateway: dialect('gateway'),
	errorCode: dialect('errorCode'),
	status400: dialect('status400'),
};

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
