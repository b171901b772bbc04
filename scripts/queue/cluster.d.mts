// Types of cluster.mjs, for the TypeScript queue-mode test.
import type { N8nHandle, N8nInstance } from '../n8n/runtime.mjs';
import type { PostgresHandle, RedisHandle } from './services.mjs';

export interface WorkerHandle {
	name: string;
	pid: number;
	healthUrl: string;
	/** The worker's log lines so far, colours stripped. */
	lines: string[];
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	finishedExecutions(): string[];
	startedExecutions(): string[];
	stop(): Promise<void>;
}

export interface WebhookHandle {
	name: string;
	pid: number;
	/** `http://127.0.0.1:<port>`: production webhooks are at `${url}/webhook/...`. */
	url: string;
	port: number;
	/** What startWebhook added to the shared environment (kept by restartWebhook). */
	extraEnv: Record<string, string>;
	lines: string[];
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	stop(): Promise<void>;
}

export type MainHandle = N8nHandle & { lines: string[] };

export interface QueueCluster {
	/** The main's instance: pass it to importCredentials/importWorkflows/runN8n. */
	cli: N8nInstance;
	env: Record<string, string>;
	main: MainHandle | undefined;
	workers: WorkerHandle[];
	/** The running webhook processes (`n8n webhook`). */
	webhooks: WebhookHandle[];
	/** `n8n publish:workflow --id=...` (one n8n boot each): run it before the main starts. */
	publish(workflowId: string): Promise<void>;
	/** Sets up the owner account and activates the workflows through the running main's REST API. */
	activate(workflowIds: string[]): Promise<void>;
	/** `env` is added to the main's environment and kept for restartMain. */
	startMain(options?: { env?: Record<string, string> }): Promise<MainHandle>;
	/** Stops the main and starts a new one on the same user folder and database (it reactivates the active workflows). */
	restartMain(): Promise<MainHandle>;
	startWorker(name: string, options?: { concurrency?: number }): Promise<WorkerHandle>;
	/** `n8n webhook` on 127.0.0.1:`port` (free when left out), resolved once its readiness check answers. */
	startWebhook(name: string, options?: { port?: number; env?: Record<string, string> }): Promise<WebhookHandle>;
	/** Stops a webhook process and starts it again with the same name, port and user folder. */
	restartWebhook(webhook: WebhookHandle): Promise<WebhookHandle>;
	stop(): Promise<void>;
}

export declare function queueEnv(options: {
	postgres: Pick<PostgresHandle, 'host' | 'port' | 'database' | 'user' | 'password'>;
	redis: Pick<RedisHandle, 'host' | 'port'>;
	encryptionKey?: string;
}): Record<string, string>;

export declare function createQueueCluster(options: {
	dir: string;
	postgres: PostgresHandle;
	redis: RedisHandle;
	encryptionKey?: string;
	log?: (line: string) => void;
}): QueueCluster;
