// What the queue-mode specs share: PostgreSQL and Redis on 127.0.0.1, a cluster over them in a temp
// folder (n8n's output shown with QUEUE_LOG=1), the corp app's credential, the "create to-do" node, and
// who ran which execution.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_CREDENTIALS, SEED_ASSETS } from '../../emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, ROOT, makeTempDir } from '../../scripts/n8n/runtime.mjs';
import { createQueueCluster, type QueueCluster, type WorkerHandle } from '../../scripts/queue/cluster.mjs';
import { ensureServicesInstalled, startPostgres, startRedis, type PostgresHandle, type RedisHandle } from '../../scripts/queue/services.mjs';

export interface QueueBed {
	dir: string;
	postgres: PostgresHandle;
	redis: RedisHandle;
	cluster: QueueCluster;
	/** Workers, then the main, then the services; the temp folder last. */
	stop(): Promise<void>;
}

/** Starts PostgreSQL and Redis (installing them when missing) and creates, not starts, the cluster. */
export async function startQueueBed(prefix: string): Promise<QueueBed> {
	ensureServicesInstalled();
	const dir = makeTempDir(prefix);
	const started = await Promise.allSettled([startPostgres(), startRedis()] as const);
	const [postgres, redis] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined)) as [PostgresHandle | undefined, RedisHandle | undefined];
	const stopServices = async () => {
		await Promise.allSettled([postgres?.stop(), redis?.stop()]);
		rmSync(dir, { recursive: true, force: true });
	};
	if (!postgres || !redis) {
		await stopServices();
		throw started.map((result) => (result.status === 'rejected' ? result.reason : undefined)).find(Boolean);
	}
	const cluster = createQueueCluster({ dir, postgres, redis, log: process.env.QUEUE_LOG === '1' ? (line) => console.log(line) : undefined });
	return {
		dir,
		postgres,
		redis,
		cluster,
		stop: async () => {
			await cluster.stop();
			await stopServices();
		},
	};
}

/** A DingTalk Connect credential for the emulator's enterprise internal app, to import with the CLI. */
export function corpCredential(ref: { id: string; name: string }, baseUrl: string, extra: Record<string, string> = {}) {
	return { ...ref, type: CREDENTIAL_TYPE, data: { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl, ...extra } };
}

/** Execution id → the names of the workers that logged it as finished. */
export function finishedBy(workers: WorkerHandle[]): Map<string, string[]> {
	const byId = new Map<string, string[]>();
	for (const worker of workers) {
		for (const id of worker.finishedExecutions()) byId.set(id, [...(byId.get(id) ?? []), worker.name]);
	}
	return byId;
}

/** The main's log lines saying it ran an execution itself (in queue mode it only enqueues). */
export function executionsRunByMain(cluster: QueueCluster): string[] {
	return cluster.main!.lines.filter((line) => /Worker (started|finished) execution/.test(line));
}

/** A DingTalk Connect node invoking "create to-do" with JSON input built by `inputJson` (an expression). */
export function createTodoNode(node: { id: string; position: [number, number]; credential: { id: string; name: string }; inputJson: string; includeMetadata?: boolean }) {
	return {
		id: node.id,
		name: 'Create To-do',
		type: NODE_TYPE,
		typeVersion: 1,
		position: node.position,
		credentials: { [CREDENTIAL_TYPE]: { ...node.credential } },
		parameters: {
			resource: 'action',
			operation: 'invoke',
			action: { __rl: true, mode: 'uri', value: SEED_ASSETS.createTodo.connectAssetUri },
			inputMode: 'json',
			inputJson: node.inputJson,
			options: node.includeMetadata ? { includeMetadata: true } : {},
		},
	};
}

export const FIGURES_FILE = path.join(ROOT, 'test-results/queue-figures.json');

/** Writes `fields` into test-results/queue-figures.json beside what other specs wrote there; returns the file. */
export function writeQueueFigures(fields: Record<string, unknown>): string {
	let figures: Record<string, unknown> = {};
	try {
		if (existsSync(FIGURES_FILE)) figures = JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as Record<string, unknown>;
	} catch {
		// A file cut short by an interrupted run: start again.
	}
	mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
	writeFileSync(FIGURES_FILE, `${JSON.stringify({ ...figures, ...fields }, null, '\t')}\n`);
	return FIGURES_FILE;
}
