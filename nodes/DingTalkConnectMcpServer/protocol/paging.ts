import type { McpTool } from './types';

/** Tools per tools/list page: small enough for a client to read, few enough pages for a thousand actions. */
export const TOOLS_PAGE_SIZE = 50;

const CURSOR = /^o(\d{1,7})$/;

/** The offset a cursor stands for: 0 when none is given, undefined for one this server did not give. */
export function readCursor(cursor: unknown): number | undefined {
	if (cursor === undefined || cursor === null) return 0;
	if (typeof cursor !== 'string') return undefined;
	const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
	return match ? Number(match[1]) : undefined;
}

export function makeCursor(offset: number): string {
	return Buffer.from(`o${offset}`, 'utf8').toString('base64url');
}

/** One page of tools/list; `nextCursor` only while more tools follow. */
export function toolsPage(tools: McpTool[], offset: number, pageSize = TOOLS_PAGE_SIZE): { tools: McpTool[]; nextCursor?: string } {
	const end = offset + pageSize;
	return { tools: tools.slice(offset, end), ...(end < tools.length ? { nextCursor: makeCursor(end) } : {}) };
}
