// `POST /v1.0/gateway/connections/open`: checks the client and its subscriptions, and issues a
// single-use ticket that lives 90 seconds ("ticket的有效期为90秒且只能用来建立一条连接").
import { randomUUID } from 'node:crypto';
import type { FrameType } from './streamFrames';

export interface Subscription {
	type: FrameType;
	topic: string;
}

export interface Ticket {
	ticket: string;
	clientId: string;
	subscriptions: Subscription[];
	issuedAt: number;
	used: boolean;
}

export interface OpenAnswer {
	status: number;
	contentType: string;
	body: string;
	/** The ticket issued, when the open succeeded (the caller's record; never logged by the gateway). */
	ticket?: Ticket;
	/** The error code, when the open failed. */
	code?: string;
}

/** How an upgrade's ticket was judged; `fault` is the emulator refusing a good ticket on purpose. */
export type TicketRefusal = 'missing' | 'unknown' | 'reused' | 'expired' | 'fault';
export type TicketCheck = { ok: true; ticket: Ticket } | { ok: false; refusal: TicketRefusal };

export interface OpenRecord {
	at: number;
	clientId?: string;
	ua?: string;
	subscriptions?: unknown;
	accepted: boolean;
	status: number;
	code?: string;
}

const FRAME_TYPES: readonly string[] = ['SYSTEM', 'EVENT', 'CALLBACK'];
const MAX_TICKETS = 1000;

export function errorAnswer(status: number, code: string, message: string): OpenAnswer {
	return {
		status,
		contentType: 'application/json;charset=utf-8',
		body: JSON.stringify({ code, message, requestid: randomUUID().toUpperCase() }),
		code,
	};
}

/** Subscriptions as DingTalk documents them; an EVENT topic other than `*` is refused ("仅支持星号"). */
function checkedSubscriptions(value: unknown): Subscription[] | undefined {
	if (!Array.isArray(value) || value.length === 0 || value.length > 50) return undefined;
	const subscriptions: Subscription[] = [];
	for (const entry of value) {
		const { type, topic } = (entry ?? {}) as { type?: unknown; topic?: unknown };
		if (typeof type !== 'string' || !FRAME_TYPES.includes(type) || typeof topic !== 'string' || topic === '') return undefined;
		if (type === 'EVENT' && topic !== '*') return undefined;
		subscriptions.push({ type: type as FrameType, topic });
	}
	return subscriptions;
}

/** The ticket store and the open endpoint; `now` is injectable so expiry can be tested without waiting. */
export class StreamTickets {
	private readonly tickets = new Map<string, Ticket>();

	constructor(
		private readonly checkClient: (clientId: string, clientSecret: string) => boolean,
		private readonly ttlMs: number,
		private readonly now: () => number = Date.now,
	) {}

	open(body: unknown, accept: string | undefined, endpoint: string): OpenAnswer {
		const { clientId, clientSecret, subscriptions } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
		if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
			return errorAnswer(400, 'MissingParameter', 'clientId and clientSecret are required');
		}
		if (!this.checkClient(clientId, clientSecret)) {
			return errorAnswer(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret (invalid clientId or clientSecret)');
		}
		const checked = checkedSubscriptions(subscriptions);
		if (!checked) {
			return errorAnswer(400, 'invalidParameter', 'subscriptions must be a non-empty list of {type: SYSTEM|EVENT|CALLBACK, topic}; EVENT takes only "*"');
		}
		this.purge();
		if (this.tickets.size >= MAX_TICKETS) return errorAnswer(429, 'Throttling', 'too many outstanding tickets');
		const ticket: Ticket = { ticket: randomUUID(), clientId, subscriptions: checked, issuedAt: this.now(), used: false };
		this.tickets.set(ticket.ticket, ticket);
		// The Node SDK notes the answer is XML unless the request asks for JSON ("否则默认返回的会是xml").
		if (!accept?.toLowerCase().includes('application/json')) {
			return {
				status: 200,
				contentType: 'application/xml;charset=utf-8',
				body: `<OpenConnectionResponse><endpoint>${endpoint}</endpoint><ticket>${ticket.ticket}</ticket></OpenConnectionResponse>`,
				ticket,
			};
		}
		return { status: 200, contentType: 'application/json;charset=utf-8', body: JSON.stringify({ endpoint, ticket: ticket.ticket }), ticket };
	}

	/** Uses up a ticket: whatever the outcome, the same ticket never opens a second connection. */
	redeem(value: string | null, refuse: boolean): TicketCheck {
		if (!value) return { ok: false, refusal: 'missing' };
		const ticket = this.tickets.get(value);
		if (!ticket) return { ok: false, refusal: 'unknown' };
		if (ticket.used) return { ok: false, refusal: 'reused' };
		ticket.used = true;
		if (this.now() - ticket.issuedAt > this.ttlMs) return { ok: false, refusal: 'expired' };
		if (refuse) return { ok: false, refusal: 'fault' };
		return { ok: true, ticket };
	}

	/** Forgets tickets well past their life (kept a while longer so a reuse is still told from an unknown ticket). */
	private purge(): void {
		const cutoff = this.now() - 10 * this.ttlMs;
		for (const [value, ticket] of this.tickets) if (ticket.issuedAt < cutoff) this.tickets.delete(value);
	}

	clear(): void {
		this.tickets.clear();
	}
}
