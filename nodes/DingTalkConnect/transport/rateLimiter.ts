import { sleep } from 'n8n-workflow';

import { registerStore } from '../../processMemory/processMemory';
import { Pacer, type AcquireOptions, type PaceOutcome, type PacerClock, type PacerPolicy, type PaceTicket } from './pacing/pacer';

export type { PaceOutcome } from './pacing/pacer';

const clock: PacerClock = { now: () => Date.now(), sleep: async (ms) => await sleep(ms) };

/** The pacer shared by every execution of the node in this process; a reset gives a new one with the default policy. */
const shared = registerStore('pacing', {
	pacer: new Pacer(clock),
	clear(): void {
		this.pacer.reset();
		this.pacer = new Pacer(clock);
	},
	get size(): number {
		return this.pacer.size;
	},
});

export const rateLimiter = {
	acquire: async (key: string, options?: AcquireOptions): Promise<PaceTicket> => await shared.pacer.acquire(key, options),
	report: (key: string, outcome: PaceOutcome, ticket?: PaceTicket): void => shared.pacer.report(key, outcome, ticket),
};

/**
 * The benchmark compares adaptive pacing with fixed pacing, and the soak paces at a fixed rate, through
 * this (resetProcessMemory restores the default); the node never calls it.
 */
export function usePacingPolicy(patch: Partial<PacerPolicy>): void {
	shared.pacer.reset();
	shared.pacer = new Pacer(clock, patch);
}
