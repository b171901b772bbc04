// The control routes of DingTalk's event delivery, under /__emulator/events/: Stream pushes and faults,
// the gateway's stats, and HTTP callback pushes to a 127.0.0.1 endpoint (see emulator/README.md).

import { DEMO_EVENT_SETTINGS } from '../seed';
import { isRecord } from '../jsonValues';
import type { ControlRoute } from './controlRoute';
import { callbackPush, demoApp, streamPush } from './eventInput';

function field(body: unknown, name: string): unknown {
	return isRecord(body) ? body[name] : undefined;
}

function connectionId(body: unknown): string | undefined {
	const id = field(body, 'connectionId');
	if (id !== undefined && typeof id !== 'string') throw new Error('connectionId must be a string');
	return id;
}

export const EVENT_ROUTES: Record<string, ControlRoute> = {
	// Demo values, not secrets: the same ones go into the node's credential.
	'GET /__emulator/events': () => ({ settings: DEMO_EVENT_SETTINGS }),
	'GET /__emulator/events/stream/stats': (target) => target.events.stream.stats(),
	// Body: { events: [{ eventType, data, eventId?, eventCorpId? … }] or one event, app? }.
	'POST /__emulator/events/stream/push': (target, body) => {
		const { events, app } = streamPush(body);
		return { messageIds: target.events.stream.push(events, { app }) };
	},
	// Body: { content?, app?, fields?: { … any field of the robot message to override } }.
	'POST /__emulator/events/stream/robot-message': (target, body) => {
		const { content = 'hello from the emulator', app, fields } = (isRecord(body) ? body : {}) as Record<string, unknown>;
		if (typeof content !== 'string' || content.length > 4096) throw new Error('content must be a string of at most 4096 characters');
		if (fields !== undefined && !isRecord(fields)) throw new Error('fields must be an object');
		return { messageId: target.events.stream.robotMessage(content, { app: demoApp(app), fields }) };
	},
	'POST /__emulator/events/stream/ping': (target, body) => ({ messageIds: target.events.stream.ping(connectionId(body)) }),
	'POST /__emulator/events/stream/disconnect': (target, body) => {
		target.events.stream.disconnect(connectionId(body));
		return { ok: true };
	},
	'POST /__emulator/events/stream/drop': (target) => {
		target.events.stream.drop();
		return { ok: true };
	},
	// Body: { silent?: boolean } (default true).
	'POST /__emulator/events/stream/silent': (target, body) => {
		const silent = field(body, 'silent') ?? true;
		if (typeof silent !== 'boolean') throw new Error('silent must be true or false');
		target.events.stream.goSilent(silent);
		return { silent };
	},
	// Body: { count?: number } (default 1).
	'POST /__emulator/events/stream/refuse-tickets': (target, body) => {
		const count = field(body, 'count') ?? 1;
		if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 1000) throw new Error('count must be an integer in 0..1000');
		target.events.stream.refuseTickets(count);
		return { refusing: count };
	},
	// Body: { url, events, app?, variant?, faults?, retries?, … }; answers the push's records when it is done.
	'POST /__emulator/events/callbacks/push': (target, body) => target.events.pushCallbacks(callbackPush(body)),
};
