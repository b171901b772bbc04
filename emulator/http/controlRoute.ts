// The shape of a control route, shared by control.ts and eventControl.ts (which control.ts merges in).

import type { InstanceFilter, RunningEmulator } from '../types';

/** What the control routes act on: the running emulator without its lifecycle. */
export type ControlTarget = Omit<RunningEmulator, 'url' | 'port' | 'stop'>;

export type ControlRoute = (target: ControlTarget, body: unknown, filter: InstanceFilter) => unknown;
