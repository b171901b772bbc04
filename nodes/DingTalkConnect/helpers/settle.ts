export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * The outcome of a promise as a value, so a caller can recover from some failures and pass the
 * others on unchanged (the transport's errors are already the NodeApiErrors the user should see).
 */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value): Settled<T> => ({ ok: true, value }),
		(error: unknown): Settled<T> => ({ ok: false, error }),
	);
}
