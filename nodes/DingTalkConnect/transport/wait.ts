import { sleep } from 'n8n-workflow';

// One abort listener per signal, however many waits watch it: Node 20 warns past 10 listeners.
const abortPromises = new WeakMap<AbortSignal, Promise<void>>();

/** Resolves once `signal` aborts (never, if it does not). */
export async function whenAborted(signal: AbortSignal): Promise<void> {
	let aborted = abortPromises.get(signal);
	if (aborted === undefined) {
		aborted = signal.aborted
			? Promise.resolve()
			: new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
		abortPromises.set(signal, aborted);
	}
	return await aborted;
}

/** Waits for `work`, or less if `signal` aborts first; true when the work finished. */
export async function unlessAborted(work: Promise<unknown>, signal?: AbortSignal): Promise<boolean> {
	if (signal === undefined) {
		await work;
		return true;
	}
	if (signal.aborted) return false;
	return await Promise.race([work.then(() => true), whenAborted(signal).then(() => false)]);
}

/** Sleeps `ms`, or less if `signal` aborts first; true when the whole time passed. */
export async function waitUnlessAborted(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return false;
	return await unlessAborted(sleep(ms), signal);
}

/** Why a run stopped, in words for "Not sent: …". */
export function stopReason(signal: AbortSignal): string {
	return typeof signal.reason === 'string' ? signal.reason : 'the execution was stopped';
}
