import { sleep } from 'n8n-workflow';

import { Pacer } from './pacing/pacer';

export { DEFAULT_PACER_POLICY, Pacer, PacingAborted } from './pacing/pacer';
export type { AcquireOptions, PaceOutcome, PacerClock, PacerPolicy, PaceTicket } from './pacing/pacer';

/** Shared by every execution of the node in this process. */
export const rateLimiter = new Pacer({ now: () => Date.now(), sleep: async (ms) => await sleep(ms) });
