// Types of processGroup.mjs, for the TypeScript tests.
import type { ChildProcess } from 'node:child_process';

export declare function killGroup(pid: number, signal: NodeJS.Signals): void;

export interface FollowedGroup {
	exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	hasExited(): boolean;
	stop(graceMs: number): Promise<void>;
}

export declare function followGroup(child: ChildProcess): FollowedGroup;
