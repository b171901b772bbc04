// DingTalk's list paging: maxResults (at most 50) and an opaque nextToken ('' at the end).

import { badRequest, type Answer } from './http/answers';

const MAX_PAGE_SIZE = 50;
const DEFAULT_PAGE_SIZE = 20;

export interface Page {
	offset: number;
	size: number;
}

function encodeNextToken(offset: number): string {
	return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeNextToken(token: string): number | undefined {
	const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
	return match ? Number(match[1]) : undefined;
}

/** The page a request asks for, or the 400 for a bad maxResults or nextToken. */
export function pageParams(maxResults: unknown, nextToken: unknown, requestId: string): Page | Answer {
	let size = DEFAULT_PAGE_SIZE;
	if (maxResults !== undefined && maxResults !== '') {
		const parsed = Number(maxResults);
		if (!Number.isInteger(parsed) || parsed < 1) return badRequest(requestId, 'InvalidParameter.MaxResults', 'maxResults must be a positive integer');
		size = Math.min(parsed, MAX_PAGE_SIZE);
	}
	let offset = 0;
	if (nextToken !== undefined && nextToken !== '' && nextToken !== null) {
		const decoded = typeof nextToken === 'string' ? decodeNextToken(nextToken) : undefined;
		if (decoded === undefined) return badRequest(requestId, 'InvalidParameter.NextToken', 'nextToken is not valid');
		offset = decoded;
	}
	return { offset, size };
}

/** One page of a list, and the token of the next one ('' at the end, as DingTalk answers). */
export function pageOf<T>(all: readonly T[], page: Page) {
	const hasMore = page.offset + page.size < all.length;
	return {
		slice: all.slice(page.offset, page.offset + page.size),
		hasMore,
		nextToken: hasMore ? encodeNextToken(page.offset + page.size) : '',
	};
}
