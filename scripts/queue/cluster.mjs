// The pinned n8n 2.x in queue mode: one main (`n8n start`), workers (`n8n worker`) and webhook processes
// (`n8n webhook`), each with its own user folder and its own copy of the built package, as on separate
// machines, sharing PostgreSQL, Redis and one encryption key.
//
//   const cluster = createQueueCluster({ dir, postgres, redis });
//   await importCredentials(cluster.cli, [...]); await importWorkflows(cluster.cli, [...]);
//   const main = await cluster.startMain();
//   await cluster.activate([workflowId]);            // or cluster.publish(id) before the main starts
//   const worker = await cluster.startWorker('worker-1', { concurrency: 10 });
//   const webhook = await cluster.startWebhook('webhook-1');   // main started with N8N_DISABLE_PRODUCTION_MAIN_PROCESS
//   await cluster.restartMain();                      // same database, process memory gone
//   ... worker.finishedExecutions() ...
//   await cluster.stop();
import path from 'node:path';

import { restClient } from '../n8n/restClient.mjs';
import {
	TEST_ENCRYPTION_KEY,
	freePort,
	generatePassword,
	linkPackage,
	n8nEnv,
	prepareUserFolder,
	runN8n,
	setupOwner,
	startN8n,
} from '../n8n/runtime.mjs';
import { STOP_GRACE_MS, startQueueProcess, stripAnsi } from './queueProcess.mjs';

// n8n's job processor logs these, one each per execution a worker ran (scaling/job-processor.ts).
const FINISHED_LINE = /Worker finished execution (\S+)/;
const STARTED_LINE = /Worker started execution (\S+)/;

/** The environment every process of the cluster shares: queue mode, PostgreSQL, Redis, one key. */
export function queueEnv({ postgres, redis, encryptionKey = TEST_ENCRYPTION_KEY }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		// Manual runs go to workers as well (n8n 3's only behaviour; without it n8n warns at start).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

/**
 * A queue-mode cluster over `dir`: `dir/main`, `dir/<worker name>` each get a user folder and a
 * linked copy of the package. `cli` is the main's instance, for import/publish commands.
 */
export function createQueueCluster({ dir, postgres, redis, encryptionKey, log }) {
	const shared = queueEnv({ postgres, redis, encryptionKey });
	const instanceIn = (name) => {
		const home = path.join(dir, name);
		return {
			userFolder: prepareUserFolder(path.join(home, 'user')),
			extensionsDir: linkPackage(home),
			env: shared,
		};
	};
	const cli = instanceIn('main');
	const processes = [];
	let mainEnv = {};

	const cluster = {
		cli,
		env: shared,
		workers: [],
		webhooks: [],
		main: undefined,

		/** Activates (publishes) an imported workflow; run it before the main starts. */
		async publish(workflowId) {
			const result = await runN8n(cli, ['publish:workflow', `--id=${workflowId}`]);
			if (result.code !== 0) {
				throw new Error(`n8n publish:workflow --id=${workflowId} failed (exit ${result.code})\n${result.stdout}${result.stderr}`);
			}
		},

		/**
		 * Activates imported workflows through the running main's REST API (owner account set up on the
		 * way): no n8n boot per workflow, unlike `publish`, and the main registers the webhooks at once.
		 */
		async activate(workflowIds) {
			const url = cluster.main?.url;
			if (!url) throw new Error('start the main before activating workflows');
			const { cookie } = await setupOwner(url, { email: 'queue-owner@example.com', password: generatePassword() });
			const rest = restClient(url, cookie, { timeoutMs: 30_000 });
			for (const id of workflowIds) {
				const workflow = await rest.call('GET', `/workflows/${id}`);
				const activated = await rest.call('POST', `/workflows/${id}/activate`, { versionId: workflow.versionId });
				if (!activated.active && !activated.activeVersionId) throw new Error(`workflow ${id} is not active after activation`);
			}
		},

		/** `env` is added to the main's (kept for restartMain), e.g. N8N_DISABLE_PRODUCTION_MAIN_PROCESS. */
		async startMain({ env = mainEnv } = {}) {
			mainEnv = env;
			const lines = [];
			const main = await startN8n(cli, {
				env,
				log: (line) => {
					lines.push(stripAnsi(line));
					log?.(`[main] ${line}`);
				},
				graceMs: STOP_GRACE_MS,
			});
			main.lines = lines;
			cluster.main = main;
			processes.push(main);
			return main;
		},

		/**
		 * Stops the main and starts it again on the same user folder and database: what the old process
		 * held in memory is gone, the active workflows are activated again. `cluster.main` is the new one.
		 */
		async restartMain() {
			const old = cluster.main;
			if (!old) throw new Error('start the main before restarting it');
			await old.stop();
			processes.splice(processes.indexOf(old), 1);
			return await cluster.startMain();
		},

		/** Starts `n8n worker --concurrency=N` and resolves once its readiness check answers. */
		async startWorker(name, { concurrency = 10 } = {}) {
			const healthPort = await freePort();
			const env = n8nEnv(instanceIn(name), { runnerPort: await freePort() });
			Object.assign(env, {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			});
			const healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
			const started = await startQueueProcess({ name, args: ['worker', `--concurrency=${concurrency}`], env, readinessUrl: `${healthUrl}/readiness`, log });
			const worker = {
				...started,
				healthUrl,
				/** Ids of the executions this worker reported as finished. */
				finishedExecutions: () => started.matching(FINISHED_LINE),
				startedExecutions: () => started.matching(STARTED_LINE),
			};
			processes.push(worker);
			cluster.workers.push(worker);
			return worker;
		},

		/**
		 * Starts `n8n webhook` (production webhook URLs only; it enqueues each execution for the workers) on
		 * 127.0.0.1:`port` (a free one when left out), with `env` added, resolves once its readiness check answers.
		 */
		async startWebhook(name, { port, env: extraEnv = {} } = {}) {
			const listenPort = port ?? (await freePort());
			const env = { ...n8nEnv(instanceIn(name), { port: listenPort, runnerPort: await freePort() }), ...extraEnv };
			const url = `http://127.0.0.1:${listenPort}`;
			const started = await startQueueProcess({ name, args: ['webhook'], env, readinessUrl: `${url}/healthz/readiness`, log });
			const webhook = { ...started, url, port: listenPort, extraEnv };
			processes.push(webhook);
			cluster.webhooks.push(webhook);
			return webhook;
		},

		/** Stops a webhook process and starts it again on the same port and user folder: its memory is gone. */
		async restartWebhook(webhook) {
			await webhook.stop();
			processes.splice(processes.indexOf(webhook), 1);
			cluster.webhooks.splice(cluster.webhooks.indexOf(webhook), 1);
			return await cluster.startWebhook(webhook.name, { port: webhook.port, env: webhook.extraEnv });
		},

		/** Stops workers and webhook processes first (workers finish their jobs), then the main. */
		async stop() {
			const workers = processes.filter((p) => p !== cluster.main);
			await Promise.allSettled(workers.map((p) => p.stop()));
			await cluster.main?.stop();
		},
	};
	return cluster;
}
