import type { RecentIds } from '../../events/recentIds';
import { isKept, type DingTalkEvent } from '../../events/event';
import {
	callbackAck,
	eventAck,
	frameEvent,
	parseFrame,
	pingReply,
	type ReplyFrame,
	type StreamFrame,
} from './frames';
import { reconnectDelay, type ReconnectPolicy } from './connectionRequest';

/** The part of the WHATWG WebSocket (Node's global) the client uses, so tests can pass a fake. */
export interface SocketLike {
	readonly readyState: number;
	send(data: string): void;
	close(code?: number, reason?: string): void;
	addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: { data?: unknown }) => void): void;
}

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

export interface StreamLogger {
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
}

export interface StreamClientOptions {
	/** Asks DingTalk for a new endpoint and ticket; called for every connection, a ticket opens only one. */
	openConnection: () => Promise<string>;
	createSocket: SocketFactory;
	/** Hands an event to the workflow; a throw makes the client answer LATER. */
	onEvent: (event: DingTalkEvent) => void | Promise<void>;
	/** Every suite ticket DingTalk pushes, whatever the Events filter keeps. */
	onSuiteTicket?: (ticket: string) => void;
	/** Whether CALLBACK frames (robot messages) are handed on; they are acknowledged either way. */
	callbacks: boolean;
	eventTypes: string[];
	recent: RecentIds;
	identity: string;
	logger: StreamLogger;
	sleep: (ms: number) => Promise<void>;
	now: () => number;
	random: () => number;
	backoff: ReconnectPolicy;
	/** How often the watchdog looks, how long a socket may stay silent, how long an opening may take. */
	watchdog: { checkEveryMs: number; silentMs: number; openTimeoutMs: number };
	/** Called at each look of the watchdog, for what else must not wait forever. */
	onCheck?: () => void;
}

interface Pending {
	socket: SocketLike;
	since: number;
	settle: (opened: boolean) => void;
}

/**
 * One DingTalk Stream connection kept alive: a new ticket for every socket, exponential backoff with
 * jitter, a watchdog for silent sockets, and on `disconnect` the next socket opened before the old closes.
 * At most one socket is current; during a hand-over the old one closes as soon as the new one is open.
 */
export class StreamClient {
	private current: SocketLike | null = null;

	private pending: Pending | null = null;

	private readonly ended = new WeakSet<SocketLike>();

	private stopped = false;

	private handover = false;

	private attempt = 0;

	private lastFrameAt = 0;

	/** When the current socket opened, and whether DingTalk has sent a frame on it: together, whether it was established. */
	private openedAt = 0;

	private carriedFrame = false;

	private loop: Promise<void> | undefined;

	private watchdogLoop: Promise<void> | undefined;

	/** Waits in progress, ended early by stop(); each removes itself when its time is up. */
	private readonly waits = new Set<() => void>();

	constructor(private readonly options: StreamClientOptions) {}

	/** Opens the first connection; throws if it cannot, so activation (or the test event) shows why. */
	async start(): Promise<void> {
		this.attempt = 1;
		await this.openNext();
		this.watchdogLoop ??= this.watch();
	}

	/** Closes every socket and ends every wait; nothing reconnects afterwards. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		for (const end of this.waits) end();
		this.waits.clear();
		this.pending?.settle(false);
		// The reconnect loop may be inside a gateway request; it sees the stop flag once that returns.
		if (this.current) this.drop(this.current, 'closed by n8n');
		this.current = null;
		await this.watchdogLoop;
	}

	get isConnected(): boolean {
		return this.current !== null;
	}

	private async wait(ms: number): Promise<void> {
		if (this.stopped) return;
		await new Promise<void>((resolve) => {
			const end = () => {
				this.waits.delete(end);
				resolve();
			};
			this.waits.add(end);
			void this.options.sleep(ms).then(end, end);
		});
	}

	/** Starts the one reconnect loop unless it runs already. */
	private kick(): void {
		if (this.stopped || this.loop) return;
		this.loop = this.reconnect().finally(() => {
			this.loop = undefined;
			if (!this.stopped && (this.current === null || this.handover)) this.kick();
		});
	}

	private async reconnect(): Promise<void> {
		while (!this.stopped && (this.current === null || this.handover)) {
			if (this.attempt > 0) {
				const delay = reconnectDelay(this.attempt - 1, this.options.backoff, this.options.random);
				this.options.logger.info(`DingTalk Stream: reconnecting in ${delay} ms`);
				await this.wait(delay);
				if (this.stopped) return;
			}
			this.attempt++;
			try {
				await this.openNext();
				this.handover = false;
			} catch (error) {
				if (!this.stopped) this.options.logger.warn(`DingTalk Stream: connection failed: ${(error as Error).message}`);
			}
		}
	}

	/** Asks for a new ticket, opens a socket and makes it current; the previous one is closed after. */
	private async openNext(): Promise<void> {
		const url = await this.options.openConnection();
		if (this.stopped) return;
		const socket = this.options.createSocket(url);
		const opened = await new Promise<boolean>((resolve) => {
			let settled = false;
			const settle = (value: boolean) => {
				if (settled) return;
				settled = true;
				this.pending = null;
				resolve(value);
			};
			this.pending = { socket, since: this.options.now(), settle };
			socket.addEventListener('open', () => settle(true));
			socket.addEventListener('message', (event) => void this.onMessage(socket, event.data));
			socket.addEventListener('close', () => {
				settle(false);
				this.onEnd(socket);
			});
			socket.addEventListener('error', () => {
				settle(false);
				this.drop(socket, 'socket error');
			});
		});
		if (this.stopped) {
			this.drop(socket, 'closed by n8n');
			return;
		}
		if (!opened || this.ended.has(socket)) {
			this.drop(socket, 'did not open');
			throw new Error('the socket did not open');
		}
		const previous = this.current;
		this.current = socket;
		this.lastFrameAt = this.options.now();
		this.openedAt = this.lastFrameAt;
		this.carriedFrame = false;
		this.options.logger.info('DingTalk Stream: connected');
		// After `disconnect` DingTalk sends nothing more on the old socket, so it closes once the new one is open.
		if (previous) this.drop(previous, 'handed over');
	}

	/** Forgets a socket at once (a dead TCP link may never report its close) and closes it. */
	private drop(socket: SocketLike, reason: string): void {
		this.onEnd(socket);
		try {
			socket.close(1000, reason);
		} catch {
			this.options.logger.debug('DingTalk Stream: closing a socket failed');
		}
	}

	private onEnd(socket: SocketLike): void {
		if (this.ended.has(socket)) return;
		this.ended.add(socket);
		if (socket !== this.current) return;
		this.current = null;
		if (!this.stopped) {
			if (this.wasEstablished()) this.attempt = 1;
			this.options.logger.info('DingTalk Stream: connection closed');
			this.kick();
		}
	}

	/**
	 * Established: DingTalk sent a frame on it, or it stayed open for `stableMs`. After such a connection the
	 * waits start again from the base delay (never at once, so a server that closes after every frame cannot
	 * make the client spin); a socket that opens and closes at once is a failed attempt and keeps backing off.
	 */
	private wasEstablished(): boolean {
		return this.carriedFrame || this.options.now() - this.openedAt >= this.options.backoff.stableMs;
	}

	private async watch(): Promise<void> {
		const { checkEveryMs, silentMs, openTimeoutMs } = this.options.watchdog;
		while (!this.stopped) {
			await this.wait(checkEveryMs);
			if (this.stopped) return;
			this.options.onCheck?.();
			const now = this.options.now();
			if (this.pending && now - this.pending.since > openTimeoutMs) {
				this.options.logger.warn('DingTalk Stream: the socket did not open in time');
				this.pending.settle(false);
			}
			if (this.current && now - this.lastFrameAt > silentMs) {
				this.options.logger.warn(`DingTalk Stream: no frame for ${Math.round((now - this.lastFrameAt) / 1000)} s, reconnecting`);
				this.drop(this.current, 'silent');
			}
		}
	}

	private send(socket: SocketLike, reply: ReplyFrame): void {
		if (socket.readyState !== OPEN) return;
		try {
			socket.send(JSON.stringify(reply));
		} catch {
			this.options.logger.debug('DingTalk Stream: a reply could not be sent');
		}
	}

	private async onMessage(socket: SocketLike, raw: unknown): Promise<void> {
		if (this.ended.has(socket)) return;
		if (socket === this.current) {
			this.lastFrameAt = this.options.now();
			this.carriedFrame = true;
		}
		const parsed = parseFrame(raw);
		if (!parsed.ok) {
			this.options.logger.warn(`DingTalk Stream: frame ignored: ${parsed.reason}`);
			return;
		}
		const { frame } = parsed;
		if (frame.type === 'SYSTEM') this.onSystem(socket, frame);
		else await this.onDelivery(socket, frame);
	}

	private onSystem(socket: SocketLike, frame: StreamFrame): void {
		if (frame.topic === 'ping') {
			this.send(socket, pingReply(frame));
		} else if (frame.topic === 'disconnect') {
			this.options.logger.info('DingTalk Stream: DingTalk announced a disconnect, opening the next connection');
			if (socket === this.current) {
				this.handover = true;
				this.attempt = 0;
				this.kick();
			}
		} else {
			this.options.logger.debug(`DingTalk Stream: system frame ${frame.topic}`);
		}
	}

	private async onDelivery(socket: SocketLike, frame: StreamFrame): Promise<void> {
		const isEvent = frame.type === 'EVENT';
		const ack = (status: 'SUCCESS' | 'LATER') =>
			this.send(socket, isEvent ? eventAck(frame.messageId, status) : callbackAck(frame.messageId));
		const event = frameEvent(frame);
		if (event === null) {
			// It can never be read, so asking for it again would only repeat it.
			this.options.logger.warn('DingTalk Stream: event ignored: data not JSON');
			ack('SUCCESS');
			return;
		}
		if (isEvent && event.suiteTicket !== undefined) this.options.onSuiteTicket?.(event.suiteTicket);
		const wanted = isEvent ? isKept(this.options.eventTypes, event) : this.options.callbacks;
		if (!wanted || !this.options.recent.firstSighting(this.options.identity, event.eventId)) {
			ack('SUCCESS');
			return;
		}
		try {
			await this.options.onEvent(event);
			ack('SUCCESS');
		} catch (error) {
			this.options.recent.forget(this.options.identity, event.eventId);
			this.options.logger.warn(`DingTalk Stream: the workflow could not take an event, asked for it later: ${(error as Error).message}`);
			ack('LATER');
		}
	}
}
