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
const WORKFLOW_ID = 'queueStreamTrigger';
const CREDENTIAL = { id: 'queueStreamCred1', name: 'DingTalk Connect (queue, Stream trigger)' };

let bed: QueueBed | undefined;
let postgres: PostgresHandle | undefined;
let emulator: RunningEmulator | undefined;
let cluster: QueueCluster | undefined;
let worker: WorkerHandle | undefined;

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
	const batch: StreamEvent[] = Array.from({ length: EVENTS }, (_, n) => ({ eventType: 'user_add_org', eventId: `queue-stream-${n}`, data: { userId: [`u${n}`] } }));
	const started = Date.now();
	stream.push(batch, { app: 'corp' });
	await stream.waitFor((stats) => stats.deliveries.length === EVENTS && stats.deliveries.every((delivery) => delivery.state === 'acked'), 60_000);

	const rows = () => postgres!.query(`SELECT id, status, substring(d.data from 'queue-stream-[0-9]+') FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = '${WORKFLOW_ID}' AND e.status = 'success' ORDER BY id`);
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

	const secrets = [DEMO_CREDENTIALS.corp.appSecret, DEMO_EVENT_SETTINGS.corp.token, DEMO_EVENT_SETTINGS.corp.aesKey];
	const logged = [...cluster!.main!.lines, ...worker!.lines];
	expect(logged.filter((line) => secrets.some((secret) => line.includes(secret))).length).toBe(0);
	process.stdout.write(`queue Stream trigger: ${EVENTS} events → ${done.length} worker executions in ${seconds.toFixed(1)} s, ${stats.connectionsOpened} socket\n`);
}, 180_000);
