// The DingTalk Connect Stream Trigger in n8n's queue mode. The main holds the one Stream
// socket (workers run no triggers); every event becomes a job a worker runs. Needs PostgreSQL and Redis
// like queueMode.spec.ts: `npx jest -c test/queue/jest.config.js test/queue/streamTrigger.spec.ts`.
import { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS, startEmulator, type RunningEmulator } from '../../emulator';
import type { StreamEvent } from '../../emulator/events';
import { CREDENTIAL_TYPE, importCredentials, importWorkflows } from '../../scripts/n8n/runtime.mjs';
import type { QueueCluster, WorkerHandle } from '../../scripts/queue/cluster.mjs';
import type { PostgresHandle } from '../../scripts/queue/services.mjs';
import { corpCredential, executionsRunByMain, startQueueBed, type QueueBed } from './queueBed';

const EVENTS = 60;
// After the main's restart: this many of the events that ran are resent, beside this many new ones.
const REDELIVERED = 20;
const FRESH = 10;
// n8n's warning when its executions table refuses a deduplication key (trigger-execution-context.factory).
const DUPLICATE_WARNING = 'skipped: duplicate deduplication key';
const WORKFLOW_ID = 'queueStreamTrigger';
const CREDENTIAL = { id: 'queueStreamCred1', name: 'DingTalk Connect (queue, Stream trigger)' };

let bed: QueueBed | undefined;
let postgres: PostgresHandle | undefined;
let emulator: RunningEmulator | undefined;
let cluster: QueueCluster | undefined;
let worker: WorkerHandle | undefined;

/** Every execution of the workflow: id, status, the event id its trigger item carries, its deduplication key. */
const executions = () =>
	postgres!.query(
		`SELECT id, status, substring(d.data from 'queue-stream-[0-9]+'), e."deduplicationKey" FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = '${WORKFLOW_ID}' ORDER BY id`,
	);
const eventIds = (from: number, count: number) => Array.from({ length: count }, (_, n) => `queue-stream-${from + n}`);
const secretsIn = (lines: string[]) => {
	const secrets = [DEMO_CREDENTIALS.corp.appSecret, DEMO_EVENT_SETTINGS.corp.token, DEMO_EVENT_SETTINGS.corp.aesKey];
	return lines.filter((line) => secrets.some((secret) => line.includes(secret)));
};

const streamWorkflow = {
	id: WORKFLOW_ID,
	name: 'Queue test: Stream trigger',
	active: false,
	settings: { executionOrder: 'v1' },
	pinData: {},
	nodes: [
		{
			id: '00000000-0000-4000-8000-400000000001',
			name: 'DingTalk Stream',
			type: 'CUSTOM.dingTalkConnectStreamTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { eventTypes: '', robotMessages: false },
			credentials: { [CREDENTIAL_TYPE]: { ...CREDENTIAL } },
		},
	],
	connections: {},
};

beforeAll(async () => {
	[bed, emulator] = await Promise.all([startQueueBed('dingtalk-queue-stream-'), startEmulator({ port: 0, config: { qpsLimit: 0 } })]);
	({ postgres, cluster } = bed);
	const events = DEMO_EVENT_SETTINGS.corp;
	await importCredentials(cluster.cli, [corpCredential(CREDENTIAL, emulator.url, { eventToken: events.token, eventAesSecretKey: events.aesKey })]);
	await importWorkflows(cluster.cli, [streamWorkflow]);
	[, worker] = await Promise.all([cluster.startMain(), cluster.startWorker('worker-1', { concurrency: 5 })]);
	await cluster.activate([WORKFLOW_ID]);
	await emulator.events.stream.waitFor((stats) => stats.openNow === 1, 60_000);
}, 300_000);

afterAll(async () => {
	await bed?.stop();
	await emulator?.stop();
});

test('the main holds one Stream socket while the worker runs one execution per event', async () => {
	const stream = emulator!.events.stream;
	const batch: StreamEvent[] = eventIds(0, EVENTS).map((eventId, n) => ({ eventType: 'user_add_org', eventId, data: { userId: [`u${n}`] } }));
	const started = Date.now();
	stream.push(batch, { app: 'corp' });
	await stream.waitFor((stats) => stats.deliveries.length === EVENTS && stats.deliveries.every((delivery) => delivery.state === 'acked'), 60_000);

	const rows = () => executions().filter(([, status]) => status === 'success');
	const deadline = Date.now() + 90_000;
	while (rows().length < EVENTS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const done = rows();
	const seconds = (Date.now() - started) / 1000;

	expect(done).toHaveLength(EVENTS);
	expect(new Set(done.map(([, , eventId]) => eventId)).size).toBe(EVENTS);
	const all = postgres!.query(`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}'`);
	expect(Number(all[0][0])).toBe(EVENTS);

	// Every execution finished on the worker; the main ran none.
	const finished = new Set(worker!.finishedExecutions());
	expect(done.filter(([id]) => !finished.has(id))).toEqual([]);
	expect(executionsRunByMain(cluster!)).toEqual([]);

	// One socket, held by the main: opened once, never a second one.
	const stats = stream.stats();
	expect({ opened: stats.connectionsOpened, openNow: stats.openNow, maxOpenAtOnce: stats.maxOpenAtOnce, opens: stats.opens.length }).toEqual({ opened: 1, openNow: 1, maxOpenAtOnce: 1, opens: 1 });
	expect(worker!.lines.filter((line) => line.includes('DingTalk Stream'))).toEqual([]);
	expect(cluster!.main!.lines.some((line) => line.includes('DingTalk Stream: connected'))).toBe(true);

	expect(secretsIn([...cluster!.main!.lines, ...worker!.lines])).toEqual([]);
	process.stdout.write(`queue Stream trigger: ${EVENTS} events → ${done.length} worker executions in ${seconds.toFixed(1)} s, ${stats.connectionsOpened} socket\n`);
}, 180_000);

// The trigger's own memory of event ids drops a resend only within one process; after a restart (or on
// another main) only n8n's deduplication key, which the trigger passes to emit, stops a second execution.
test('after the main restarts, a resent event starts no second execution: n8n refuses its deduplication key', async () => {
	const stream = emulator!.events.stream;
	const started = Date.now();
	const before = stream.stats();
	// The events the first test ran once each (each has one execution holding its key).
	const ran = before.deliveries.filter((delivery) => delivery.state === 'acked' && /^queue-stream-\d+$/.test(delivery.eventId));
	expect(ran).toHaveLength(EVENTS);
	const resentEvents = ran.slice(0, REDELIVERED);
	expect(executions().filter(([, status, eventId]) => status === 'success' && resentEvents.some((d) => d.eventId === eventId))).toHaveLength(REDELIVERED);

	const main = await cluster!.restartMain();
	await stream.waitFor((stats) => stats.openNow === 1 && stats.connectionsOpened === before.connectionsOpened + 1, 120_000);
	const restartSeconds = (Date.now() - started) / 1000;

	const resent = stream.redeliver(resentEvents.map((delivery) => delivery.messageId));
	const freshIds = eventIds(EVENTS, FRESH);
	const fresh = stream.push(freshIds.map((eventId, n) => ({ eventType: 'user_add_org', eventId, data: { userId: [`u${EVENTS + n}`] } })), { app: 'corp' });
	const sent = [...resent, ...fresh];
	const stats = await stream.waitFor((s) => sent.every((messageId) => s.deliveries.some((d) => d.messageId === messageId && d.state === 'acked')), 60_000);

	// Wait until n8n has settled every resend one way or the other: refused (a warning) or run (a row).
	const resentIds = new Set(resentEvents.map((delivery) => delivery.eventId));
	const warnings = () => main.lines.filter((line) => line.includes(DUPLICATE_WARNING));
	const settled = () => {
		const rows = executions();
		// The worker logs an execution finished a moment after its row says success: wait for both.
		const byWorker = new Set(worker!.finishedExecutions());
		const freshDone = freshIds.every((eventId) => rows.some(([row, status, id]) => id === eventId && status === 'success' && byWorker.has(row)));
		const resentRuns = rows.filter(([, , eventId]) => resentIds.has(eventId)).length - REDELIVERED;
		return freshDone && warnings().length + resentRuns >= REDELIVERED;
	};
	const deadline = Date.now() + 90_000;
	while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));

	// One execution per event id: the resent events none more, the new ones one each.
	const rows = executions();
	const perEvent = new Map<string, number>();
	for (const [, , eventId] of rows) perEvent.set(eventId, (perEvent.get(eventId) ?? 0) + 1);
	expect([...perEvent.entries()].filter(([, count]) => count !== 1)).toEqual([]);
	expect([...perEvent.keys()].sort()).toEqual(eventIds(0, EVENTS + FRESH).sort());
	expect(rows.filter(([, status]) => status !== 'success')).toEqual([]);
	// Each execution holds the trigger's key, a different one per event.
	expect(new Set(rows.map(([, , , key]) => key)).size).toBe(EVENTS + FRESH);
	expect(rows.every(([, , , key]) => key.startsWith('dingtalk-stream:'))).toBe(true);
	const finished = new Set(worker!.finishedExecutions());
	expect(rows.filter(([id, , eventId]) => freshIds.includes(eventId) && !finished.has(id))).toEqual([]);

	// Every resend was ACKed SUCCESS, once, so DingTalk would stop resending it.
	const resentAcks = stats.acks.filter((ack) => resent.includes(ack.messageId));
	expect(resentAcks.map((ack) => [ack.messageId, ack.status, ack.valid]).sort()).toEqual(resent.map((messageId) => [messageId, 'SUCCESS', true]).sort());
	expect(stats.deliveries.filter((d) => resent.includes(d.messageId)).map((d) => d.eventId)).toEqual(resentEvents.map((d) => d.eventId));

	// The new main refused each resend itself, with n8n's warning: the trigger had forgotten the ids.
	expect(warnings()).toHaveLength(REDELIVERED);
	expect(main.lines.some((line) => line.includes('DingTalk Stream: connected'))).toBe(true);
	expect(secretsIn(main.lines)).toEqual([]);
	const seconds = (Date.now() - started) / 1000;
	process.stdout.write(
		`queue Stream trigger after a main restart (${restartSeconds.toFixed(1)} s): ${REDELIVERED} resent → ${warnings().length} refused, 0 run; ${FRESH} new → ${FRESH} run; ${seconds.toFixed(1)} s in all\n`,
	);
}, 300_000);
