// The Stream Trigger in the pinned n8n 2.x: an active workflow with the DingTalk Connect Stream Trigger takes
// 300 events from the emulator's gateway with a `disconnect`, a dropped socket and a silent socket on the
// way: 300 executions, none lost, none doubled, every event ACKed, one socket open at the end.
import type { GatewayStats, StreamEvent } from '../../../emulator/events';
import { DEMO_CORP_ID } from '../../../emulator';
import { chain, idsPerExecution, keepLog, linesWith, secretsOf, settledExecutions, startTriggerBed, triggerItem, triggerNode, type TriggerBed } from './triggerBed';

const WORKFLOW_ID = 'e2eTriggerStream01';

let bed: TriggerBed;

beforeAll(async () => {
	// DingTalk's own ACK timeout is about a minute; shortened so a silent stretch causes resends within the test.
	// The current version, Event Types chosen from the list, in the time zone of the app's users.
	const trigger = triggerNode('dingTalkConnectStreamTrigger', { eventTypes: ['user_add_org'], otherEventTypes: '', robotMessages: false }, undefined, 1.1);
	const workflow = { ...chain('Stream trigger', WORKFLOW_ID, [trigger]), settings: { executionOrder: 'v1', timezone: 'Asia/Shanghai' } };
	bed = await startTriggerBed(workflow, {
		ackTimeoutMs: 1500,
		disconnectGraceMs: 1000,
		maxRedeliveries: 5,
	});
}, 180_000);

afterAll(async () => {
	keepLog(bed);
	await bed?.stop();
});

let seq = 0;
function events(count: number): StreamEvent[] {
	return Array.from({ length: count }, () => {
		seq += 1;
		return { eventType: 'user_add_org', eventId: `e2e-stream-${seq}`, data: { userId: [`user-${seq}`], note: `plaintext-marker-${seq}` } };
	});
}

const allAcked = (count: number) => (stats: GatewayStats) =>
	stats.deliveries.length === count && stats.deliveries.every((delivery) => delivery.state === 'acked') && stats.openNow === 1;

test('300 events through a disconnect, a dropped socket and a silent one: 300 executions, none lost or doubled, all ACKed', async () => {
	const stream = bed.emulator.events.stream;
	const started = Date.now();
	const phases: Record<string, number> = {};
	const phase = async (name: string, count: number) => {
		await stream.waitFor(allAcked(count), 30_000);
		phases[name] = Date.now() - started;
	};

	stream.push(events(100), { app: 'corp' });
	await phase('plain', 100);
	// The gateway also pings on its own every 30 s: wait for the echo of this one.
	const [asked] = stream.ping();
	await stream.waitFor((s) => s.pings.some((ping) => ping.messageId === asked && ping.echoOk === true), 10_000);

	stream.disconnect();
	stream.push(events(100), { app: 'corp' });
	await phase('disconnect', 200);

	stream.drop();
	stream.push(events(50), { app: 'corp' });
	await phase('drop', 250);

	// The frames go out, then the gateway falls silent: the ACKs are ignored, so every event is resent later.
	stream.push(events(50), { app: 'corp' });
	stream.goSilent();
	await new Promise((resolve) => setTimeout(resolve, 4000));
	stream.goSilent(false);
	await phase('silent', 300);

	const stats = stream.stats();
	expect(stats.openNow).toBe(1);
	expect(stats.maxOpenAtOnce).toBeLessThanOrEqual(2);
	// After `disconnect` the node closes the old socket itself, once the next is open, before the gateway's cut.
	expect(stats.connections.map((connection) => connection.closedBy ?? 'open')).toEqual(['client', 'drop', 'open']);
	expect(stats.deliveries.filter((delivery) => delivery.state !== 'acked')).toEqual([]);
	expect(stats.acks.filter((ack) => ack.kind === 'event' && !(ack.valid && ack.status === 'SUCCESS'))).toEqual([]);
	expect(stats.redeliveries).toBeGreaterThan(0);

	const executions = await settledExecutions(bed.client, WORKFLOW_ID, 300, 60_000);
	expect(executions).toHaveLength(300);
	expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
	const ids = await idsPerExecution(bed.client, executions, /e2e-stream-\d+/);
	expect(ids.filter((found) => found.length !== 1)).toEqual([]);
	expect(new Set(ids.map((found) => found[0])).size).toBe(300);
	// The event's shape as a workflow reads it: time in milliseconds, the corp, and when it came in the workflow's zone.
	const item = await triggerItem(bed.client, executions[0].id);
	expect(item).toMatchObject({ eventType: 'user_add_org', eventId: ids[0][0], corpId: DEMO_CORP_ID, bornTime: expect.any(Number) });
	expect(Math.abs((item.bornTime as number) - started)).toBeLessThan(150_000);
	expect(item.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);

	expect(linesWith(bed.lines, secretsOf(bed.emulator))).toEqual([]);
	expect(linesWith(bed.lines, ['plaintext-marker', 'user-1"', 'ticket='])).toEqual([]);
	process.stdout.write(
		`Stream e2e: phases done at ${JSON.stringify(phases)} ms; ${stats.connectionsOpened} sockets opened, ${stats.redeliveries} redeliveries, ` +
			`${stats.acks.length} ACKs, ${stats.pings.length} pings; ${executions.length} executions; ${bed.lines.length} log lines scanned\n`,
	);
}, 150_000);
