// DingTalk's list paging: maxResults (at most 50) and a nextToken whose form, last-page value and the
// presence of hasMore are unknown, so they follow the config (`pageTokens`, `lastPageToken`, `hasMoreField`).

import type { EmulatorConfig } from './types';
import { badRequest, type Answer } from './http/answers';

const MAX_PAGE_SIZE = 50;
const DEFAULT_PAGE_SIZE = 20;

export interface Page {
	offset: number;
	size: number;
}

function encodeNextToken(config: EmulatorConfig, offset: number): string | number {
	if (config.pageTokens === 'number') return offset;
	if (config.pageTokens === 'numericString') return String(offset);
	return Buffer.from(`offset:${offset}`).toString('base64');
}

// Every style is accepted whatever the setting: a token issued before a switch stays usable.
function decodeNextToken(token: unknown): number | undefined {
	if (typeof token === 'number') return Number.isSafeInteger(token) && token >= 0 ? token : undefined;
	if (typeof token !== 'string') return undefined;
	if (/^\d+$/.test(token)) return Number(token);
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
		const decoded = decodeNextToken(nextToken);
		if (decoded === undefined) return badRequest(requestId, 'InvalidParameter.NextToken', 'nextToken is not valid');
		offset = decoded;
	}
	return { offset, size };
}

/** The paging fields of a list answer, as the config spells them. */
export interface PageFields {
	hasMore?: boolean;
	nextToken?: string | number;
}

/** One page of a list, and the paging fields that go with it. */
export function pageOf<T>(config: EmulatorConfig, all: readonly T[], page: Page): { slice: T[]; fields: PageFields } {
	const hasMore = page.offset + page.size < all.length;
	const fields: PageFields = {};
	if (config.hasMoreField) fields.hasMore = hasMore;
	if (hasMore) fields.nextToken = encodeNextToken(config, page.offset + page.size);
	else if (config.lastPageToken === 'empty') fields.nextToken = '';
	return { slice: all.slice(page.offset, page.offset + page.size), fields };
}

/** totalCount as the config types it; `sdkType` is what the SDK model of this list declares. */
export function totalCountOf(config: EmulatorConfig, count: number, sdkType: 'string' | 'number'): string | number {
	const type = config.totalCount === 'sdk' ? sdkType : config.totalCount;
	return type === 'string' ? String(count) : count;
}

/** A list API's 200: one page of `all`, each item as `toItem` gives it, with the paging fields and totalCount. */
export function listAnswer<T>(config: EmulatorConfig, all: readonly T[], page: Page, sdkCountType: 'string' | 'number', toItem: (item: T) => unknown): Answer {
	const { slice, fields } = pageOf(config, all, page);
	return { status: 200, executed: true, json: { ...fields, totalCount: totalCountOf(config, all.length, sdkCountType), list: slice.map(toItem) } };
}
