// Plays DingTalk's Stream-mode gateway: the connection-open endpoint and a WebSocket endpoint on a given
// http.Server that pushes EVENT, CALLBACK and SYSTEM (ping, disconnect) frames, redelivers an EVENT that is
// not ACKed in time (same messageId and eventId), records every ACK, and plays faults on demand.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EventDeliveries } from './streamDeliveries';
import { ackStatus, callbackFrame, eventFrame, newMessageId, parseClientFrame, ROBOT_TOPIC, systemFrame, type ServerFrame, type StreamEvent } from './streamFrames';
import { MAX_BODY_BYTES, readJsonBody, refuseUpgrade } from './streamHttp';
import { errorAnswer, StreamTickets, type OpenAnswer, type Subscription } from './streamOpen';
import { GatewayRecorder, type AckRecord, type CallbackRecord, type CloseCause, type ConnectionRecord, type GatewayStats, type PingRecord } from './streamRecords';

export interface StreamGatewayOptions {
	/** The server whose 'upgrade' event carries `/connect?ticket=…`. */
	server: http.Server;
	checkClient: (clientId: string, clientSecret: string) => boolean;
	/** Answered as `endpoint`; default `ws://127.0.0.1:<server port>/connect`. */
	endpoint?: string;
	ticketTtlMs?: number;
	/** An EVENT not ACKed within this is sent again (default 60,000 ms, the Node SDK's "60s"). */
	ackTimeoutMs?: number;
	/** An EVENT ACKed `LATER` is sent again after this (default: `ackTimeoutMs`). */
	laterRedeliveryMs?: number;
	/** Resends after the first send, then the delivery is given up (default 3). */
	maxRedeliveries?: number;
	/** After a `disconnect` frame the TCP connection is cut this much later (DingTalk: "静默10s"). */
	disconnectGraceMs?: number;
	/**
	 * Sends a SYSTEM ping on every live connection this often, from its opening, while `pinging()` holds.
	 * DingTalk documents the ping ("用于 WebSocket 长连接健康检查") but not its interval; a third-party client
	 * reports one every 20-30 s. Default 30,000 ms: that report's upper end, below the 60 s idle timeout of
	 * common proxies, and four pings within the trigger's 120 s silent limit, so one lost ping costs nothing.
	 */
	pingIntervalMs?: number;
	/** Whether the periodic ping is on now (the emulator's `streamPing` knob); default: always. `ping()` works either way. */
	pinging?: () => boolean;
	maxConnections?: number;
	now?: () => number;
}

interface Connection {
	ws: WebSocket;
	record: ConnectionRecord;
	subscriptions: Subscription[];
	pingTimer?: NodeJS.Timeout;
}

/** Pings and robot callbacks awaiting their answer (EVENTs live in `EventDeliveries`). */
type Outstanding = { kind: 'ping'; ping: PingRecord } | { kind: 'callback'; callback: CallbackRecord };

const MAX_PUSH = 500;
const MAX_OUTSTANDING = 5000;

export class StreamGateway {
	private readonly options: Required<Omit<StreamGatewayOptions, 'endpoint' | 'now'>> & Pick<StreamGatewayOptions, 'endpoint'>;
	private readonly now: () => number;
	private readonly tickets: StreamTickets;
	private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES, autoPong: false });
	private readonly connections = new Map<string, Connection>();
	private readonly outstanding = new Map<string, Outstanding>();
	private readonly deliveries: EventDeliveries<Connection>;
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly recorder = new GatewayRecorder();
	private readonly stats_: GatewayStats = this.recorder.stats;
	private silent = false;
	private refuseTickets_ = 0;
	private closed = false;
	private readonly onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head);

	constructor(options: StreamGatewayOptions) {
		this.options = {
			ticketTtlMs: 90000,
			ackTimeoutMs: 60000,
			laterRedeliveryMs: options.ackTimeoutMs ?? 60000,
			maxRedeliveries: 3,
			disconnectGraceMs: 10000,
			pingIntervalMs: 30000,
			pinging: () => true,
			maxConnections: 8,
			...options,
		};
		if (!(this.options.pingIntervalMs > 0)) {
			throw new Error("pingIntervalMs must be a positive number of milliseconds (a DingTalk that never pings is streamPing 'none')");
		}
		this.now = options.now ?? Date.now;
		this.tickets = new StreamTickets(options.checkClient, this.options.ticketTtlMs, this.now);
		this.deliveries = new EventDeliveries<Connection>(
			{
				pick: (clientId) => (this.silent || this.closed ? undefined : this.pick('EVENT', '*', clientId)),
				send: (connection, delivery, event) => {
					delivery.connectionIds.push(connection.record.id);
					this.send(connection, eventFrame(event, delivery.messageId, connection.record.id, this.now()), 'EVENT');
				},
				later: (ms, run) => this.later(ms, run),
				record: (delivery) => this.keep(this.stats_.deliveries, delivery),
				redelivered: () => this.stats_.redeliveries++,
				changed: () => this.changed(),
				now: () => this.now(),
			},
			this.options,
		);
		options.server.on('upgrade', this.onUpgrade);
	}

	/** `POST /v1.0/gateway/connections/open`, given the parsed body and the request's Accept header. */
	handleOpen(body: unknown, accept: string | undefined = 'application/json'): OpenAnswer {
		if (this.closed) return errorAnswer(503, 'ServiceUnavailable', 'the gateway is closed');
		const answer = this.tickets.open(body, accept, this.endpoint());
		const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
		if (answer.ticket) this.stats_.ticketsIssued++;
		this.keep(this.stats_.opens, {
			at: this.now(),
			clientId: typeof fields.clientId === 'string' ? fields.clientId : undefined,
			ua: typeof fields.ua === 'string' ? fields.ua : undefined,
			subscriptions: fields.subscriptions,
			accepted: Boolean(answer.ticket),
			status: answer.status,
			code: answer.code,
		});
		this.changed();
		return answer;
	}

	/** Serves the open endpoint on a plain Node server; answers false for any other request. */
	handleHttp(req: http.IncomingMessage, res: http.ServerResponse): boolean {
		if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/v1.0/gateway/connections/open') return false;
		void readJsonBody(req).then((body) => {
			const answer = this.handleOpen(body, req.headers.accept);
			res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) });
			res.end(answer.body);
		});
		return true;
	}

	/** Queues EVENT frames; each goes to the newest live connection subscribed to EVENT `*` (of `clientId`, when given). */
	push(events: StreamEvent[], clientId?: string): string[] {
		this.assertOpen();
		if (events.length > MAX_PUSH) throw new Error(`at most ${MAX_PUSH} events per push`);
		return this.deliveries.add(events, clientId);
	}

	/**
	 * Sends pushed events again under new messageIds, with the same eventId and headers: DingTalk's resend of
	 * an event whose ACK it missed, reaching a client that may have restarted since.
	 */
	redeliver(messageIds: string[]): string[] {
		this.assertOpen();
		return this.deliveries.redeliver(messageIds);
	}

	/** Sends a robot message as a CALLBACK frame (fire-and-forget, never resent), to `clientId`'s connection when given. */
	callback(data: Record<string, unknown>, topic = ROBOT_TOPIC, clientId?: string): string {
		this.assertOpen();
		const connection = this.silent ? undefined : this.pick('CALLBACK', topic, clientId);
		const record: CallbackRecord = { messageId: newMessageId(), topic, connectionId: connection?.record.id, sentAt: this.now() };
		this.keep(this.stats_.callbacks, record);
		if (connection && this.outstanding.size < MAX_OUTSTANDING) {
			this.outstanding.set(record.messageId, { kind: 'callback', callback: record });
			this.send(connection, callbackFrame(topic, data, record.messageId, connection.record.id, connection.record.clientId), 'CALLBACK');
		}
		this.changed();
		return record.messageId;
	}

	/** Sends SYSTEM ping to one or every live connection; the client must echo its `opaque`. */
	ping(connectionId?: string): string[] {
		if (this.silent || this.closed) return [];
		return this.live(connectionId).map((connection) => {
			const ping: PingRecord = { messageId: newMessageId(), connectionId: connection.record.id, opaque: randomBytes(8).toString('hex'), sentAt: this.now() };
			this.keep(this.stats_.pings, ping);
			if (this.outstanding.size < MAX_OUTSTANDING) this.outstanding.set(ping.messageId, { kind: 'ping', ping });
			this.send(connection, systemFrame('ping', { opaque: ping.opaque }, ping.messageId), 'ping');
			return ping.messageId;
		});
	}

	/** Sends SYSTEM disconnect, stops using the connection, and cuts it after `disconnectGraceMs`. */
	disconnect(connectionId?: string): void {
		for (const connection of this.live(connectionId)) {
			connection.record.goingAway = true;
			if (!this.silent) this.send(connection, systemFrame('disconnect', { reason: 'connection is expired' }, newMessageId()), 'disconnect');
			this.later(this.options.disconnectGraceMs, () => this.cut(connection, 'disconnect'));
		}
		this.changed();
	}

	disconnectAll(): void {
		this.disconnect();
	}

	/** Fault: ends every socket at once, without a close frame (as a network failure would). */
	drop(): void {
		for (const connection of this.connections.values()) this.cut(connection, 'drop');
	}

	/** Fault: sends nothing (no frames, no pongs) and ignores the client's frames, with TCP left open. */
	goSilent(silent = true): void {
		this.silent = silent;
		if (!silent) this.deliveries.flush();
	}

	/** Fault: the next `count` upgrades are refused even with a good ticket (the ticket is used up). */
	refuseTickets(count = 1): void {
		this.refuseTickets_ = Math.max(0, Math.floor(count));
	}

	/** Forgets the records, the queued and unACKed events and the faults; open connections stay open. */
	reset(): void {
		this.silent = false;
		this.refuseTickets_ = 0;
		this.deliveries.clear();
		this.outstanding.clear();
		this.recorder.reset([...this.connections.values()].map((connection) => connection.record));
	}

	stats(): GatewayStats {
		return this.recorder.snapshot(this.connections.size);
	}

	/** Resolves with the stats once `predicate` holds; rejects after `timeoutMs`. */
	waitFor(predicate: (stats: GatewayStats) => boolean, timeoutMs = 5000): Promise<GatewayStats> {
		return this.recorder.waitFor(() => this.stats(), predicate, timeoutMs);
	}

	/** Ends every socket and timer, and detaches from the server. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.options.server.off('upgrade', this.onUpgrade);
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const connection of this.connections.values()) this.cut(connection, 'gateway');
		this.tickets.clear();
		await new Promise<void>((resolve) => this.wss.close(() => resolve()));
	}

	private endpoint(): string {
		if (this.options.endpoint) return this.options.endpoint;
		const address = this.options.server.address() as AddressInfo | null;
		return `ws://127.0.0.1:${address?.port ?? 0}/connect`;
	}

	private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (this.closed || url.pathname !== '/connect') return refuseUpgrade(socket, 404, 'NotFound');
		if (this.connections.size >= this.options.maxConnections) return refuseUpgrade(socket, 503, 'TooManyConnections');
		const check = this.tickets.redeem(url.searchParams.get('ticket'), this.refuseTickets_ > 0);
		if (!check.ok) {
			if (check.refusal === 'fault') this.refuseTickets_--;
			this.stats_.ticketsRefused[check.refusal]++;
			this.changed();
			return refuseUpgrade(socket, 401, 'InvalidTicket');
		}
		this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, check.ticket.clientId, check.ticket.subscriptions));
	}

	private opened(ws: WebSocket, clientId: string, subscriptions: Subscription[]): void {
		const record: ConnectionRecord = { id: randomBytes(8).toString('hex'), clientId, openedAt: this.now(), goingAway: false };
		const connection: Connection = { ws, record, subscriptions };
		this.connections.set(record.id, connection);
		this.keep(this.stats_.connections, record);
		this.stats_.connectionsOpened++;
		this.stats_.maxOpenAtOnce = Math.max(this.stats_.maxOpenAtOnce, this.connections.size);
		ws.on('message', (data: RawData, isBinary: boolean) => this.received(connection, data, isBinary));
		ws.on('ping', (data: Buffer) => {
			if (!this.silent) ws.pong(data);
		});
		ws.on('error', () => this.cut(connection, 'client'));
		ws.on('close', () => this.closedConnection(connection, 'client'));
		connection.pingTimer = setInterval(() => {
			if (this.options.pinging()) this.ping(record.id);
		}, this.options.pingIntervalMs);
		connection.pingTimer.unref();
		this.deliveries.flush();
		this.changed();
	}

	private received(connection: Connection, data: RawData, isBinary: boolean): void {
		if (this.silent) {
			this.stats_.framesIgnored++;
			return this.changed();
		}
		const frame = isBinary ? undefined : parseClientFrame(data.toString());
		if (!frame?.ok) {
			this.stats_.invalidFrames++;
			return this.changed();
		}
		const at = this.now();
		const pending = this.outstanding.get(frame.messageId);
		const isEvent = this.deliveries.has(frame.messageId);
		const ack: AckRecord = { messageId: frame.messageId, kind: isEvent ? 'event' : (pending?.kind ?? 'unknown'), connectionId: connection.record.id, at, code: frame.code, late: false, valid: false };
		if (isEvent) this.deliveries.ack(frame.messageId, ack, ackStatus(frame.data));
		else if (pending?.kind === 'ping') {
			ack.latencyMs = at - pending.ping.sentAt;
			ack.valid = frame.code === 200 && (frame.data as { opaque?: unknown } | null)?.opaque === pending.ping.opaque;
			pending.ping.echoedAt = at;
			pending.ping.echoOk = ack.valid;
			this.outstanding.delete(frame.messageId);
		} else if (pending?.kind === 'callback') {
			ack.latencyMs = at - pending.callback.sentAt;
			ack.valid = typeof frame.data === 'object' && frame.data !== null && 'response' in frame.data;
			pending.callback.ackedAt = at;
			this.outstanding.delete(frame.messageId);
		}
		this.keep(this.stats_.acks, ack);
		this.changed();
	}

	private pick(type: 'EVENT' | 'CALLBACK', topic: string, clientId?: string): Connection | undefined {
		const candidates = this.live().filter(
			(c) => (clientId === undefined || c.record.clientId === clientId) && c.subscriptions.some((s) => s.type === type && s.topic === topic),
		);
		return candidates[candidates.length - 1];
	}

	private live(connectionId?: string): Connection[] {
		return [...this.connections.values()].filter((c) => !c.record.goingAway && (connectionId === undefined || c.record.id === connectionId));
	}

	private send(connection: Connection, frame: ServerFrame, kind: keyof GatewayStats['framesSent']): void {
		this.stats_.framesSent[kind]++;
		connection.ws.send(JSON.stringify(frame));
	}

	private cut(connection: Connection, cause: CloseCause): void {
		connection.ws.terminate();
		this.closedConnection(connection, cause);
	}

	private closedConnection(connection: Connection, cause: CloseCause): void {
		clearInterval(connection.pingTimer);
		if (!this.connections.delete(connection.record.id)) return;
		connection.record.closedAt = this.now();
		connection.record.closedBy = cause;
		this.stats_.connectionsClosed++;
		this.changed();
	}

	private later(ms: number, run: () => void): void {
		if (this.closed) return;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			run();
		}, ms);
		timer.unref();
		this.timers.add(timer);
	}

	private keep<T>(list: T[], entry: T): void {
		this.recorder.keep(list, entry);
	}

	private changed(): void {
		this.recorder.changed();
	}

	private assertOpen(): void {
		if (this.closed) throw new Error('the gateway is closed');
	}
}
