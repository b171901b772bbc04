import { BoundedMap, type BoundedMapOptions } from './boundedMap';

/** One store the process keeps across executions: what it holds, what keys it, and how far it may grow. */
export interface StoreSpec {
	holds: string;
	key: string;
	/** Entries kept at most (the oldest go first unless `evicts` says otherwise). */
	maxEntries: number;
	/** How long an entry counts, when it expires. */
	maxAgeMs?: number;
	/** Which entries go first when full, when not the oldest. */
	evicts?: string;
}

/**
 * Everything the package remembers between executions, by name. A store is created through
 * `boundedStore` or registered with `registerStore` under one of these names, so each one can be listed,
 * and `resetProcessMemory` empties them all. "App scope" is AppScope.key: credential ID, app (and
 * organisation) and base URL.
 *
 * Not here, as they do not outlive what owns them: the stream trigger's recent event ids (one set per
 * running trigger, gone when it closes) and the promise per abort signal in transport/wait.ts (a WeakMap
 * entry gone with its signal).
 */
/** DingTalk states no replay window for callbacks: the HTTP trigger refuses a signed request older than this. */
export const CALLBACK_REPLAY_WINDOW_MS = 60 * 60_000;

export const STORES = {
	connectorLists: {
		holds: 'Connector lists of one type, shared by runs and look-ups for 60 s',
		key: 'app scope | connector type',
		maxEntries: 500,
		maxAgeMs: 60_000,
	},
	actionLists: {
		holds: "A connector's actions (all pages) for 60 s",
		key: 'app scope | connectorId | integration types',
		maxEntries: 500,
		maxAgeMs: 60_000,
	},
	actionDetails: {
		// Invoke checks every item against the schema: five minutes make warm runs free of look-ups.
		// The MCP server reads every offered action's detail on each request: a 1,000-tool server must fit with
		// room to spare, which 500 did not (each request read them all again); about 5 KiB each, 10 MB full.
		holds: "An action's detail with its input and output schemas for 5 min",
		key: 'app scope | connectAssetUri',
		maxEntries: 2_000,
		maxAgeMs: 5 * 60_000,
	},
	instanceCreations: {
		holds: 'Instance creations this process started, shared by the items that found the instance missing',
		key: 'app scope | connectAssetUri | instanceKey',
		maxEntries: 5_000,
	},
	orgTokens: {
		holds: 'Access tokens of the organisations a third-party credential acts for besides its own (never stored in the credential)',
		key: 'app scope (with the authorising organisation)',
		maxEntries: 1_000,
	},
	pushedSuiteTickets: {
		holds: 'The newest suite ticket DingTalk pushed to a trigger, and when it arrived',
		key: 'suiteKey',
		maxEntries: 1_000,
	},
	tokenRefreshes: {
		holds: 'The token refresh in flight (or last done) for a credential, so a burst of expired calls fetches one token',
		key: 'app scope',
		maxEntries: 1_000,
	},
	pacing: {
		holds: 'The adaptive rate, queue and per-second budget of paced calls',
		key: 'app and base URL | API path',
		maxEntries: 1_000,
		evicts: 'keys idle for 10 min first, then the least recently used of those with nobody waiting',
	},
	recentCallbacks: {
		holds: 'Event ids the HTTP callback trigger accepted, so a repeated push starts nothing',
		key: 'workflow, node, mode and app | event id',
		maxEntries: 20_000,
		// Outlives the replay window on both sides of now, so a repeat within it is always recognised.
		maxAgeMs: 2 * CALLBACK_REPLAY_WINDOW_MS + 60_000,
	},
	callbackCredentials: {
		// n8n reads and decrypts a credential on every getCredentials: about 1 ms of its main thread per callback.
		holds: "The HTTP callback trigger's credential as n8n last decrypted it, for 5 s (a request the kept keys refuse reads it again)",
		key: 'credential ID',
		maxEntries: 1_000,
		maxAgeMs: 5_000,
	},
	acceptedEventLists: {
		holds:
			"Per HTTP callback trigger set to check repeats across processes: this process's copy of the accepted events its workflow's static data carries (at most 5,000 each, for as long as recentCallbacks keeps them)",
		key: 'workflow and node',
		maxEntries: 50,
	},
	retryPolicy: {
		holds: 'The retry policy: the default, unless a test or benchmark shortened its delays',
		key: 'none (one value)',
		maxEntries: 1,
	},
	timeZoneFormats: {
		// Building a formatter costs about 0.4 ms, a third of a callback's work when done for every event.
		holds: 'A date-time formatter per time zone (or none for an unknown zone) and the offset of the last second asked for, for offsets and received-at times',
		key: 'IANA time zone name',
		maxEntries: 100,
	},
} as const satisfies Record<string, StoreSpec>;

export type StoreName = keyof typeof STORES;

/** The stores whose entries expire. */
export type ExpiringStoreName = { [N in StoreName]: (typeof STORES)[N] extends { maxAgeMs: number } ? N : never }[StoreName];

/** What the registry needs of a live store. */
export interface LiveStore {
	clear(): void;
	/** Entries held now: 0 in a fresh process and after a reset. */
	readonly size: number;
}

const live = new Map<StoreName, LiveStore[]>();

/** Puts a store under its name, so that it is listed and reset with the others. */
export function registerStore<S extends LiveStore>(name: StoreName, store: S): S {
	live.set(name, [...(live.get(name) ?? []), store]);
	return store;
}

/** A BoundedMap sized by the store's `maxEntries`, registered under its name. */
export function boundedStore<K, V>(name: StoreName, options: Omit<BoundedMapOptions, 'maxSize'> = {}): BoundedMap<K, V> {
	return registerStore(name, new BoundedMap<K, V>({ ...options, maxSize: STORES[name].maxEntries }));
}

export interface StoreListing extends StoreSpec {
	name: StoreName;
	/** Whether the module that creates it has been loaded (a store of an unloaded module holds nothing). */
	registered: boolean;
	size: number;
}

/** Every store by name, with what it holds now. */
export function listStores(): StoreListing[] {
	return (Object.keys(STORES) as StoreName[]).map((name) => {
		const stores = live.get(name) ?? [];
		return { name, ...STORES[name], registered: stores.length > 0, size: stores.reduce((sum, store) => sum + store.size, 0) };
	});
}

/** Forgets everything the process remembers, as in a freshly started n8n (tests and benchmarks). */
export function resetProcessMemory(): void {
	for (const stores of live.values()) for (const store of stores) store.clear();
}
