import type { IDataObject } from 'n8n-workflow';

import { bornTimeOf, isDataObject, plaintextId, textOf, type DingTalkEvent } from '../../events/event';

/** Why a decrypted callback could not be read. */
export type ContentFailure = 'not JSON' | 'no event type' | 'bad bizData';

/** URL-validation probes: answered with the encrypted "success", never run as events. */
export const PROBE_EVENT_TYPES = ['check_url', 'check_create_suite_url', 'check_update_suite_url'] as const;

export const SYNC_PUSH_EVENT_TYPES = ['SYNC_HTTP_PUSH_HIGH', 'SYNC_HTTP_PUSH_MEDIUM'];

// biz_type 2 is the suite ticket ("套件票据") in DingTalk's SyncHTTP data format.
const SUITE_TICKET_BIZ_TYPE = 2;

export type CallbackContent =
	| { kind: 'probe'; eventType: string }
	| { kind: 'events'; eventType: string; events: DingTalkEvent[] };

export type ContentCheck = { ok: true; content: CallbackContent } | { ok: false; reason: ContentFailure };

function parseObject(text: string): IDataObject | null {
	try {
		const value: unknown = JSON.parse(text);
		return isDataObject(value) ? value : null;
	} catch {
		return null;
	}
}

/** One SyncHTTP `bizData` entry, its `biz_data` JSON string parsed. */
function syncPushEvent(entry: IDataObject, pushType: string, headers: IDataObject): DingTalkEvent | null {
	const bizData = typeof entry.biz_data === 'string' ? parseObject(entry.biz_data) : null;
	if (bizData === null) return null;
	const data: IDataObject = { ...entry, biz_data: bizData };
	const syncAction = textOf(bizData.syncAction);
	const event: DingTalkEvent = {
		eventType: syncAction !== '' ? syncAction : pushType,
		// `id` names the pushed row; the tuple is DingTalk's stated uniqueness when it is absent.
		eventId:
			textOf(entry.id) ||
			[entry.subscribe_id, entry.corp_id, entry.biz_id, entry.biz_type, entry.gmt_modified].map(textOf).join(':'),
		corpId: textOf(entry.corp_id),
		bornTime: bornTimeOf(entry.gmt_modified, entry.gmt_create),
		data,
		headers,
	};
	const ticket = textOf(bizData.suiteTicket);
	if (entry.biz_type === SUITE_TICKET_BIZ_TYPE && ticket !== '') event.suiteTicket = ticket;
	return event;
}

// Keys of the plaintext that the item carries at its top level (eventType, eventId, corpId, bornTime):
// Stream sends them as headers, so `data` is the event's own body over both deliveries.
const ENVELOPE_KEYS = ['EventType', 'eventId', 'EventId', 'CorpId', 'EventTime'];

/** A business event (or legacy `suite_ticket`); `plaintext` is what DingTalk encrypted, the id of an event without one. */
function plainEvent(message: IDataObject, eventType: string, headers: IDataObject, plaintext: string): DingTalkEvent {
	const event: DingTalkEvent = {
		eventType,
		eventId: textOf(message.eventId) || textOf(message.EventId) || plaintextId(plaintext),
		corpId: textOf(message.CorpId) || textOf(message.corpId) || textOf(message.AuthCorpId),
		// The request's timestamp (seconds or milliseconds) is when DingTalk sent it: the last resort.
		bornTime: bornTimeOf(message.EventTime, message.TimeStamp, message.timeStamp, headers.timestamp ?? headers.timeStamp),
		data: Object.fromEntries(Object.entries(message).filter(([name]) => !ENVELOPE_KEYS.includes(name))) as IDataObject,
		headers,
	};
	const ticket = textOf(message.SuiteTicket);
	if (eventType === 'suite_ticket' && ticket !== '') event.suiteTicket = ticket;
	return event;
}

/** Reads the decrypted JSON of a callback. */
export function readCallbackContent(plaintext: string, headers: IDataObject): ContentCheck {
	const message = parseObject(plaintext);
	if (message === null) return { ok: false, reason: 'not JSON' };
	const eventType = textOf(message.EventType);
	if (eventType === '') return { ok: false, reason: 'no event type' };
	if ((PROBE_EVENT_TYPES as readonly string[]).includes(eventType)) {
		return { ok: true, content: { kind: 'probe', eventType } };
	}
	if (!SYNC_PUSH_EVENT_TYPES.includes(eventType)) {
		return { ok: true, content: { kind: 'events', eventType, events: [plainEvent(message, eventType, headers, plaintext)] } };
	}
	if (!Array.isArray(message.bizData)) return { ok: false, reason: 'bad bizData' };
	const events: DingTalkEvent[] = [];
	for (const entry of message.bizData) {
		const event = isDataObject(entry) ? syncPushEvent(entry, eventType, headers) : null;
		if (event === null) return { ok: false, reason: 'bad bizData' };
		events.push(event);
	}
	return { ok: true, content: { kind: 'events', eventType, events } };
}
