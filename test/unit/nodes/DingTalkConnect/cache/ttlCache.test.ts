import { TtlCache } from '../../../../../nodes/DingTalkConnect/cache/ttlCache';
import type { DingTalkContext } from '../../../../../nodes/DingTalkConnect/transport';
import { registerStore } from '../../../../../nodes/processMemory/processMemory';
import { resetProcessMemory } from '../../../../harness/processMemory';

describe('TtlCache', () => {
	afterEach(() => jest.restoreAllMocks());

	it('shares one load between concurrent callers of the same key', async () => {
		const cache = new TtlCache<number>(1000);
		let loads = 0;
		const load = async () => {
			loads++;
			await new Promise((resolve) => setImmediate(resolve));
			return 42;
		};
		const values = await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
		expect(values).toEqual([42, 42, 42]);
		expect(loads).toBe(1);
	});

	it('loads again once the entry has expired', async () => {
		const now = jest.spyOn(Date, 'now').mockReturnValue(1_000);
		const cache = new TtlCache<string>(500);
		let loads = 0;
		const load = async () => `v${++loads}`;
		expect(await cache.get('k', load)).toBe('v1');
		now.mockReturnValue(1_499);
		expect(await cache.get('k', load)).toBe('v1');
		now.mockReturnValue(1_500);
		expect(await cache.get('k', load)).toBe('v2');
	});

	it('does not keep a failed load', async () => {
		const cache = new TtlCache<string>(1000);
		await expect(cache.get('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await cache.get('k', async () => 'ok')).toBe('ok');
	});

	it('evicts the oldest entry beyond its size', async () => {
		const cache = new TtlCache<string>(1000, 2);
		let loads = 0;
		const load = (value: string) => async () => {
			loads++;
			return value;
		};
		await cache.get('a', load('a'));
		await cache.get('b', load('b'));
		await cache.get('c', load('c'));
		await cache.get('a', load('a'));
		expect(loads).toBe(4);
	});

	it('is emptied by resetProcessMemory once registered', async () => {
		const cache = registerStore('connectorLists', new TtlCache<string>(1000));
		let loads = 0;
		await cache.get('k', async () => `v${++loads}`);
		resetProcessMemory();
		expect(await cache.get('k', async () => `v${++loads}`)).toBe('v2');
	});

	it('reads the credential once for many keys of one app, keyed as getForApp keys them', async () => {
		let reads = 0;
		let appKey = 'key-1';
		const context = {
			getCredentials: async () => {
				reads++;
				return { appType: 'internal', appKey, appSecret: 'secret', baseUrl: 'https://api.dingtalk.com', accessToken: '' };
			},
			getNode: () => ({ id: 'n1', name: 'Node', credentials: { dingTalkConnectApi: { id: 'cred1', name: 'C' } } }),
		} as unknown as DingTalkContext;
		const cache = new TtlCache<string>(1000);
		const read = await cache.readerForApp(context);
		expect(await Promise.all(['a', 'b', 'c'].map(async (key) => await read(key, async () => `${key}1`)))).toEqual(['a1', 'b1', 'c1']);
		expect(reads).toBe(1);
		expect(await cache.getForApp(context, 'b', async () => 'b2')).toBe('b1');
		appKey = 'key-2';
		expect(await cache.getForApp(context, 'b', async () => 'b-other-app')).toBe('b-other-app');
	});
});
