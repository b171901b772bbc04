import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { matchesSearch } from '../helpers/textSearch';
import { itemMessage } from './itemMessage';

export interface ListPaging {
	returnAll: boolean;
	/** At most this many (undefined with Return All). */
	limit?: number;
	/** Only entries whose name, ID or description contains it ('' for all). */
	search: string;
}

/**
 * A Get Many's Return All, Limit and Search. As an AI Agent tool the limit and the search are the
 * model's answers, which may come as text ("10"); a limit that is not a whole number of at least 1
 * is refused with the value it was given.
 */
export function readListPaging(this: IExecuteFunctions, itemIndex: number): ListPaging {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const search = String(this.getNodeParameter('search', itemIndex, '') ?? '').trim();
	if (returnAll) return { returnAll, search };
	const raw = this.getNodeParameter('limit', itemIndex) as unknown;
	const limit = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(
			this.getNode(),
			itemMessage(this, itemIndex, `the field "limit" must be a whole number of at least 1 (sent: ${JSON.stringify(raw) ?? String(raw)})`),
			{ itemIndex },
		);
	}
	return { returnAll, limit, search };
}

/** The entries that match the search, cut to the limit. */
export function searchAndLimit(entries: IDataObject[], paging: ListPaging): IDataObject[] {
	const found = entries.filter((entry) => matchesSearch(paging.search, entry.name, entry.id, entry.description, entry.connectAssetUri));
	return paging.limit === undefined ? found : found.slice(0, paging.limit);
}
