// DingTalk's HTTP pushes at a steady rate: each event signed and encrypted anew by the emulator's pusher
// (a fresh timestamp and nonce every time, the reply decrypted and its signature checked as DingTalk does),
// started on a fixed schedule with a bound on the requests in flight.
import type { RunningEmulator } from '../../emulator';
import type { CallbackEvent, PushRecord } from '../../emulator/events';

export interface PushedCallback {
	/** When the request was built and sent, and when its reply was judged (Date.now()). */
	sentAt: number;
	repliedAt: number;
	/** The pusher's record: status, latency, the checked reply, `accepted` (200, "success", within 1,500 ms). */
	record: PushRecord;
}

/** Pushes one event to `url` as the app's DingTalk does, once, no retry. */
export async function pushOne(emulator: RunningEmulator, url: string, event: CallbackEvent, app: 'corp' | 'suite' = 'corp'): Promise<PushedCallback> {
	const sentAt = Date.now();
	const result = await emulator.events.pushCallbacks({ url, app, events: [event], retries: 0, deadlineMs: 1500, requestTimeoutMs: 5000 });
	const [record] = result.records;
	if (!record) throw new Error('the pusher sent nothing');
	return { sentAt, repliedAt: Date.now(), record };
}

/**
 * Starts `push(n)` for n = 0 … count-1, the nth at `n / ratePerSecond` s, later when `maxInFlight` are
 * still unanswered. Resolves with every result in order, the most in flight at once and the time taken.
 */
export async function pushPaced<T>(
	count: number,
	{ ratePerSecond, maxInFlight }: { ratePerSecond: number; maxInFlight: number },
	push: (n: number) => Promise<T>,
): Promise<{ results: T[]; peakInFlight: number; ms: number }> {
	const started = Date.now();
	const results: T[] = new Array(count);
	const running = new Set<Promise<void>>();
	let peakInFlight = 0;
	for (let n = 0; n < count; n++) {
		const wait = started + (n * 1000) / ratePerSecond - Date.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		while (running.size >= maxInFlight) await Promise.race(running);
		const task: Promise<void> = push(n)
			.then((result) => {
				results[n] = result;
			})
			.finally(() => running.delete(task));
		running.add(task);
		peakInFlight = Math.max(peakInFlight, running.size);
	}
	await Promise.all(running);
	return { results, peakInFlight, ms: Date.now() - started };
}

/** The value at quantile `q` (0–1) of `values`, nearest rank. */
export function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
