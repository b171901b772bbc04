import { requestsEachSecond } from '../../emulator';

describe('requestsEachSecond', () => {
	test('counts executed and refused requests per second from the first one, gaps included', () => {
		const log = [
			{ at: 10_900, executed: true },
			{ at: 11_000, executed: true },
			{ at: 11_500, executed: false },
			{ at: 11_999, executed: true },
			{ at: 13_100, executed: false },
		];
		expect(requestsEachSecond(log)).toBe('1/0 2/1 0/0 0/1');
	});

	test('does not depend on the order of the log', () => {
		const log = [
			{ at: 5_200, executed: false },
			{ at: 3_100, executed: true },
			{ at: 4_050, executed: true },
		];
		expect(requestsEachSecond(log)).toBe('1/0 1/0 0/1');
	});

	test('an empty log is an empty line', () => {
		expect(requestsEachSecond([])).toBe('');
	});
});
