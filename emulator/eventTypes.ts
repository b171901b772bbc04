// The event-delivery API of a running emulator (`emulator.events`), apart from its implementation in
// eventDelivery.ts, so that types.ts can name it without importing the state the delivery works on.

import type { CallbackApp, CallbackEvent, GatewayStats, PushOptions, PushResult, StreamEvent, StreamGatewayOptions } from './events';
import type { DemoAppName } from './seed';

/** The gateway's timings and bounds, e.g. `{ ackTimeoutMs: 500 }` for a test that waits for a redelivery. */
export type StreamOptions = Partial<Omit<StreamGatewayOptions, 'server' | 'checkClient' | 'endpoint' | 'now' | 'pinging'>>;

/** A suite-ticket push built with the emulator's current ticket of that suite. */
export interface SuiteTicketRequest {
	kind: 'suiteTicket';
	/** Default: the pushing app's suiteKey when it is a suite, else `DEMO_CREDENTIALS.suite.suiteKey`. */
	suiteKey?: string;
	/** `syncHttp` (default): `SYNC_HTTP_PUSH_HIGH` with one `biz_type` 2 item; `legacy`: the `suite_ticket` event. */
	style?: 'syncHttp' | 'legacy';
	/** Rotate the ticket first (`rotateSuiteTicket`), so the push carries a new one. */
	rotate?: boolean;
}

export type EmulatorCallbackEvent = CallbackEvent | SuiteTicketRequest;

export interface EmulatorPushOptions extends Omit<PushOptions, 'app' | 'events'> {
	/** A demo app (its `DEMO_EVENT_SETTINGS`), or settings of your own; default `corp`. */
	app?: DemoAppName | CallbackApp;
	events: EmulatorCallbackEvent[];
}

/** Which app's Stream connections take a push: a demo app's, or (absent) any app's. */
export interface StreamTarget {
	app?: DemoAppName;
}

export interface EmulatorStream {
	/**
	 * Queues EVENT frames for the newest live connection subscribed to EVENT `*`, of the app when given;
	 * `eventCorpId` defaults to the app's organisation (org A without an app).
	 */
	push(events: StreamEvent[], target?: StreamTarget): string[];
	/** Sends pushed events again under new messageIds (same eventId and headers, same app), as a resend after a missed ACK. */
	redeliver(messageIds: string[]): string[];
	/** Sends a robot message (CALLBACK on `/v1.0/im/bot/messages/get`) with this text; `fields` override the message's. */
	robotMessage(content: string, options?: StreamTarget & { fields?: Record<string, unknown> }): string;
	/** Sends any CALLBACK frame (default topic: the robot's). */
	callback(data: Record<string, unknown>, options?: StreamTarget & { topic?: string }): string;
	ping(connectionId?: string): string[];
	/** SYSTEM disconnect, then the cut after `disconnectGraceMs`. */
	disconnect(connectionId?: string): void;
	/** Fault: every socket ends without a close frame. */
	drop(): void;
	/** Fault: no frames, no pongs, the client's frames ignored; `goSilent(false)` resumes. */
	goSilent(silent?: boolean): void;
	/** Fault: the next `count` upgrades are refused even with a good ticket. */
	refuseTickets(count?: number): void;
	stats(): GatewayStats;
	waitFor(predicate: (stats: GatewayStats) => boolean, timeoutMs?: number): Promise<GatewayStats>;
}

export interface EmulatorEvents {
	stream: EmulatorStream;
	/** Pushes HTTP callbacks to a 127.0.0.1 endpoint, as DingTalk would for the app, and judges each reply. */
	pushCallbacks(options: EmulatorPushOptions): Promise<PushResult>;
	/** The push DingTalk sends a suite with its ticket: the emulator's current one (after a rotation when `rotate`). */
	suiteTicketEvent(request?: Omit<SuiteTicketRequest, 'kind'>): CallbackEvent;
}
