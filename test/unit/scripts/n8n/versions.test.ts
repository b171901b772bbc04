import { newerReleases, parseRelease } from '../../../../scripts/n8n/versions.mjs';

describe('newer n8n releases than the pinned runtimes', () => {
	const available = ['1.122.5', '1.123.80', '1.123.81', '1.123.82', '1.124.0-exp.0', '2.39.0', '2.40.7', '2.41.0', '2.41.3', '2.42.0-rc.1', '3.0.0-beta.1'];

	it('lists the newer plain releases of the same major version, oldest first', () => {
		expect(newerReleases({ n8n: '2.40.7', 'n8n-1.123': '1.123.81' }, [...available].reverse())).toEqual({
			n8n: ['2.41.0', '2.41.3'],
			'n8n-1.123': ['1.123.82'],
		});
	});

	it('lists none when the pin is the newest', () => {
		expect(newerReleases({ n8n: '2.41.3' }, available)).toEqual({ n8n: [] });
	});

	it('reads only plain releases', () => {
		expect(parseRelease('2.41.3')).toEqual([2, 41, 3]);
		expect(parseRelease('2.42.0-rc.1')).toBeUndefined();
	});
});
