/** Whether any of the texts contains the search (any case); an empty search matches everything. */
export function matchesSearch(search: string | undefined, ...texts: unknown[]): boolean {
	const needle = search?.trim().toLowerCase();
	if (!needle) return true;
	return texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(needle));
}
