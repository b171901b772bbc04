// The Stream trigger, run in n8n-core's TriggerContext, connected to the emulator's gateway over real
// WebSockets: push and ACK, the `disconnect` hand-over, a dropped socket, a silent one, a refused
// ticket and redelivery, with exactly one socket open whenever the client is settled; and a quiet
// connection, kept while DingTalk pings it and replaced at the base wait while nothing comes.
import type { INodeExecutionData, ITriggerResponse } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../../emulator';
import type { GatewayStats, StreamEvent } from '../../../emulator/events';
import { startStream, type StreamDependencies } from '../../../nodes/DingTalkConnectStreamTrigger/stream/startStream';
import type { N8nHarness } from '../../harness';
import { corpCredential, leakedSecrets, wsSocket } from './emulatorBed';
import { makeHarness, triggerContext } from './testbed';

// Short timings on both sides, so a silent socket is found in about a second (the gateway pings every
// 200 ms, where the dialect pings at all). The runtime's own
// WebSocket when it has one (Node 22+, as n8n 2.x runs on), else `ws` through the injectable factory.
const DEPENDENCIES: StreamDependencies = {
	...(typeof WebSocket === 'undefined' ? { createSocket: wsSocket } : {}),
	watchdog: { checkEveryMs: 100, silentMs: 1000, openTimeoutMs: 2000 },
	backoff: { baseMs: 50, capMs: 400, stableMs: 300 },
};

let emulator: RunningEmulator;
let harness: N8nHarness;
let emitted: INodeExecutionData[][][];
let response: ITriggerResponse | undefined;
let seq = 0;

beforeAll(async () => {
	emulator = await startEmulator({ stream: { ackTimeoutMs: 400, disconnectGraceMs: 300, pingIntervalMs: 200, maxRedeliveries: 5 } });
	harness = makeHarness(corpCredential(emulator));
});

afterAll(async () => {
	await emulator?.stop();
});

beforeEach(async () => {
	emitted = [];
	harness.clearLogs();
	const { context } = triggerContext(harness, { eventTypes: '', robotMessages: true }, 'trigger', emitted);
	response = await startStream.call(context, DEPENDENCIES);
	await stream().waitFor((stats) => stats.openNow === 1, 5000);
	emulator.reset();
});

afterEach(async () => {
	await response?.closeFunction?.();
	await stream().waitFor((stats) => stats.openNow === 0, 5000);
	expect(leakedSecrets(JSON.stringify(harness.logs))).toEqual([]);
});

const stream = () => emulator.events.stream;

function events(count: number): StreamEvent[] {
	return Array.from({ length: count }, () => {
		seq += 1;
		return { eventType: 'user_add_org', eventId: `stream-${seq}`, data: { userId: [`u${seq}`] } };
	});
}

const emittedIds = () => emitted.map((run) => run[0][0].json.eventId as string);
const ackedOk = (stats: GatewayStats) => stats.acks.filter((ack) => ack.kind === 'event' && ack.valid && ack.status === 'SUCCESS');
const allAcked = (count: number) => (stats: GatewayStats) => stats.deliveries.length === count && stats.deliveries.every((d) => d.state === 'acked');

describe('DingTalk Connect Stream Trigger against the emulator’s gateway', () => {
	it('emits every pushed event once and ACKs each with SUCCESS on one socket', async () => {
		const batch = events(50);
		stream().push(batch, { app: 'corp' });
		const stats = await stream().waitFor(allAcked(50), 10000);
		expect(emittedIds()).toEqual(batch.map((event) => event.eventId));
		expect(ackedOk(stats)).toHaveLength(50);
		expect(stats.redeliveries).toBe(0);
		expect(stats.openNow).toBe(1);
		expect(emitted[0][0][0].json).toMatchObject({ eventType: 'user_add_org', data: { userId: [expect.any(String)] } });
	});

	it('answers pings and hands robot messages on', async () => {
		const [asked] = stream().ping();
		stream().robotMessage('hello from the emulator', { app: 'corp' });
		const stats = await stream().waitFor((s) => s.pings.some((p) => p.messageId === asked && p.echoOk === true) && s.callbacks.every((c) => c.ackedAt !== undefined), 5000);
		expect(stats.callbacks).toHaveLength(1);
		expect(emitted).toHaveLength(1);
	});

	it('on disconnect opens the next socket before the old one is cut, losing and doubling nothing', async () => {
		const first = events(10);
		const during = events(10);
		stream().push(first, { app: 'corp' });
		await stream().waitFor(allAcked(10), 5000);
		stream().disconnect();
		stream().push(during, { app: 'corp' });
		const stats = await stream().waitFor((s) => allAcked(20)(s) && s.connectionsClosed >= 1 && s.openNow === 1, 10000);
		expect(emittedIds()).toEqual([...first, ...during].map((event) => event.eventId));
		expect(stats.connectionsOpened).toBe(1);
		expect(stats.maxOpenAtOnce).toBeLessThanOrEqual(2);
		// The new socket took the events pushed during the grace period: the old one was going away.
		const newest = stats.connections[stats.connections.length - 1].id;
		expect(stats.deliveries.slice(10).every((d) => d.connectionIds.every((id) => id === newest))).toBe(true);
	});

	it('reconnects after a dropped socket and takes the queued events', async () => {
		stream().drop();
		const batch = events(10);
		stream().push(batch, { app: 'corp' });
		const stats = await stream().waitFor((s) => allAcked(10)(s) && s.openNow === 1, 10000);
		expect(emittedIds()).toEqual(batch.map((event) => event.eventId));
		expect(stats.connectionsOpened).toBe(1);
		expect(harness.logs.map((log) => log.message)).toContain('DingTalk Stream: connection closed');
	});

	it('finds a silent socket, reconnects, and runs a redelivered event once', async () => {
		const batch = events(5);
		stream().push(batch, { app: 'corp' });
		// The frames are out; the client's ACKs now meet a silent gateway, so each event times out and is resent.
		stream().goSilent();
		await stream().waitFor((s) => s.connectionsOpened >= 1, 10000);
		stream().goSilent(false);
		const stats = await stream().waitFor((s) => allAcked(5)(s) && s.openNow === 1, 10000);
		expect(emittedIds()).toEqual(batch.map((event) => event.eventId));
		expect(stats.redeliveries).toBeGreaterThanOrEqual(1);
		expect(stats.acks.some((ack) => ack.kind === 'event' && ack.attempt !== undefined && ack.attempt > 1)).toBe(true);
		expect(harness.logs.some((log) => /no frame for \d+ s, reconnecting/.test(log.message))).toBe(true);
	});

	it('backs off after a refused ticket and connects with the next one', async () => {
		stream().refuseTickets(2);
		stream().drop();
		const batch = events(3);
		stream().push(batch, { app: 'corp' });
		const stats = await stream().waitFor((s) => allAcked(3)(s) && s.openNow === 1, 10000);
		expect(stats.ticketsRefused.fault).toBe(2);
		expect(stats.opens.length).toBe(3);
		expect(stats.connectionsOpened).toBe(1);
		expect(emittedIds()).toEqual(batch.map((event) => event.eventId));
	});

	it('ACKs a repeated event id without running it again', async () => {
		const [event] = events(1);
		stream().push([event, { ...event, data: { userId: ['again'] } }], { app: 'corp' });
		const stats = await stream().waitFor(allAcked(2), 5000);
		expect(ackedOk(stats)).toHaveLength(2);
		expect(emittedIds()).toEqual([event.eventId]);
	});

	describe('a quiet connection', () => {
		const QUIET_MS = 3500;
		const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));
		const logged = (pattern: RegExp) => harness.logs.map((log) => log.message).filter((message) => pattern.test(message));

		it('is kept while DingTalk pings it: no reconnect over more than three silent limits', async () => {
			emulator.configure({ streamPing: 'periodic' });
			await quiet();
			const stats = stream().stats();
			expect(stats.connectionsOpened).toBe(0);
			expect(stats.openNow).toBe(1);
			expect(stats.pings.length).toBeGreaterThanOrEqual(10);
			expect(stats.pings.filter((ping) => ping.echoOk !== true).length).toBeLessThanOrEqual(1);
			expect(logged(/reconnecting|connection closed/)).toEqual([]);
		});

		it('without pings is found silent and replaced, waiting the base delay every time', async () => {
			emulator.configure({ streamPing: 'none' });
			await quiet();
			const stats = await stream().waitFor((s) => s.openNow === 1, 5000);
			expect(stats.pings).toEqual([]);
			expect(stats.connectionsOpened).toBeGreaterThanOrEqual(2);
			expect(logged(/no frame for \d+ s, reconnecting/).length).toBeGreaterThanOrEqual(2);
			// The base is 50 ms, spread by 20 %: a growing wait (100, 200, 400 ms) would show here.
			const waits = logged(/reconnecting in \d+ ms/).map((message) => Number(/in (\d+) ms/.exec(message)?.[1]));
			expect(waits.length).toBeGreaterThanOrEqual(2);
			expect(waits.filter((ms) => ms > 60)).toEqual([]);
		});
	});

	it('closes its one socket on deactivation and opens no other', async () => {
		await response?.closeFunction?.();
		response = undefined;
		const stats = await stream().waitFor((s) => s.openNow === 0, 5000);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(stream().stats().connectionsOpened).toBe(stats.connectionsOpened);
		expect(stats.connectionsClosed).toBe(1);
		expect(stats.connections.map((c) => c.closedBy)).toEqual(['client']);
	});
});
