// The pinned n8n 2.x in queue mode: one main (`n8n start`) and workers (`n8n worker`), each with its own
// user folder and its own copy of the built package, as on separate machines, sharing PostgreSQL,
// Redis and one encryption key.
//
//   const cluster = createQueueCluster({ dir, postgres, redis });
//   await importCredentials(cluster.cli, [...]); await importWorkflows(cluster.cli, [...]);
//   const main = await cluster.startMain();
//   await cluster.activate([workflowId]);            // or cluster.publish(id) before the main starts
//   const worker = await cluster.startWorker('worker-1', { concurrency: 10 });
//   await cluster.restartMain();                      // same database, process memory gone
//   ... worker.finishedExecutions() ...
//   await cluster.stop();
import { spawn } from 'node:child_process';
import path from 'node:path';

import { followGroup } from '../n8n/processGroup.mjs';
import { restClient } from '../n8n/restClient.mjs';
import {
	N8N_BIN,
	NODE_BIN,
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
import { probe } from './services.mjs';

const WORKER_START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 20_000;
// n8n's job processor logs these, one each per execution a worker ran (scaling/job-processor.ts).
const FINISHED_LINE = /Worker finished execution (\S+)/;
const STARTED_LINE = /Worker started execution (\S+)/;

// eslint-disable-next-line no-control-regex
const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');

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

	const cluster = {
		cli,
		env: shared,
		workers: [],
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

		async startMain() {
			const lines = [];
			const main = await startN8n(cli, {
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
			const instance = instanceIn(name);
			const healthPort = await freePort();
			const runnerPort = await freePort();
			const env = n8nEnv(instance, { runnerPort });
			Object.assign(env, {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			});
			const child = spawn(NODE_BIN, [N8N_BIN, 'worker', `--concurrency=${concurrency}`], {
				env,
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			});
			const lines = [];
			let partial = '';
			const onData = (chunk) => {
				const text = partial + String(chunk);
				const parts = text.split('\n');
				partial = parts.pop() ?? '';
				for (const line of parts) {
					if (!line.trim()) continue;
					lines.push(stripAnsi(line));
					log?.(`[${name}] ${line}`);
				}
			};
			child.stdout.on('data', onData);
			child.stderr.on('data', onData);
			const group = followGroup(child);
			const matching = (pattern) => lines.map((line) => pattern.exec(line)?.[1]).filter((id) => id !== undefined);
			const worker = {
				name,
				pid: child.pid,
				healthUrl: `http://127.0.0.1:${healthPort}/healthz`,
				lines,
				exited: group.exit,
				/** Ids of the executions this worker reported as finished. */
				finishedExecutions: () => matching(FINISHED_LINE),
				startedExecutions: () => matching(STARTED_LINE),
				stop: () => group.stop(STOP_GRACE_MS),
			};
			processes.push(worker);
			const deadline = Date.now() + WORKER_START_TIMEOUT_MS;
			while (Date.now() < deadline) {
				if (group.hasExited()) {
					const { code, signal } = await group.exit;
					throw new Error(`worker ${name} exited during start (code ${code}, signal ${signal})\n${lines.slice(-40).join('\n')}`);
				}
				const answer = await probe(`${worker.healthUrl}/readiness`);
				if (answer?.ok) {
					cluster.workers.push(worker);
					return worker;
				}
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			await worker.stop();
			throw new Error(`worker ${name} not ready within ${WORKER_START_TIMEOUT_MS} ms\n${lines.slice(-40).join('\n')}`);
		},

		/** Stops workers first (they finish their jobs), then the main. */
		async stop() {
			const workers = processes.filter((p) => p !== cluster.main);
			await Promise.allSettled(workers.map((p) => p.stop()));
			await cluster.main?.stop();
		},
	};
	return cluster;
}
