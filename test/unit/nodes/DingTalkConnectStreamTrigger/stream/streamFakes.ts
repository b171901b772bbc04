import {
	eventFrame as gatewayEventFrame,
	systemFrame as gatewaySystemFrame,
	type ServerFrame,
} from '../../../../../emulator/events/streamFrames';
import { RecentIds } from '../../../../../nodes/events/recentIds';
import type { DingTalkEvent } from '../../../../../nodes/events/event';
import {
	StreamClient,
	type SocketLike,
	type StreamClientOptions,
} from '../../../../../nodes/DingTalkConnectStreamTrigger/stream/streamClient';

type Listener = (event: { data?: unknown }) => void;

/** A WebSocket stand-in; the test plays the server with open(), serverSend() and serverClose(). */
export class FakeSocket implements SocketLike {
	readyState = 0;

	readonly sent: Array<Record<string, unknown>> = [];

	closedWith: { code?: number; reason?: string } | undefined;

	private readonly listeners = new Map<string, Listener[]>();

	constructor(readonly url: string) {}

	addEventListener(type: string, listener: Listener): void {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
	}

	send(data: string): void {
		if (this.readyState !== 1) throw new Error('not open');
		this.sent.push(JSON.parse(data) as Record<string, unknown>);
	}

	close(code?: number, reason?: string): void {
		if (this.readyState >= 2) return;
		this.readyState = 2;
		this.closedWith = { code, reason };
		void Promise.resolve().then(() => {
			this.readyState = 3;
			this.fire('close', {});
		});
	}

	open(): void {
		this.readyState = 1;
		this.fire('open', {});
	}

	serverSend(frame: unknown): void {
		this.fire('message', { data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
	}

	serverClose(): void {
		this.readyState = 3;
		this.fire('close', {});
	}

	fail(): void {
		this.fire('error', {});
	}

	private fire(type: string, event: { data?: unknown }): void {
		for (const listener of this.listeners.get(type) ?? []) listener(event);
	}
}

/** Virtual time: sleep() waits until advance() passes its deadline. */
export class FakeClock {
	now = 1_000_000;

	readonly sleeps: number[] = [];

	private waiting: Array<{ at: number; resolve: () => void }> = [];

	sleep = (ms: number): Promise<void> => {
		this.sleeps.push(ms);
		return new Promise((resolve) => this.waiting.push({ at: this.now + ms, resolve }));
	};

	async advance(ms: number): Promise<void> {
		const end = this.now + ms;
		for (;;) {
			const due = this.waiting.filter((w) => w.at <= end).sort((a, b) => a.at - b.at)[0];
			if (!due) break;
			this.now = Math.max(this.now, due.at);
			this.waiting = this.waiting.filter((w) => w !== due);
			due.resolve();
			await settle();
		}
		this.now = end;
		await settle();
	}
}

export async function settle(): Promise<void> {
	for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

// The frames come from the emulator's gateway, with fixed ids and times so that a case can name them.
export function eventFrame(eventId: string, messageId = `m-${eventId}`, eventType = 'user_add_org'): ServerFrame {
	const data = { timestamp: '1685501863357', userId: ['u1'] };
	return gatewayEventFrame({ eventType, eventId, eventCorpId: 'dingcorp1', eventBornTime: 1683533823336, data }, messageId, 'connection-1', 1693221579964);
}

export function systemFrame(topic: 'ping' | 'disconnect', data: Record<string, unknown>, messageId = `sys-${topic}`): ServerFrame {
	return gatewaySystemFrame(topic, data, messageId, 1);
}

export interface Bed {
	client: StreamClient;
	clock: FakeClock;
	sockets: FakeSocket[];
	tickets: string[];
	events: DingTalkEvent[];
	logs: Array<{ level: string; message: string }>;
	gatewayFailures: { next: number };
	emitFailures: { next: number };
	autoOpen: { value: boolean };
	/** Sockets that are open or opening. */
	live(): FakeSocket[];
}

export function makeBed(overrides: Partial<StreamClientOptions> = {}): Bed {
	const clock = new FakeClock();
	const sockets: FakeSocket[] = [];
	const tickets: string[] = [];
	const events: DingTalkEvent[] = [];
	const logs: Array<{ level: string; message: string }> = [];
	const gatewayFailures = { next: 0 };
	const emitFailures = { next: 0 };
	const autoOpen = { value: true };
	const log = (level: string) => (message: string) => logs.push({ level, message });
	const client = new StreamClient({
		openConnection: async () => {
			if (gatewayFailures.next > 0) {
				gatewayFailures.next--;
				throw new Error('DingTalk refused to open a Stream connection (HTTP 503)');
			}
			const ticket = `ticket-${tickets.length + 1}`;
			tickets.push(ticket);
			return `wss://stream.example.test/connect?ticket=${ticket}`;
		},
		createSocket: (url) => {
			const socket = new FakeSocket(url);
			sockets.push(socket);
			if (autoOpen.value) void Promise.resolve().then(() => socket.open());
			return socket;
		},
		onEvent: (event) => {
			if (emitFailures.next > 0) {
				emitFailures.next--;
				throw new Error('emit failed');
			}
			events.push(event);
		},
		callbacks: false,
		eventTypes: [],
		recent: new RecentIds({ maxSize: 100, maxAgeMs: 60_000, now: () => clock.now }),
		identity: 'app:dingtestappkey',
		logger: { debug: log('debug'), info: log('info'), warn: log('warn') },
		sleep: clock.sleep,
		now: () => clock.now,
		random: () => 0.5,
		backoff: { baseMs: 1000, capMs: 8000, stableMs: 15_000 },
		watchdog: { checkEveryMs: 10_000, silentMs: 60_000, openTimeoutMs: 20_000 },
		...overrides,
	});
	return {
		client,
		clock,
		sockets,
		tickets,
		events,
		logs,
		gatewayFailures,
		emitFailures,
		autoOpen,
		live: () => sockets.filter((s) => s.readyState < 2),
	};
}
