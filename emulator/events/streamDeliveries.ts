// The gateway's redelivery policy for EVENT frames: an event is resent (same messageId and eventId) when
// no ACK came within the ACK timeout, or some time after a `LATER`, up to a bounded number of times.
// DingTalk's real timings are unknown beyond the Node SDK's "60s"; every figure here is configurable.
import { randomBytes } from 'node:crypto';
import { newMessageId, type StreamEvent } from './streamFrames';
import type { AckRecord, DeliveryRecord } from './streamRecords';

export interface DeliveryPolicy {
	ackTimeoutMs: number;
	laterRedeliveryMs: number;
	maxRedeliveries: number;
}

/** What the deliveries need from the gateway: a connection to send on, a timer, the records. */
export interface DeliveryIo<Target> {
	/** The connection to send on now (of this client, when given), or undefined to keep the event queued (none live, or silent). */
	pick(clientId: string | undefined): Target | undefined;
	send(target: Target, delivery: DeliveryRecord, event: StreamEvent): void;
	later(ms: number, run: () => void): void;
	record(delivery: DeliveryRecord): void;
	redelivered(): void;
	changed(): void;
	now(): number;
}

const MAX_OUTSTANDING = 5000;
const MAX_KNOWN = 10000;

interface Entry {
	delivery: DeliveryRecord;
	event: StreamEvent;
	clientId?: string;
}

export class EventDeliveries<Target> {
	private readonly pending = new Map<string, Entry>();
	/** Every delivery still remembered, so a duplicate ACK of a finished one is still told as an EVENT ACK, and it can be sent again. */
	private readonly known = new Map<string, Entry>();
	private readonly queue: string[] = [];

	constructor(
		private readonly io: DeliveryIo<Target>,
		private readonly policy: DeliveryPolicy,
	) {}

	has(messageId: string): boolean {
		return this.known.has(messageId);
	}

	/** Queues events for the connections of `clientId` (the app's appKey or suiteKey), or of any client. */
	add(events: StreamEvent[], clientId?: string): string[] {
		if (this.pending.size + events.length > MAX_OUTSTANDING) throw new Error('too many events outstanding at the gateway');
		const ids = events.map((given) => {
			const now = this.io.now();
			// Fixed once, so every resend carries the same eventId and headers.
			const event: StreamEvent = {
				eventId: randomBytes(16).toString('hex'),
				eventCorpId: 'dingemulatedcorp',
				eventBornTime: now,
				eventUnifiedAppId: randomBytes(8).toString('hex'),
				...given,
			};
			const delivery: DeliveryRecord = { messageId: newMessageId(), eventId: event.eventId as string, eventType: event.eventType, clientId, state: 'queued', attempts: 0, sentAt: [], connectionIds: [], laterCount: 0, timeouts: 0 };
			const entry = { delivery, event, clientId };
			this.io.record(delivery);
			this.pending.set(delivery.messageId, entry);
			this.known.set(delivery.messageId, entry);
			if (this.known.size > MAX_KNOWN) this.known.delete(this.known.keys().next().value as string);
			this.queue.push(delivery.messageId);
			return delivery.messageId;
		});
		this.flush();
		return ids;
	}

	/** Sends remembered events again as new deliveries: a new messageId, the same eventId and headers, the same client. */
	redeliver(messageIds: string[]): string[] {
		const entries = messageIds.map((messageId) => {
			const entry = this.known.get(messageId);
			if (!entry) throw new Error(`no delivery ${messageId} is remembered`);
			return entry;
		});
		return entries.map(({ event, clientId }) => this.add([event], clientId)[0]);
	}

	/** Sends each queued event the gateway offers a connection for; the others keep their place in the queue. */
	flush(): void {
		const waiting: string[] = [];
		while (this.queue.length > 0) {
			const messageId = this.queue.shift() as string;
			const entry = this.pending.get(messageId);
			if (!entry || entry.delivery.state !== 'queued') continue;
			const target = this.io.pick(entry.clientId);
			if (target === undefined) {
				waiting.push(messageId);
				continue;
			}
			const { delivery, event } = entry;
			delivery.state = 'sent';
			delivery.attempts++;
			delivery.sentAt.push(this.io.now());
			this.io.send(target, delivery, event);
			const attempt = delivery.attempts;
			this.io.later(this.policy.ackTimeoutMs, () => {
				if (delivery.state !== 'sent' || delivery.attempts !== attempt) return;
				delivery.timeouts++;
				delivery.state = 'queued';
				this.resend(delivery);
			});
		}
		this.queue.push(...waiting);
		this.io.changed();
	}

	/** Applies an EVENT ACK (`status` from its data) and fills in what the record says about it. */
	ack(messageId: string, ack: AckRecord, status: string | undefined): void {
		const delivery = this.known.get(messageId)?.delivery;
		if (!delivery) return;
		ack.attempt = delivery.attempts;
		ack.status = status;
		ack.latencyMs = ack.at - (delivery.sentAt[delivery.sentAt.length - 1] ?? ack.at);
		ack.late = delivery.timeouts > 0;
		ack.valid = status === 'SUCCESS' || status === 'LATER';
		if (!ack.valid || delivery.state === 'acked' || delivery.state === 'gaveUp') return;
		if (status === 'SUCCESS') {
			delivery.state = 'acked';
			this.forget(messageId);
			return;
		}
		delivery.laterCount++;
		if (delivery.state === 'sent') {
			delivery.state = 'queued';
			this.io.later(this.policy.laterRedeliveryMs, () => this.resend(delivery));
		}
	}

	/** Drops every delivery: none is sent again, and the timers still running find nothing to do. */
	clear(): void {
		for (const { delivery } of this.pending.values()) delivery.state = 'gaveUp';
		this.pending.clear();
		this.known.clear();
		this.queue.length = 0;
	}

	private resend(delivery: DeliveryRecord): void {
		if (delivery.state !== 'queued' || this.queue.includes(delivery.messageId)) return;
		if (delivery.attempts > this.policy.maxRedeliveries) {
			delivery.state = 'gaveUp';
			this.forget(delivery.messageId);
			return this.io.changed();
		}
		this.io.redelivered();
		this.queue.push(delivery.messageId);
		this.flush();
	}

	private forget(messageId: string): void {
		this.pending.delete(messageId);
		const index = this.queue.indexOf(messageId);
		if (index >= 0) this.queue.splice(index, 1);
	}
}
