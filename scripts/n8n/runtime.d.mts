// Types of runtime.mjs, for the TypeScript end-to-end tests.
import type { ChildProcess } from 'node:child_process';

export declare const ROOT: string;
export declare const PACKAGE_ROOT: string;
export declare const RUNTIME_DIR: string;
export declare const NODE_BIN: string;
export declare const N8N_DIR: string;
export declare const N8N_BIN: string;
export declare const N8N_VERSION: string;
export declare const PACKAGE_NAME: string;
export declare const NODE_TYPE: string;
export declare const INSTALLED_NODE_TYPE: string;
export declare const CREDENTIAL_TYPE: string;
export declare const TEST_ENCRYPTION_KEY: string;

/** A key of RUNTIMES: the pinned n8n 2.x, or the newest 1.x. */
export type RuntimeKey = 'pinned' | '1.x';

export interface N8nRuntime {
	key: RuntimeKey;
	/** The n8n version its committed package.json pins, e.g. `2.41.1`. */
	version: string;
	/** Where provision.sh installed it. */
	dir: string;
	nodeBin: string;
	/** Environment this runtime always gets. */
	env: Record<string, string>;
}

export declare const RUNTIMES: Record<RuntimeKey, N8nRuntime>;
export declare function runtimeOf(instanceOrKey?: N8nInstance | RuntimeKey): N8nRuntime;

/**
 * Where n8n keeps its data, where the package is linked (none when it is installed in
 * `<userFolder>/.n8n/nodes`), extra environment, and the runtime (pinned when left out).
 */
export interface N8nInstance {
	userFolder: string;
	extensionsDir?: string;
	env?: Record<string, string>;
	runtime?: RuntimeKey;
}

export interface N8nCommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** The run `n8n execute` prints (n8n's IRun), loosely typed. */
export interface N8nRun {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, N8nTaskData[]>;
			lastNodeExecuted?: string;
			error?: { message: string; description?: string; name?: string; [key: string]: unknown };
		};
		[key: string]: unknown;
	};
	[key: string]: unknown;
}

export interface N8nTaskData {
	executionStatus?: string;
	error?: { message: string; description?: string; [key: string]: unknown };
	data?: { main?: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown; [key: string]: unknown }> | null> };
	[key: string]: unknown;
}

export interface N8nHandle {
	url: string;
	port: number;
	pid: number;
	process: ChildProcess;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	stop(): Promise<void>;
}

export interface ImportedCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export declare function isProvisioned(runtime?: RuntimeKey): boolean;
export declare function provision(options?: { quiet?: boolean; runtime?: RuntimeKey }): void;
export declare function prepareUserFolder(dir: string): string;
export declare function makeTempDir(prefix?: string): string;
export declare function linkPackage(dir: string, options?: { packageRoot?: string; runtime?: RuntimeKey }): string;
export declare function freePort(): Promise<number>;
export declare function n8nEnv(
	instance: N8nInstance,
	ports?: { port?: number; runnerPort?: number },
): Record<string, string | undefined>;
export declare function runN8n(instance: N8nInstance, args: string[], options?: { timeoutMs?: number }): Promise<N8nCommandResult>;
export declare function importCredentials(instance: N8nInstance, credentials: ImportedCredential[]): Promise<void>;
export declare function importWorkflows(instance: N8nInstance, workflows: object[]): Promise<void>;
export declare function parseExecuteOutput(stdout: string): N8nRun | undefined;
export declare function executeWorkflow(instance: N8nInstance, id: string, options?: { timeoutMs?: number }): Promise<N8nRun>;
export declare function startN8n(
	instance: N8nInstance,
	options?: {
		port?: number;
		env?: Record<string, string>;
		log?: (line: string) => void;
		timeoutMs?: number;
		graceMs?: number;
	},
): Promise<N8nHandle>;
export declare function needsOwnerSetup(url: string): Promise<boolean>;
export declare function setupOwner(
	url: string,
	owner: { email: string; password: string; firstName?: string; lastName?: string },
): Promise<{ cookie: string | undefined; user: unknown }>;
export declare function login(url: string, account: { email: string; password: string }): Promise<{ cookie: string | undefined; user: unknown }>;
export declare function generatePassword(): string;
