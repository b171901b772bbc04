import type { RequestLogEntry } from './types';

/**
 * The requests of a log, second by second from the first one, as "executed/refused", e.g.
 * "12/0 20/3 19/0": how a run ramped, held and ended at the emulator's limit.
 */
export function requestsEachSecond(requests: Array<Pick<RequestLogEntry, 'at' | 'executed'>>): string {
	if (requests.length === 0) return '';
	const first = Math.floor(Math.min(...requests.map((entry) => entry.at)) / 1000);
	const seconds: Array<[number, number]> = [];
	for (const entry of requests) {
		const index = Math.floor(entry.at / 1000) - first;
		while (seconds.length <= index) seconds.push([0, 0]);
		seconds[index][entry.executed ? 0 : 1]++;
	}
	return seconds.map(([executed, refused]) => `${executed}/${refused}`).join(' ');
}
