import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { appTypeOf, credentialField } from '../DingTalkConnect/transport/appScope';
import { formatOffset, offsetMinutes } from '../DingTalkConnect/helpers/coerceInput';

/** One event, whichever way it arrived. DingTalk's names for DingTalk's fields. */
export interface DingTalkEvent {
	eventType: string;
	/** The event's own id, else `plaintextId` of what DingTalk encrypted or framed. */
	eventId: string;
	/** The event's organisation, '' when the event names none (the credential's then stands in). */
	corpId: string;
	/** Milliseconds since the epoch; null when the event carries no time that can be read. */
	bornTime: number | null;
	data: IDataObject;
	/** Stream frame headers, or the callback's query without its signature. */
	headers: IDataObject;
	/** Set when the event carries a suite ticket; kept out of the output item (it is a secret). */
	suiteTicket?: string;
}

/** What the trigger adds to every item: where the event is read, not what DingTalk sent. */
export interface ItemContext {
	/** The credential's organisation, for an event that names none; null when the credential names none either. */
	organisation: string | null;
	/** ISO 8601 with the workflow time zone's offset. */
	receivedAt: string;
}

// Where a suite ticket can sit in an event's data: legacy `SuiteTicket`, SyncHTTP `biz_data.suiteTicket`.
const TICKET_FIELDS = ['SuiteTicket', 'suiteTicket'];

// Object.fromEntries defines keys, so a hostile "__proto__" key stays a plain key.
function withoutTicket(data: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(data)
			.filter(([name]) => !TICKET_FIELDS.includes(name))
			.map(([name, value]) => [name, isDataObject(value) ? withoutTicket(value) : value]),
	) as IDataObject;
}

/** The item a trigger emits for one event: the same fields over HTTP and over Stream. */
export function toOutputItem(event: DingTalkEvent, context: ItemContext): INodeExecutionData {
	return {
		json: {
			eventType: event.eventType,
			eventId: event.eventId,
			corpId: event.corpId !== '' ? event.corpId : context.organisation,
			bornTime: event.bornTime,
			data: event.suiteTicket === undefined ? event.data : withoutTicket(event.data),
			receivedAt: context.receivedAt,
			headers: event.headers,
		},
	};
}

/**
 * The organisation a credential acts for: a third-party app's authorising corp, an internal app's
 * Event Corp ID (the only corp an internal app's credential holds); null when it holds none.
 */
export function organisationOf(credentials: ICredentialDataDecryptedObject): string | null {
	const corpId = credentialField(credentials, appTypeOf(credentials) === 'thirdParty' ? 'authCorpId' : 'eventCorpId');
	return corpId !== '' ? corpId : null;
}

/** `nowMs` as ISO 8601 in `timeZone` with its offset, e.g. 2026-12-05T17:30:00.000+08:00; UTC ("Z") for an unknown zone. */
export function receivedAtIn(timeZone: string, nowMs: number): string {
	const offset = offsetMinutes(timeZone, nowMs);
	if (offset === undefined) return new Date(nowMs).toISOString();
	return `${new Date(nowMs + offset * 60_000).toISOString().slice(0, -1)}${formatOffset(offset)}`;
}

/** A stable id for an event that has none: the same plaintext always gives the same id. */
export function plaintextId(plaintext: string): string {
	return createHash('sha256').update(plaintext).digest('hex');
}

// Below this a number is seconds (10^11 s is the year 5138), at or above it milliseconds (10^11 ms is 1973).
const SECONDS_BELOW = 1e11;
const DIGITS = /^\d+(\.\d+)?$/;
// An ISO 8601 date-time with an offset or Z; a time without one names no instant, so it is not guessed at.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

function millisOf(value: unknown): number | null {
	let number: number;
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string' && DIGITS.test(value.trim())) number = Number(value.trim());
	else if (typeof value === 'string' && ISO_WITH_OFFSET.test(value.trim())) number = Date.parse(value.trim().replace(' ', 'T'));
	else return null;
	if (!Number.isFinite(number) || number <= 0) return null;
	return Math.round(number < SECONDS_BELOW ? number * 1000 : number);
}

/**
 * The first candidate that reads as a time, in milliseconds. DingTalk sends seconds (the callback's
 * timestamp) or milliseconds (Stream headers, SyncHTTP rows), as numbers or strings: both are read.
 */
export function bornTimeOf(...candidates: unknown[]): number | null {
	for (const candidate of candidates) {
		const ms = millisOf(candidate);
		if (ms !== null) return ms;
	}
	return null;
}

/** ["bpms_instance_change", "user_add_org"] or the older "bpms_instance_change, user_add_org" → the list; empty means every type. */
export function parseEventTypes(...raws: unknown[]): string[] {
	const names = raws.flatMap((raw) => (Array.isArray(raw) ? raw : [raw])).filter((raw): raw is string => typeof raw === 'string');
	return [...new Set(names.flatMap((text) => text.split(/[\s,]+/)).filter((name) => name !== ''))];
}

export function isKept(eventTypes: string[], event: DingTalkEvent): boolean {
	return eventTypes.length === 0 || eventTypes.includes(event.eventType);
}

/** A field as text, for ids and times that DingTalk sends as strings or numbers. */
export function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

export function isDataObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
