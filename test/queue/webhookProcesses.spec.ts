// The DingTalk Connect Trigger (HTTP callback) behind n8n's webhook processes: a main that serves no
// production webhook, two `n8n webhook` processes behind a round-robin proxy, two workers, PostgreSQL and
// Redis. DingTalk's pushes (played by the emulator's pusher) go through the proxy; 5 % are pushed again,
// re-encrypted, to the other webhook process, as DingTalk does when it missed the reply.
// `npx jest -c test/queue/jest.config.js test/queue/webhookProcesses.spec.ts`
import { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS, SEED_ASSETS, startEmulator, type RunningEmulator } from '../../emulator';
import type { CallbackEvent } from '../../emulator/events';
import { CREDENTIAL_TYPE, NODE_TYPE, importCredentials, importWorkflows } from '../../scripts/n8n/runtime.mjs';
import type { QueueCluster } from '../../scripts/queue/cluster.mjs';
import type { PostgresHandle } from '../../scripts/queue/services.mjs';
import { DEMO_SECRETS, leakedSecrets } from '../integration/trigger/emulatorBed';
import { pushOne, pushPaced, quantile, type PushedCallback } from './pacedCallbacks';
import { corpCredential, executionsRunByMain, finishedBy, startQueueBed, writeQueueFigures, type QueueBed } from './queueBed';
import { startRoundRobinProxy, type RoundRobinProxy } from './roundRobinProxy';

const EVENTS = Number(process.env.WEBHOOKQ_EVENTS ?? 1000);
// Every 20th event (5 %) is pushed again to the other webhook process.
const REPEAT_EVERY = 20;
const RESENT_AFTER_RESTART = 20;
// Pushed one at a time before the run, to measure a reply with nothing queued.
const WARM_UP = 20;
const DEADLINE_MS = 1500;
// What this 2-core machine sustains with every reply well inside 1,500 ms (measured; see the README).
const RATE = Number(process.env.WEBHOOKQ_RATE ?? 5);
const MAX_IN_FLIGHT = Number(process.env.WEBHOOKQ_IN_FLIGHT ?? 6);
const WORKER_CONCURRENCY = 10;

const TRIGGER_WORKFLOW = 'webhookqTrigger';
const TRIGGER_HOOK = '7e3b1c52-0d6f-4c1a-9a57-000000000001';
const SUITE_TRIGGER_WORKFLOW = 'webhookqSuiteTrigger';
const SUITE_TRIGGER_HOOK = '7e3b1c52-0d6f-4c1a-9a57-000000000002';
const SUITE_ADD_WORKFLOW = 'webhookqSuiteAdd';
const SUITE_ADD_PATH = 'webhookq-suite-add';
const CORP_CREDENTIAL = { id: 'webhookqCorpCred', name: 'DingTalk Connect (webhook processes)' };
const SUITE_CREDENTIAL = { id: 'webhookqSuiteCred', name: 'DingTalk Connect (third-party, webhook processes)' };

let bed: QueueBed | undefined;
let postgres: PostgresHandle;
let emulator: RunningEmulator | undefined;
let cluster: QueueCluster;
let proxy: RoundRobinProxy | undefined;
const figures: Record<string, unknown> = {};
const setupStarted = Date.now();

const eventId = (n: number) => `webhookq-${n}`;
const userAdded = (n: number): CallbackEvent => ({ kind: 'business', eventType: 'user_add_org', fields: { UserId: [`u${n}`], eventId: eventId(n) } });
const hookUrl = (base: string, hook = TRIGGER_HOOK) => `${base}/webhook/${hook}/webhook`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The trigger workflow: DingTalk Connect Trigger (HTTP) → No Operation. */
function triggerWorkflow(id: string, webhookId: string, credential: { id: string; name: string }) {
	return {
		id,
		name: `Webhook processes: ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: `${webhookId.slice(0, -1)}a`,
				name: 'DingTalk Connect Trigger',
				type: `${NODE_TYPE}Trigger`,
				typeVersion: 1.2,
				position: [0, 0],
				webhookId,
				parameters: { eventTypes: [], otherEventTypes: '', options: { repeatCheck: 'workflow' } },
				credentials: { [CREDENTIAL_TYPE]: { ...credential } },
			},
			{ id: `${webhookId.slice(0, -1)}b`, name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'DingTalk Connect Trigger': { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
	};
}

/** Webhook (answers with the last node's item) → DingTalk Connect "add numbers" on the suite's credential: runs on a worker. */
const suiteAddWorkflow = {
	id: SUITE_ADD_WORKFLOW,
	name: 'Webhook processes: add numbers as the suite',
	active: false,
	settings: { executionOrder: 'v1' },
	pinData: {},
	nodes: [
		{
			id: '7e3b1c52-0d6f-4c1a-9a57-00000000000c',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '7e3b1c52-0d6f-4c1a-9a57-00000000000d',
			parameters: { httpMethod: 'POST', path: SUITE_ADD_PATH, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
		},
		{
			id: '7e3b1c52-0d6f-4c1a-9a57-00000000000e',
			name: 'Add Numbers',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [220, 0],
			credentials: { [CREDENTIAL_TYPE]: { ...SUITE_CREDENTIAL } },
			parameters: {
				resource: 'action',
				operation: 'invoke',
				action: { __rl: true, mode: 'uri', value: SEED_ASSETS.addNumbers.connectAssetUri },
				inputMode: 'json',
				inputJson: '{"a": 2, "b": 5}',
				options: {},
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Add Numbers', type: 'main', index: 0 }]] } },
};

/** id, status, the event id its item carries: every execution of a workflow. */
const executions = (workflowId: string) =>
	postgres.query(
		`SELECT e.id, e.status, substring(d.data from 'webhookq-[0-9]+') FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = '${workflowId}' ORDER BY e.id`,
	);

/** Waits until the workflow has `atLeast` executions, none unfinished, and their count held still for 3 s. */
async function settledExecutions(workflowId: string, atLeast: number, timeoutMs = 120_000): Promise<string[][]> {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const rows = executions(workflowId);
		const unfinished = rows.filter(([, status]) => ['new', 'running', 'waiting'].includes(status)).length;
		if (rows.length !== last) [last, stableSince] = [rows.length, Date.now()];
		if ((rows.length >= atLeast && unfinished === 0 && Date.now() - stableSince >= 3000) || Date.now() > deadline) return rows;
		await sleep(500);
	}
}

/** Each push's outcome in the form the checks compare: all should be 200, a valid "success", in time. */
const verdict = ({ record }: PushedCallback) => ({
	status: record.status,
	signatureValid: record.reply?.signatureValid,
	plaintext: record.reply?.plaintext,
	withinDeadline: record.withinDeadline,
	accepted: record.accepted,
});
const GOOD = { status: 200, signatureValid: true, plaintext: 'success', withinDeadline: true, accepted: true };
/** The pushes DingTalk would not count as delivered: how many, and the first three. */
const refused = (pushes: PushedCallback[]) => {
	const bad = pushes.map(verdict).filter((v) => !v.accepted);
	return { count: bad.length, first: bad.slice(0, 3) };
};
const NONE_REFUSED = { count: 0, first: [] };
const latencies = (pushes: PushedCallback[]) => {
	const ms = pushes.map(({ record }) => record.latencyMs);
	return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: Math.max(...ms) };
};
const secretsIn = (extra: string[] = []) =>
	leakedSecrets([cluster.main!, ...cluster.workers, ...cluster.webhooks].flatMap((p) => p.lines).join('\n'), [...DEMO_SECRETS, ...extra]);

beforeAll(async () => {
	[bed, emulator] = await Promise.all([
		startQueueBed('dingtalk-queue-webhooks-'),
		// Only the newest suite ticket gets a token, so a token fetch that works proves which ticket it sent.
		startEmulator({ port: 0, config: { qpsLimit: 0, previousSuiteTicketValid: false } }),
	]);
	({ postgres, cluster } = bed);
	const { token, aesKey } = DEMO_EVENT_SETTINGS.suite;
	const events = DEMO_EVENT_SETTINGS.corp;
	await importCredentials(cluster.cli, [
		corpCredential(CORP_CREDENTIAL, emulator.url, { eventToken: events.token, eventAesSecretKey: events.aesKey, eventOwnerKey: 'appKey' }),
		{ ...SUITE_CREDENTIAL, type: CREDENTIAL_TYPE, data: { appType: 'thirdParty', ...DEMO_CREDENTIALS.suite, baseUrl: emulator.url, eventToken: token, eventAesSecretKey: aesKey, eventOwnerKey: 'appKey' } },
	]);
	await importWorkflows(cluster.cli, [triggerWorkflow(TRIGGER_WORKFLOW, TRIGGER_HOOK, CORP_CREDENTIAL), triggerWorkflow(SUITE_TRIGGER_WORKFLOW, SUITE_TRIGGER_HOOK, SUITE_CREDENTIAL), suiteAddWorkflow]);
	// Production webhooks go to the webhook processes only; the main keeps the editor, the REST API and activation.
	await Promise.all([
		cluster.startMain({ env: { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } }),
		cluster.startWorker('worker-1', { concurrency: WORKER_CONCURRENCY }),
		cluster.startWorker('worker-2', { concurrency: WORKER_CONCURRENCY }),
	]);
	await cluster.activate([TRIGGER_WORKFLOW, SUITE_TRIGGER_WORKFLOW, SUITE_ADD_WORKFLOW]);
	// n8n builds an expression isolate for every request to a community node's webhook unless told to build
	// one only when an expression runs (docs/performance.md): about 60 ms of a webhook process's CPU per callback.
	const env = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };
	await Promise.all([cluster.startWebhook('webhook-1', { env }), cluster.startWebhook('webhook-2', { env })]);
	proxy = await startRoundRobinProxy(cluster.webhooks.map((webhook) => webhook.url));
	figures.setupSeconds = Number(((Date.now() - setupStarted) / 1000).toFixed(1));
}, 600_000);

afterAll(async () => {
	await proxy?.stop();
	await bed?.stop();
	await emulator?.stop();
	if (Object.keys(figures).length > 1) {
		const file = writeQueueFigures({ webhookProcesses: figures });
		console.log(`webhook-process figures (${file}):\n${JSON.stringify(figures, null, 2)}`);
	}
}, 120_000);

test(`${EVENTS} callbacks through two webhook processes, ${100 / REPEAT_EVERY} % pushed again to the other one: every reply a valid success in time, one execution per event`, async () => {
	const repeats: Array<Promise<{ n: number; first: PushedCallback; again: PushedCallback; sameProcess: boolean }>> = [];
	// DingTalk's re-push: 1,500 ms after the first was sent (not before its reply), re-encrypted, to the other process.
	const repeatOf = async (n: number, first: PushedCallback) => {
		const took = proxy!.upstreamOf(first.record.query.nonce);
		const other = cluster.webhooks.findIndex((webhook) => webhook.url !== proxy!.upstreams[took ?? 0]);
		// A timer can fire a millisecond before Date.now() reaches its target: wait until the clock says so.
		const due = Math.max(first.sentAt + DEADLINE_MS, first.repliedAt);
		while (Date.now() < due) await sleep(due - Date.now() + 1);
		const again = await pushOne(emulator!, hookUrl(cluster.webhooks[other].url), userAdded(n));
		return { n, first, again, sameProcess: took === undefined || other === -1 };
	};
	// One at a time first: what a reply takes when nothing queues (events beyond the run's, never repeated).
	const alone = await pushPaced(WARM_UP, { ratePerSecond: 1000, maxInFlight: 1 }, (k) => pushOne(emulator!, hookUrl(proxy!.url), userAdded(EVENTS + k)));
	figures.aloneReplyMs = latencies(alone.results);
	const servedBefore = [...proxy!.served];
	const started = Date.now();
	const pushed = await pushPaced(EVENTS, { ratePerSecond: RATE, maxInFlight: MAX_IN_FLIGHT }, async (n) => {
		const first = await pushOne(emulator!, hookUrl(proxy!.url), userAdded(n));
		if (n % REPEAT_EVERY === 0) repeats.push(repeatOf(n, first));
		return first;
	});
	const repeatPairs = await Promise.all(repeats);
	const repeated = repeatPairs.map(({ again }) => again);
	const pushSeconds = (Date.now() - started) / 1000;
	const all = await settledExecutions(TRIGGER_WORKFLOW, EVENTS + WARM_UP);
	const rows = all.filter(([, , id]) => !/^webhookq-\d+$/.test(id) || Number(id.split('-')[1]) < EVENTS);
	const seconds = (Date.now() - started) / 1000;
	const perEvent = new Map<string, number>();
	for (const [, , id] of rows) perEvent.set(id, (perEvent.get(id) ?? 0) + 1);
	const finished = finishedBy(cluster.workers);
	Object.assign(figures, {
		ratePerSecond: RATE,
		maxInFlight: MAX_IN_FLIGHT,
		peakInFlight: pushed.peakInFlight,
		events: EVENTS,
		repeats: repeated.length,
		firstReplyMs: latencies(pushed.results),
		repeatReplyMs: latencies(repeated),
		proxied: { 'webhook-1': proxy!.served[0] - servedBefore[0], 'webhook-2': proxy!.served[1] - servedBefore[1] },
		executions: rows.length,
		distinctEventIds: perEvent.size,
		eventsRunTwice: [...perEvent.values()].filter((count) => count > 1).length,
		// For each repeat that ran again: ms from the first push's reply to the repeat (how long the first process had to save).
		runTwiceAfterReplyMs: repeatPairs.filter(({ n }) => (perEvent.get(eventId(n)) ?? 0) > 1).map(({ first, again }) => again.sentAt - first.repliedAt),
		byWorker: Object.fromEntries(cluster.workers.map((worker) => [worker.name, rows.filter(([id]) => finished.get(id)?.includes(worker.name)).length])),
		pushSeconds: Number(pushSeconds.toFixed(1)),
		secondsToSettle: Number(seconds.toFixed(1)),
	});
	process.stdout.write(`webhook processes: ${JSON.stringify(figures)}\n`);

	// One comparison, so a failure shows every count at once (late replies and repeats that ran both, say).
	expect({
		refusedFirst: refused(pushed.results),
		refusedRepeats: refused(repeated),
		executions: rows.length,
		notSuccess: rows.filter(([, status]) => status !== 'success'),
		eventIds: perEvent.size,
		notOnce: [...perEvent.entries()].filter(([, count]) => count !== 1),
	}).toEqual({ refusedFirst: NONE_REFUSED, refusedRepeats: NONE_REFUSED, executions: EVENTS, notSuccess: [], eventIds: EVENTS, notOnce: [] });
	expect(verdict(pushed.results[0])).toEqual(GOOD);
	// Each repeat went to the process the first push did not reach, not before 1,500 ms nor before the first reply.
	expect(repeatPairs.filter(({ first, again, sameProcess }) => sameProcess || again.sentAt - first.sentAt < DEADLINE_MS || again.sentAt < first.repliedAt)).toEqual([]);
	expect(proxy!.served.every((count, k) => count - servedBefore[k] > 0)).toBe(true);
	expect(rows.filter(([id]) => finished.get(id)?.length !== 1)).toEqual([]);
	expect(executionsRunByMain(cluster)).toEqual([]);
	expect(secretsIn()).toEqual([]);
}, 600_000);

test(`after both webhook processes restart, ${RESENT_AFTER_RESTART} accepted events pushed again get a valid success and start nothing`, async () => {
	const before = executions(TRIGGER_WORKFLOW).length;
	const started = Date.now();
	await Promise.all([...cluster.webhooks].map((webhook) => cluster.restartWebhook(webhook)));
	const restartSeconds = (Date.now() - started) / 1000;
	const again = await pushPaced(RESENT_AFTER_RESTART, { ratePerSecond: RATE, maxInFlight: MAX_IN_FLIGHT }, (k) => pushOne(emulator!, hookUrl(proxy!.url), userAdded(1 + k * 7)));
	// Long enough for an execution the resends might have started to show up.
	await sleep(5000);
	const rows = await settledExecutions(TRIGGER_WORKFLOW, before);
	const late = again.results.filter(({ record }) => !record.withinDeadline).length;
	figures.afterRestart = { restartSeconds: Number(restartSeconds.toFixed(1)), resent: RESENT_AFTER_RESTART, replyMs: latencies(again.results), lateReplies: late, newExecutions: rows.length - before };
	process.stdout.write(`webhook processes after a restart: ${JSON.stringify(figures.afterRestart)}\n`);

	// A valid success for each; the first requests a fresh webhook process answers can be late (its figure), which
	// DingTalk answers with one more push: what matters here is that none of them starts an execution.
	expect(again.results.map(verdict).filter((v) => v.status !== 200 || !v.signatureValid || v.plaintext !== 'success')).toEqual([]);
	expect(rows.length - before).toBe(0);
}, 240_000);

test('a suite ticket pushed to one webhook process is used by the token fetch of a worker', async () => {
	const { suiteKey } = DEMO_CREDENTIALS.suite;
	// Two rotations: the credential's own ticket no longer gets a token, only the one pushed now does.
	emulator!.rotateSuiteTicket(suiteKey);
	const event = emulator!.events.suiteTicketEvent({ suiteKey, rotate: true });
	const ticket = /"(?:suiteTicket|SuiteTicket)":"([^"]+)"/.exec(JSON.stringify(event))?.[1] ?? '';
	expect(ticket).not.toBe('');
	const pushedAt = Date.now();
	const push = await pushOne(emulator!, hookUrl(cluster.webhooks[0].url, SUITE_TRIGGER_HOOK), event, 'suite');
	expect(verdict(push)).toEqual(GOOD);
	const suiteTokenCalls = (since: number) => emulator!.log().filter((entry) => entry.api === 'corpAccessToken' && entry.at >= since && entry.app?.startsWith(suiteKey));
	// The webhook process renews the token with the pushed ticket, which stores the ticket in the credential.
	const deadline = Date.now() + 30_000;
	while (!suiteTokenCalls(pushedAt).some((entry) => entry.status === 200) && Date.now() < deadline) await sleep(200);
	expect(suiteTokenCalls(pushedAt).map((entry) => entry.status)).toEqual([200]);
	await sleep(1000);

	// The worker holds no pushed ticket in memory: with every token expired, its fetch must send the stored one.
	emulator!.expireAllTokens();
	const runFrom = Date.now();
	const answer = await fetch(`${proxy!.url}/webhook/${SUITE_ADD_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(60_000) });
	const body = (await answer.json()) as { sum?: number };
	const workerCalls = suiteTokenCalls(runFrom);
	const rows = await settledExecutions(SUITE_ADD_WORKFLOW, 1);
	figures.suiteTicket = { webhookProcessTokenCalls: suiteTokenCalls(pushedAt).length - workerCalls.length, workerTokenCalls: workerCalls.map((entry) => entry.status) };

	expect({ status: answer.status, sum: body.sum }).toEqual({ status: 200, sum: 7 });
	expect(workerCalls.map((entry) => entry.status)).toEqual([200]);
	expect(rows.map(([, status]) => status)).toEqual(['success']);
	expect(finishedBy(cluster.workers).get(rows[0][0])).toHaveLength(1);
	// The suite-ticket push ran its trigger workflow once, on a worker, without the ticket in its data; nothing leaked.
	const ticketRuns = await settledExecutions(SUITE_TRIGGER_WORKFLOW, 1);
	expect(ticketRuns.map(([, status]) => status)).toEqual(['success']);
	const stored = postgres.query(`SELECT d.data FROM execution_data d JOIN execution_entity e ON d."executionId" = e.id WHERE e."workflowId" = '${SUITE_TRIGGER_WORKFLOW}'`);
	expect(stored.flat().some((data) => data.includes(ticket))).toBe(false);
	expect(secretsIn([ticket])).toEqual([]);
}, 120_000);
