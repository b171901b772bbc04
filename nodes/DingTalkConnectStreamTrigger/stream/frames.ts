import type { IDataObject } from 'n8n-workflow';

import { bornTimeOf, isDataObject, plaintextId, textOf, type DingTalkEvent } from '../../events/event';

export type FrameType = 'SYSTEM' | 'EVENT' | 'CALLBACK';

export interface StreamFrame {
	type: FrameType;
	topic: string;
	messageId: string;
	headers: IDataObject;
	/** Still a JSON string, as DingTalk sends it. */
	data: string;
}

export type FrameFailure = 'frame too large' | 'frame not JSON' | 'unknown frame type' | 'no topic' | 'no messageId' | 'data not a string';

export type FrameCheck = { ok: true; frame: StreamFrame } | { ok: false; reason: FrameFailure };

export const MAX_FRAME_LENGTH = 4 * 1024 * 1024;
const FRAME_TYPES: FrameType[] = ['SYSTEM', 'EVENT', 'CALLBACK'];

/** Reads one frame from the socket; anything unexpected is refused, never thrown. */
export function parseFrame(raw: unknown): FrameCheck {
	if (typeof raw !== 'string') return { ok: false, reason: 'frame not JSON' };
	if (raw.length > MAX_FRAME_LENGTH) return { ok: false, reason: 'frame too large' };
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return { ok: false, reason: 'frame not JSON' };
	}
	if (!isDataObject(value)) return { ok: false, reason: 'frame not JSON' };
	const type = FRAME_TYPES.find((known) => known === value.type);
	if (type === undefined) return { ok: false, reason: 'unknown frame type' };
	const headers: IDataObject = {};
	if (isDataObject(value.headers)) {
		for (const [name, header] of Object.entries(value.headers)) {
			const text = textOf(header);
			if (text !== '') headers[name] = text;
		}
	}
	const topic = textOf(headers.topic);
	if (topic === '') return { ok: false, reason: 'no topic' };
	const messageId = textOf(headers.messageId);
	if (messageId === '') return { ok: false, reason: 'no messageId' };
	if (typeof value.data !== 'string') return { ok: false, reason: 'data not a string' };
	return { ok: true, frame: { type, topic, messageId, headers, data: value.data } };
}

export interface ReplyFrame {
	code: number;
	headers: IDataObject;
	message: string;
	data: string;
}

/** A SYSTEM ping is answered with its own headers and data. */
export function pingReply(frame: StreamFrame): ReplyFrame {
	return { code: 200, headers: frame.headers, message: 'OK', data: frame.data };
}

export type EventStatus = 'SUCCESS' | 'LATER';

/** The ACK of an EVENT: SUCCESS, or LATER to have DingTalk push it again. */
export function eventAck(messageId: string, status: EventStatus): ReplyFrame {
	return {
		code: 200,
		headers: { contentType: 'application/json', messageId },
		message: 'OK',
		data: JSON.stringify({ status }),
	};
}

/** The ACK of a CALLBACK (e.g. a robot message); DingTalk accepts a null response. */
export function callbackAck(messageId: string): ReplyFrame {
	return {
		code: 200,
		headers: { contentType: 'application/json', messageId },
		message: 'OK',
		data: JSON.stringify({ response: null }),
	};
}

/**
 * The event an EVENT or CALLBACK frame carries. The event's type and ids live in the headers;
 * a CALLBACK has none, so its topic and the hash of its data stand in.
 */
export function frameEvent(frame: StreamFrame): DingTalkEvent | null {
	let data: unknown;
	try {
		data = JSON.parse(frame.data);
	} catch {
		return null;
	}
	if (!isDataObject(data)) return null;
	const { headers } = frame;
	const event: DingTalkEvent = {
		eventType: textOf(headers.eventType) || frame.topic,
		eventId: textOf(headers.eventId) || plaintextId(frame.data),
		corpId: textOf(headers.eventCorpId) || textOf(data.chatbotCorpId) || textOf(data.senderCorpId),
		bornTime: bornTimeOf(headers.eventBornTime, data.createAt, headers.time),
		data,
		headers,
	};
	// Whether DingTalk pushes suite tickets over Stream is not documented; if it does, keep it out of the item.
	const ticket = textOf(data.suiteTicket);
	if (ticket !== '') event.suiteTicket = ticket;
	return event;
}
