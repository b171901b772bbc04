import { BoundedMap } from '../../../../nodes/processMemory/boundedMap';

describe('BoundedMap', () => {
	it('keeps at most maxSize entries, evicting the oldest first', () => {
		const map = new BoundedMap<string, number>({ maxSize: 2 });
		map.set('a', 1).set('b', 2).set('c', 3);
		expect([...map.keys()]).toEqual(['b', 'c']);
		expect(map.has('a')).toBe(false);
	});

	it('makes a key that is set again the newest, so it is evicted last', () => {
		const map = new BoundedMap<string, number>({ maxSize: 2 });
		map.set('a', 1).set('b', 2).set('a', 10).set('c', 3);
		expect([...map.entries()]).toEqual([
			['a', 10],
			['c', 3],
		]);
	});

	it('keeps the first insertion order when refreshOnSet is false', () => {
		const map = new BoundedMap<string, number>({ maxSize: 2, refreshOnSet: false });
		map.set('a', 1).set('b', 2).set('a', 10).set('c', 3);
		expect([...map.entries()]).toEqual([
			['b', 2],
			['c', 3],
		]);
	});

	it('behaves as a Map otherwise (get, delete, clear, size)', () => {
		const map = new BoundedMap<string, number>({ maxSize: 3 });
		map.set('a', 1).set('b', 2);
		expect(map.get('b')).toBe(2);
		expect(map.delete('a')).toBe(true);
		expect(map.size).toBe(1);
		map.clear();
		expect(map.size).toBe(0);
		expect(map).toBeInstanceOf(Map);
	});

	it('never grows past its bound however many keys it sees', () => {
		const map = new BoundedMap<number, number>({ maxSize: 100 });
		for (let key = 0; key < 10_000; key++) map.set(key, key);
		expect(map.size).toBe(100);
		expect(map.keys().next().value).toBe(9_900);
	});

	it('refuses a bound that is not a positive integer', () => {
		expect(() => new BoundedMap({ maxSize: 0 })).toThrow(RangeError);
		expect(() => new BoundedMap({ maxSize: 1.5 })).toThrow(RangeError);
	});
});
