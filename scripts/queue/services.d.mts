// Types of services.mjs, for the TypeScript queue-mode test.
export interface PostgresHandle {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	dir: string;
	/** Runs SQL with psql; rows with their columns split on `|`. Throws on an SQL error. */
	query(sql: string): string[][];
	stop(): Promise<void>;
}

export interface RedisHandle {
	host: string;
	port: number;
	stop(): Promise<void>;
}

export declare function postgresBinDir(): string | undefined;
export declare function servicesInstalled(): boolean;
export declare function ensureServicesInstalled(options?: { log?: (line: string) => void }): void;
export declare function startPostgres(options?: { database?: string; user?: string }): Promise<PostgresHandle>;
export declare function startRedis(): Promise<RedisHandle>;
export declare function probe(url: string, timeoutMs?: number): Promise<Response | undefined>;
