// The per-app, per-API QPS limit (one-second windows), as DingTalk's gateway applies it.

import type { ApiName } from './types';
import { errorBody, type Answer } from './http/answers';
import { QPS_LIMIT_FOR_APP } from './faults';
import type { EmulatorState } from './state';

/** Counts the request in its window; true when it is over the limit. */
export function rateLimited(state: EmulatorState, app: string, api: ApiName): boolean {
	if (state.config.qpsLimit <= 0) return false;
	const key = `${app}\u0000${api}`;
	const second = Math.floor(Date.now() / 1000);
	let window = state.windows.get(key);
	if (!window || window.second !== second) {
		window = { second, count: 0 };
		state.windows.set(key, window);
	}
	window.count++;
	return window.count > state.config.qpsLimit;
}

export function throttled(state: EmulatorState, requestId: string): Answer {
	state.stats.throttled++;
	return { status: 403, json: errorBody(requestId, QPS_LIMIT_FOR_APP.code, QPS_LIMIT_FOR_APP.message) };
}
