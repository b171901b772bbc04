// Checks the bodies of the event control routes: they come from another process, so every field is
// checked before the gateway or the pusher sees it, and every count and time is bounded.

import { CALLBACK_FAULT_KINDS, PUSH_LIMITS, type CallbackApp, type CallbackFault, type CallbackVariant, type StreamEvent } from '../events';
import type { EmulatorCallbackEvent, EmulatorPushOptions } from '../eventTypes';
import { DEMO_APP_NAMES, type DemoAppName } from '../seed';
import { isRecord } from '../jsonValues';

const MAX_STREAM_EVENTS = 500;
const MAX_PUSH_DURATION_MS = 60000;

function text(value: unknown, name: string, optional = false): string | undefined {
	if (value === undefined && optional) return undefined;
	if (typeof value !== 'string' || value === '' || value.length > 4096) throw new Error(`${name} must be a non-empty string`);
	return value;
}

function boundedNumber(value: unknown, name: string, min: number, max: number): number | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number in ${min}..${max}`);
	return value;
}

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T | undefined {
	if (value === undefined) return undefined;
	if (!allowed.includes(value as T)) throw new Error(`${name} must be one of ${allowed.join(', ')}`);
	return value as T;
}

function list(value: unknown, name: string, max: number): unknown[] {
	const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
	if (items.length === 0 || items.length > max) throw new Error(`${name} must hold 1 to ${max} entries`);
	return items;
}

function record(value: unknown, name: string, optional = false): Record<string, unknown> | undefined {
	if (value === undefined && optional) return undefined;
	if (!isRecord(value)) throw new Error(`${name} must be an object`);
	return value;
}

export function demoApp(value: unknown, name = 'app'): DemoAppName | undefined {
	return oneOf(value, name, DEMO_APP_NAMES);
}

/** `{ events: [...] | event, app? }` of `POST /__emulator/events/stream/push`. */
export function streamPush(body: unknown): { events: StreamEvent[]; app?: DemoAppName } {
	const fields = record(body ?? {}, 'body') as Record<string, unknown>;
	const events = list(fields.events, 'events', MAX_STREAM_EVENTS).map((entry, i) => {
		const event = record(entry, `events[${i}]`) as Record<string, unknown>;
		return {
			eventType: text(event.eventType, `events[${i}].eventType`) as string,
			data: record(event.data ?? {}, `events[${i}].data`) as Record<string, unknown>,
			eventId: text(event.eventId, `events[${i}].eventId`, true),
			eventCorpId: text(event.eventCorpId, `events[${i}].eventCorpId`, true),
			eventBornTime: boundedNumber(event.eventBornTime, `events[${i}].eventBornTime`, 0, Number.MAX_SAFE_INTEGER),
			eventUnifiedAppId: text(event.eventUnifiedAppId, `events[${i}].eventUnifiedAppId`, true),
		};
	});
	// Absent optional fields must stay absent, so that the gateway's defaults apply.
	return { events: events.map((event) => JSON.parse(JSON.stringify(event)) as StreamEvent), app: demoApp(fields.app) };
}

function callbackApp(value: unknown): DemoAppName | CallbackApp | undefined {
	if (value === undefined || typeof value === 'string') return demoApp(value);
	const app = record(value, 'app') as Record<string, unknown>;
	return { token: text(app.token, 'app.token') as string, aesKey: text(app.aesKey, 'app.aesKey') as string, ownerKey: text(app.ownerKey, 'app.ownerKey') as string };
}

type EventCheck = (event: Record<string, unknown>, at: string) => EmulatorCallbackEvent;

const CALLBACK_EVENTS: Record<EmulatorCallbackEvent['kind'], EventCheck> = {
	business: (event, at) => ({ kind: 'business', eventType: text(event.eventType, `${at}.eventType`) as string, fields: record(event.fields, `${at}.fields`, true) }),
	probe: (event, at) => ({ kind: 'probe', eventType: oneOf(event.eventType, `${at}.eventType`, ['check_url', 'check_create_suite_url', 'check_update_suite_url'] as const) }),
	syncHttpPush: (event, at) => ({
		kind: 'syncHttpPush',
		priority: oneOf(event.priority, `${at}.priority`, ['HIGH', 'MEDIUM'] as const),
		items: list(event.items, `${at}.items`, 100).map((entry, i) => {
			const item = record(entry, `${at}.items[${i}]`) as Record<string, unknown>;
			return {
				biz_type: boundedNumber(item.biz_type, `${at}.items[${i}].biz_type`, 0, 1000) ?? 0,
				biz_id: text(item.biz_id, `${at}.items[${i}].biz_id`) as string,
				corp_id: text(item.corp_id, `${at}.items[${i}].corp_id`) as string,
				biz_data: record(item.biz_data, `${at}.items[${i}].biz_data`) as Record<string, unknown>,
			};
		}),
	}),
	legacySuiteTicket: (event, at) => ({ kind: 'legacySuiteTicket', suiteKey: text(event.suiteKey, `${at}.suiteKey`) as string, suiteTicket: text(event.suiteTicket, `${at}.suiteTicket`) as string }),
	raw: (event, at) => ({ kind: 'raw', plaintext: text(event.plaintext, `${at}.plaintext`) as string }),
	suiteTicket: (event, at) => {
		if (event.rotate !== undefined && typeof event.rotate !== 'boolean') throw new Error(`${at}.rotate must be true or false`);
		return { kind: 'suiteTicket', suiteKey: text(event.suiteKey, `${at}.suiteKey`, true), style: oneOf(event.style, `${at}.style`, ['syncHttp', 'legacy'] as const), rotate: event.rotate };
	},
};

function callbackEvent(entry: unknown, i: number): EmulatorCallbackEvent {
	const at = `events[${i}]`;
	const event = record(entry, at) as Record<string, unknown>;
	const kinds = Object.keys(CALLBACK_EVENTS) as Array<EmulatorCallbackEvent['kind']>;
	const kind = oneOf(event.kind, `${at}.kind`, kinds);
	if (kind === undefined) throw new Error(`${at}.kind must be one of ${kinds.join(', ')}`);
	return CALLBACK_EVENTS[kind](event, at);
}

function faults(value: unknown, events: number): CallbackFault[] | undefined {
	if (value === undefined) return undefined;
	return list(value, 'faults', events * CALLBACK_FAULT_KINDS.length).map((entry, i) => {
		const fault = record(entry, `faults[${i}]`) as Record<string, unknown>;
		const at = boundedNumber(fault.at, `faults[${i}].at`, 0, events - 1) as number;
		if (!Number.isInteger(at)) throw new Error(`faults[${i}].at must be the index of an event`);
		const kind = oneOf(fault.kind, `faults[${i}].kind`, CALLBACK_FAULT_KINDS);
		if (kind === undefined) throw new Error(`faults[${i}].kind must be one of ${CALLBACK_FAULT_KINDS.join(', ')}`);
		return { at, kind };
	});
}

function variant(value: unknown): CallbackVariant | undefined {
	const fields = record(value, 'variant', true);
	if (!fields) return undefined;
	return {
		signatureParam: oneOf(fields.signatureParam, 'variant.signatureParam', ['signature', 'msg_signature'] as const),
		timestampParam: oneOf(fields.timestampParam, 'variant.timestampParam', ['timestamp', 'timeStamp'] as const),
		timestampUnit: oneOf(fields.timestampUnit, 'variant.timestampUnit', ['seconds', 'milliseconds'] as const),
	};
}

/** The body of `POST /__emulator/events/callbacks/push`: only 127.0.0.1 URLs, at most 200 events, 5 retries, 60 s. */
export function callbackPush(body: unknown): EmulatorPushOptions {
	const fields = record(body, 'body') as Record<string, unknown>;
	const url = text(fields.url, 'url') as string;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new Error('url must be an absolute http://127.0.0.1 URL');
	}
	if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1') throw new Error('url must be an http://127.0.0.1 URL');
	const events = list(fields.events, 'events', PUSH_LIMITS.maxEvents).map(callbackEvent);
	return {
		url,
		app: callbackApp(fields.app),
		events,
		variant: variant(fields.variant),
		faults: faults(fields.faults, events.length),
		retries: boundedNumber(fields.retries, 'retries', 0, PUSH_LIMITS.maxRetries),
		retryBackoffMs: boundedNumber(fields.retryBackoffMs, 'retryBackoffMs', 0, PUSH_LIMITS.maxBackoffMs),
		deadlineMs: boundedNumber(fields.deadlineMs, 'deadlineMs', 1, PUSH_LIMITS.maxRequestTimeoutMs),
		requestTimeoutMs: boundedNumber(fields.requestTimeoutMs, 'requestTimeoutMs', 1, PUSH_LIMITS.maxRequestTimeoutMs),
		maxDurationMs: boundedNumber(fields.maxDurationMs, 'maxDurationMs', 1, MAX_PUSH_DURATION_MS) ?? MAX_PUSH_DURATION_MS,
	};
}
