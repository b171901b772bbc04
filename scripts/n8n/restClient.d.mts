// Types of restClient.mjs, for the TypeScript end-to-end tests.

export interface RestClient {
	url: string;
	/** `method /rest<path>` with a JSON body; resolves with the answer's `data`. */
	call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export declare function restClient(url: string, cookie: string, options?: { timeoutMs?: number }): RestClient;
