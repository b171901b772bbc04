// What the Stream gateway records, as plain data a test can assert on (see `StreamGateway.stats()`).
import { EventEmitter } from 'node:events';
import type { OpenRecord, TicketRefusal } from './streamOpen';

export type CloseCause = 'client' | 'drop' | 'disconnect' | 'gateway';

export interface ConnectionRecord {
	id: string;
	clientId: string;
	openedAt: number;
	closedAt?: number;
	closedBy?: CloseCause;
	/** A `disconnect` frame was sent; no new frames go to this connection. */
	goingAway: boolean;
}

export interface DeliveryRecord {
	messageId: string;
	eventId: string;
	eventType: string;
	/** The app whose connections may take it (appKey or suiteKey); absent: any connection. */
	clientId?: string;
	/** `queued` waits for a live connection (or for the gateway to stop being silent). */
	state: 'queued' | 'sent' | 'acked' | 'gaveUp';
	/** Times sent; every resend keeps the same messageId and eventId. */
	attempts: number;
	sentAt: number[];
	connectionIds: string[];
	laterCount: number;
	/** ACK timeouts that passed without an ACK (each one causes a resend, or the give-up). */
	timeouts: number;
}

export interface AckRecord {
	messageId: string;
	kind: 'event' | 'ping' | 'callback' | 'unknown';
	connectionId: string;
	at: number;
	code?: number;
	/** `SUCCESS` / `LATER` for an EVENT ACK. */
	status?: string;
	/** For an EVENT: how many times it had been sent when this ACK came. */
	attempt?: number;
	/** Milliseconds since the frame was (last) sent. */
	latencyMs?: number;
	/** An ACK timeout had already passed for this event (the ACK was slower than the gateway's patience). */
	late: boolean;
	/** The ACK has what its kind needs (EVENT: status SUCCESS or LATER; ping: the same opaque, code 200; CALLBACK: a `response` key). */
	valid: boolean;
}

export interface PingRecord {
	messageId: string;
	connectionId: string;
	opaque: string;
	sentAt: number;
	echoedAt?: number;
	echoOk?: boolean;
}

export interface CallbackRecord {
	messageId: string;
	topic: string;
	/** No connection had subscribed to the topic: the message is dropped (DingTalk's robot pushes are fire-and-forget). */
	connectionId?: string;
	sentAt: number;
	ackedAt?: number;
}

export interface GatewayStats {
	opens: OpenRecord[];
	ticketsIssued: number;
	ticketsRefused: Record<TicketRefusal, number>;
	connectionsOpened: number;
	connectionsClosed: number;
	openNow: number;
	maxOpenAtOnce: number;
	connections: ConnectionRecord[];
	deliveries: DeliveryRecord[];
	redeliveries: number;
	acks: AckRecord[];
	pings: PingRecord[];
	callbacks: CallbackRecord[];
	framesSent: Record<'EVENT' | 'CALLBACK' | 'ping' | 'disconnect', number>;
	/** Client frames that did not parse, or were too large. */
	invalidFrames: number;
	/** Client frames the gateway ignored while silent. */
	framesIgnored: number;
	/** Records not kept because a list reached its bound. */
	recordsDropped: number;
}

export const MAX_RECORDS = 10000;

export function emptyStats(): GatewayStats {
	return {
		opens: [],
		ticketsIssued: 0,
		ticketsRefused: { missing: 0, unknown: 0, reused: 0, expired: 0, fault: 0 },
		connectionsOpened: 0,
		connectionsClosed: 0,
		openNow: 0,
		maxOpenAtOnce: 0,
		connections: [],
		deliveries: [],
		redeliveries: 0,
		acks: [],
		pings: [],
		callbacks: [],
		framesSent: { EVENT: 0, CALLBACK: 0, ping: 0, disconnect: 0 },
		invalidFrames: 0,
		framesIgnored: 0,
		recordsDropped: 0,
	};
}

/** Holds the records, keeps every list bounded, and lets a caller wait for a condition over them. */
export class GatewayRecorder {
	readonly stats: GatewayStats = emptyStats();
	private readonly changes = new EventEmitter().setMaxListeners(100);

	keep<T>(list: T[], entry: T): void {
		if (list.length < MAX_RECORDS) list.push(entry);
		else this.stats.recordsDropped++;
	}

	changed(): void {
		this.changes.emit('change');
	}

	/** Forgets every record, in place (the gateway holds `stats`); the connections still open stay listed. */
	reset(live: ConnectionRecord[]): void {
		Object.assign(this.stats, emptyStats(), { connections: [...live], maxOpenAtOnce: live.length });
		this.changed();
	}

	snapshot(openNow: number): GatewayStats {
		return { ...structuredClone(this.stats), openNow };
	}

	/** Resolves with `read()` once `predicate` holds over it; rejects after `timeoutMs`. */
	waitFor(read: () => GatewayStats, predicate: (stats: GatewayStats) => boolean, timeoutMs: number): Promise<GatewayStats> {
		return new Promise((resolve, reject) => {
			const check = () => {
				const stats = read();
				if (!predicate(stats)) return;
				done();
				resolve(stats);
			};
			const timer = setTimeout(() => {
				done();
				reject(new Error(`gateway condition not met within ${timeoutMs} ms`));
			}, timeoutMs);
			timer.unref();
			const done = () => {
				clearTimeout(timer);
				this.changes.off('change', check);
			};
			this.changes.on('change', check);
			check();
		});
	}
}
