import { matchesSearch } from '../../../../../nodes/DingTalkConnect/helpers/textSearch';

describe('matchesSearch', () => {
	it('finds the text in any of the given texts, in any case, and takes an empty search as all', () => {
		expect(matchesSearch('to-DO', 'Create To-do', undefined)).toBe(true);
		expect(matchesSearch(' calendar ', 42, 'Work Calendar')).toBe(true);
		expect(matchesSearch('mail', 'Create To-do', null)).toBe(false);
		expect(matchesSearch('', 'x')).toBe(true);
		expect(matchesSearch(undefined)).toBe(true);
	});
});
