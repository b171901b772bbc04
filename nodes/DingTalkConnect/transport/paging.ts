import type { IDataObject } from 'n8n-workflow';

import type { DingTalkContext } from './appScope';
import { MAX_PAGE_SIZE } from './constants';
import { dingTalkApiRequest, type DingTalkRequest } from './request';

export interface DingTalkPage {
	items: IDataObject[];
	nextToken?: string;
	hasMore: boolean;
}

/** Guards against a service that keeps answering hasMore with the same token. */
const MAX_PAGES = 10_000;

function withPaging(request: DingTalkRequest, nextToken: string | undefined, pageSize: number): DingTalkRequest {
	const paging: IDataObject = { maxResults: pageSize };
	if (nextToken) paging.nextToken = nextToken;
	return request.method === 'GET'
		? { ...request, qs: { ...request.qs, ...paging } }
		: { ...request, body: { ...request.body, ...paging } };
}

function pageSizeOf(pageSize: number | undefined): number {
	if (pageSize === undefined || !Number.isFinite(pageSize)) return MAX_PAGE_SIZE;
	return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize)));
}

/** DingTalk sends nextToken as a string, sometimes as a number; empty or absent means the end. */
function readNextToken(raw: unknown): string | undefined {
	if (typeof raw === 'string' && raw !== '') return raw;
	return typeof raw === 'number' ? String(raw) : undefined;
}

/** One page: `list`, `nextToken`, `hasMore`. */
export async function dingTalkApiRequestPage(
	this: DingTalkContext,
	request: DingTalkRequest,
	nextToken?: string,
	pageSize?: number,
): Promise<DingTalkPage> {
	const body = await dingTalkApiRequest.call(this, withPaging(request, nextToken, pageSizeOf(pageSize)));
	const items = Array.isArray(body.list) ? (body.list as IDataObject[]) : [];
	const next = readNextToken(body.nextToken);
	// A page without hasMore goes on while it names a next page; only an explicit false ends a list early.
	const hasMore = body.hasMore !== false && body.hasMore !== 'false' && next !== undefined;
	return { items, nextToken: hasMore ? next : undefined, hasMore };
}

/**
 * Pages with nextToken until hasMore is false or the token is empty (Return All), or until
 * `limit` items are collected.
 */
export async function dingTalkApiRequestAllItems(
	this: DingTalkContext,
	request: DingTalkRequest,
	options: { returnAll?: boolean; limit?: number; pageSize?: number } = {},
): Promise<IDataObject[]> {
	const returnAll = options.returnAll ?? true;
	const limit = Math.max(0, Math.floor(options.limit ?? MAX_PAGE_SIZE));
	const items: IDataObject[] = [];
	const seenTokens = new Set<string>();
	let nextToken: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const remaining = returnAll ? Infinity : limit - items.length;
		if (remaining <= 0) break;
		const result = await dingTalkApiRequestPage.call(this, request, nextToken, Math.min(pageSizeOf(options.pageSize), remaining));
		items.push(...result.items);
		if (!result.hasMore || result.nextToken === undefined || seenTokens.has(result.nextToken)) break;
		seenTokens.add(result.nextToken);
		nextToken = result.nextToken;
	}
	return returnAll ? items : items.slice(0, limit);
}
