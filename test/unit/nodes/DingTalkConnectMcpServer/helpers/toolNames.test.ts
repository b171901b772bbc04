import { baseToolName, slug, toolNames, type NameSource } from '../../../../../nodes/DingTalkConnectMcpServer/helpers/toolNames';

const source = (overrides: Partial<NameSource>): NameSource => ({
	connectAssetUri: 'dca://corp/corp/action/a1',
	actionName: '创建待办 Create To-do',
	actionId: 'createTodo',
	connectorName: '待办中心 To-do Center',
	connectorId: 'todo',
	...overrides,
});

const VALID = /^[A-Za-z0-9_-]{1,64}$/;

describe('tool names', () => {
	it('read as connector and action, from their Latin words', () => {
		expect(slug('Crème brûlée: Größe!')).toBe('creme_brulee_gro_e');
		expect(baseToolName(source({}))).toBe('to_do_center__create_to_do');
	});

	it('fall back to the IDs when a name has no Latin letters or digits', () => {
		expect(baseToolName(source({ actionName: '创建待办', connectorName: '食堂订餐', connectorId: 'canteen-01' }))).toBe('canteen_01__createtodo');
	});

	it('stay within 64 characters of [A-Za-z0-9_-]', () => {
		const long = source({ actionName: 'x'.repeat(200), connectorName: 'y'.repeat(200) });
		const name = baseToolName(long);
		expect(name).toMatch(VALID);
		expect(name.startsWith(`${'y'.repeat(24)}__x`)).toBe(true);
	});

	it('are unique and independent of order, with a hash suffix only for names that read the same', () => {
		const a = source({ connectAssetUri: 'dca://p/p/action/one' });
		const b = source({ connectAssetUri: 'dca://p/p/action/two' });
		const c = source({ connectAssetUri: 'dca://p/p/action/three', actionName: 'Add Numbers' });
		const names = toolNames([a, b, c]);
		expect(names.get(c.connectAssetUri)).toBe('to_do_center__add_numbers');
		expect(names.get(a.connectAssetUri)).toMatch(/^to_do_center__create_to_do_[0-9a-f]{6}$/);
		expect(names.get(a.connectAssetUri)).not.toBe(names.get(b.connectAssetUri));
		expect(toolNames([c, b, a])).toEqual(names);
	});

	it('keep a long colliding name within 64 characters', () => {
		const names = toolNames([
			source({ connectAssetUri: 'u1', actionName: 'z'.repeat(100) }),
			source({ connectAssetUri: 'u2', actionName: 'z'.repeat(100) }),
		]);
		const values = [...names.values()];
		expect(new Set(values).size).toBe(2);
		for (const value of values) expect(value).toMatch(VALID);
	});
});
