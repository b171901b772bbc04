import { makeCursor, readCursor, toolsPage } from '../../../../../nodes/DingTalkConnectMcpServer/protocol/paging';
import type { McpTool } from '../../../../../nodes/DingTalkConnectMcpServer/protocol/types';

const tools: McpTool[] = Array.from({ length: 7 }, (_, index) => ({ name: `t${index}`, description: '', inputSchema: { type: 'object' } }));

describe('tools/list paging', () => {
	it('walks every tool once, page by page, and ends without a cursor', () => {
		const seen: string[] = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const page = toolsPage(tools, readCursor(cursor) as number, 3);
			seen.push(...page.tools.map((tool) => tool.name));
			cursor = page.nextCursor;
			pages++;
		} while (cursor !== undefined);
		expect(seen).toEqual(tools.map((tool) => tool.name));
		expect(pages).toBe(3);
	});

	it('gives no cursor when the page holds the rest', () => {
		expect(toolsPage(tools, 0, 7).nextCursor).toBeUndefined();
		expect(toolsPage(tools, 0, 6).nextCursor).toBe(makeCursor(6));
	});

	it('reads only the cursors it gave', () => {
		expect(readCursor(undefined)).toBe(0);
		expect(readCursor(makeCursor(50))).toBe(50);
		expect(readCursor('garbage')).toBeUndefined();
		expect(readCursor(12)).toBeUndefined();
		expect(readCursor(Buffer.from('o-1').toString('base64url'))).toBeUndefined();
	});
});
