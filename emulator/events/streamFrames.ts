// Stream-mode frames as DingTalk's gateway sends them, and the client's ACK frames as the gateway reads
// them. Every `data` is a JSON *string*; the client's frames are hostile until they parse to the shape.
import { randomBytes, randomUUID } from 'node:crypto';

export type FrameType = 'SYSTEM' | 'EVENT' | 'CALLBACK';

export interface ServerFrame {
	specVersion: '1.0';
	type: FrameType;
	headers: Record<string, string>;
	data: string;
}

/** An event to push over Stream: `eventType` goes in the headers, `data` is the event's own body. */
export interface StreamEvent {
	eventType: string;
	data: Record<string, unknown>;
	eventId?: string;
	eventCorpId?: string;
	eventBornTime?: number;
	eventUnifiedAppId?: string;
}

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';

/** A messageId in DingTalk's shape, e.g. `213d841d_972_1898bb26334_70a7`. */
export function newMessageId(): string {
	const hex = (bytes: number) => randomBytes(bytes).toString('hex');
	return `${hex(4)}_${parseInt(hex(2), 16) % 1000}_${Date.now().toString(16)}_${hex(2)}`;
}

export function eventFrame(event: StreamEvent, messageId: string, connectionId: string, now = Date.now()): ServerFrame {
	return {
		specVersion: '1.0',
		type: 'EVENT',
		headers: {
			topic: '*',
			messageId,
			contentType: 'application/json',
			time: String(now),
			eventType: event.eventType,
			eventId: event.eventId ?? randomBytes(16).toString('hex'),
			eventCorpId: event.eventCorpId ?? 'dingemulatedcorp',
			eventBornTime: String(event.eventBornTime ?? now),
			eventUnifiedAppId: event.eventUnifiedAppId ?? randomUUID(),
			connectionId,
		},
		data: JSON.stringify(event.data),
	};
}

export function systemFrame(topic: 'ping' | 'disconnect', data: Record<string, unknown>, messageId: string, now = Date.now()): ServerFrame {
	return {
		specVersion: '1.0',
		type: 'SYSTEM',
		headers: { topic, messageId, contentType: 'application/json', time: String(now) },
		data: JSON.stringify(data),
	};
}

export function callbackFrame(
	topic: string,
	data: Record<string, unknown>,
	messageId: string,
	connectionId: string,
	appId: string,
	now = Date.now(),
): ServerFrame {
	return {
		specVersion: '1.0',
		type: 'CALLBACK',
		headers: { topic, messageId, contentType: 'application/json', time: String(now), appId, connectionId },
		data: JSON.stringify(data),
	};
}

/** A robot (chatbot) message as the `/v1.0/im/bot/messages/get` callback carries it. */
export function robotMessage(content: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	const now = Date.now();
	return {
		conversationId: 'cidEmulated0001',
		chatbotCorpId: 'dingemulatedcorp',
		chatbotUserId: '$:LWCP_v1:$emulatedbot',
		msgId: `msg${randomBytes(8).toString('hex')}`,
		senderNick: 'Emulated User',
		isAdmin: false,
		senderStaffId: 'user001',
		sessionWebhookExpiredTime: now + 3600 * 1000,
		createAt: now,
		senderCorpId: 'dingemulatedcorp',
		conversationType: '1',
		senderId: '$:LWCP_v1:$emulatedsender',
		conversationTitle: 'Emulated Chat',
		isInAtList: true,
		sessionWebhook: 'http://127.0.0.1/robot/sendBySession?session=emulated',
		text: { content },
		robotCode: 'dingemulatedrobot',
		msgtype: 'text',
		...overrides,
	};
}

/** A frame from the client, as far as the gateway can trust it. */
export type ClientFrame =
	| { ok: true; messageId: string; code: number | undefined; data: unknown; dataText: string | undefined }
	| { ok: false; problem: 'notJson' | 'notObject' | 'noMessageId' | 'dataNotJson' };

/** Parses a client frame (ACK or ping echo): `{code, headers:{messageId, contentType}, message, data}`. */
export function parseClientFrame(text: string): ClientFrame {
	let frame: unknown;
	try {
		frame = JSON.parse(text);
	} catch {
		return { ok: false, problem: 'notJson' };
	}
	if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return { ok: false, problem: 'notObject' };
	const { code, headers, data } = frame as { code?: unknown; headers?: unknown; data?: unknown };
	const messageId = (headers as { messageId?: unknown } | null | undefined)?.messageId;
	if (typeof headers !== 'object' || typeof messageId !== 'string' || messageId === '') return { ok: false, problem: 'noMessageId' };
	let parsed: unknown = data;
	if (typeof data === 'string') {
		try {
			parsed = JSON.parse(data);
		} catch {
			return { ok: false, problem: 'dataNotJson' };
		}
	}
	return { ok: true, messageId, code: typeof code === 'number' ? code : undefined, data: parsed, dataText: typeof data === 'string' ? data : undefined };
}

/** The `status` an EVENT ACK carries in its data (`SUCCESS` or `LATER`), if any. */
export function ackStatus(data: unknown): string | undefined {
	const status = (data as { status?: unknown } | null | undefined)?.status;
	return typeof status === 'string' ? status : undefined;
}
