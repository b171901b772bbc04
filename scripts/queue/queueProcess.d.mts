// Types of queueProcess.mjs.
export declare const STOP_GRACE_MS: number;
export declare function stripAnsi(text: string): string;
export interface QueueProcess {
	name: string;
	pid: number;
	lines: string[];
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	matching(pattern: RegExp): string[];
	stop(): Promise<void>;
}
export declare function startQueueProcess(options: {
	name: string;
	args: string[];
	env: Record<string, string>;
	readinessUrl: string;
	log?: (line: string) => void;
}): Promise<QueueProcess>;
