// Types of executionPages.mjs, for the TypeScript end-to-end and queue-mode tests and the benchmark.

/** One page of `GET /rest/executions`; `nextCursor` is there from n8n 2.41 on. */
export interface ExecutionPage<Row> {
	results: Row[];
	nextCursor?: string | null;
}

export declare function allExecutions<Row extends { id: string }>(
	get: (route: string) => Promise<ExecutionPage<Row>>,
	filter: Record<string, unknown>,
): Promise<Row[]>;

/** An execution's stored data (flatted's form) as the object it encodes. */
export declare function unflattenExecutionData(text: string): unknown;
