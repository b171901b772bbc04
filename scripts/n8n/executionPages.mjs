// n8n's executions: the list (`GET /rest/executions`), every page of it, and one execution's stored data.
// n8n 2.41 pages the list with the opaque `nextCursor` each answer hands back (null on the last page) and
// refuses `lastId` with 400 "Use cursor to load execution pages"; n8n 1.123 and 2.40 hand back no cursor
// and page with `lastId`, the last id seen.

const PAGE_SIZE = 100;
const MAX_PAGES = 1000;

/**
 * Every execution `filter` selects, newest first. `get(route)` asks n8n for one page (a REST client's
 * GET, with whatever retrying the caller wants).
 */
export async function allExecutions(get, filter) {
	const query = `/executions?filter=${encodeURIComponent(JSON.stringify(filter))}&limit=${PAGE_SIZE}`;
	const rows = [];
	let next = '';
	for (let pages = 0; pages < MAX_PAGES; pages++) {
		const page = await get(query + next);
		rows.push(...page.results);
		if (page.nextCursor !== undefined) {
			if (page.nextCursor === null || page.results.length === 0) break;
			next = `&cursor=${encodeURIComponent(page.nextCursor)}`;
		} else {
			if (page.results.length < PAGE_SIZE) break;
			next = `&lastId=${page.results[page.results.length - 1].id}`;
		}
	}
	return rows;
}

/**
 * An execution's data as n8n stores it (`execution_data.data`, or `data` of `GET /rest/executions/:id`):
 * flatted's form, a table whose objects name their strings and children by index, the root first.
 */
export function unflattenExecutionData(text) {
	const table = JSON.parse(text);
	const revived = new Map();
	const at = (index) => {
		if (revived.has(index)) return revived.get(index);
		const entry = table[index];
		if (typeof entry !== 'object' || entry === null) return entry;
		const copy = Array.isArray(entry) ? [] : {};
		revived.set(index, copy);
		for (const [key, value] of Object.entries(entry)) copy[key] = typeof value === 'string' ? at(Number(value)) : value;
		return copy;
	};
	return at(0);
}
