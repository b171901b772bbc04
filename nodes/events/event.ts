import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** One event, whichever way it arrived. DingTalk's names for DingTalk's fields. */
export interface DingTalkEvent {
	eventType: string;
	eventId: string;
	corpId: string;
	bornTime: string;
	data: IDataObject;
	/** Stream frame headers, or the callback's query without its signature. */
	headers: IDataObject;
	/** Set when the event carries a suite ticket; kept out of the output item (it is a secret). */
	suiteTicket?: string;
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

/** The item a trigger emits for one event. */
export function toOutputItem(event: DingTalkEvent): INodeExecutionData {
	return {
		json: {
			eventType: event.eventType,
			eventId: event.eventId,
			corpId: event.corpId,
			bornTime: event.bornTime,
			data: event.suiteTicket === undefined ? event.data : withoutTicket(event.data),
			headers: event.headers,
		},
	};
}

/** "bpms_instance_change, user_add_org" → the list; empty means every type. */
export function parseEventTypes(raw: unknown): string[] {
	if (typeof raw !== 'string') return [];
	return raw
		.split(/[\s,]+/)
		.map((name) => name.trim())
		.filter((name) => name !== '');
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
