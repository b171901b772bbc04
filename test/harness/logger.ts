import type { Logger as WorkflowLogger } from 'n8n-workflow';

export interface CapturedLog {
	level: string;
	message: string;
	meta?: unknown;
}

/**
 * Stands in for n8n's `Logger` (`@n8n/backend-common`) in the DI container and for n8n-workflow's
 * `LoggerProxy`, so every line n8n-core or a node logs can be asserted on (e.g. "no secret logged").
 */
export class CapturingLogger implements WorkflowLogger {
	constructor(readonly lines: CapturedLog[] = []) {}

	error(message: string, meta?: unknown): void {
		this.lines.push({ level: 'error', message, meta });
	}

	warn(message: string, meta?: unknown): void {
		this.lines.push({ level: 'warn', message, meta });
	}

	info(message: string, meta?: unknown): void {
		this.lines.push({ level: 'info', message, meta });
	}

	debug(message: string, meta?: unknown): void {
		this.lines.push({ level: 'debug', message, meta });
	}

	verbose(message: string, meta?: unknown): void {
		this.lines.push({ level: 'verbose', message, meta });
	}

	// n8n's Logger hands out scoped children; ours share one buffer so nothing escapes capture.
	scoped(): CapturingLogger {
		return this;
	}
}
