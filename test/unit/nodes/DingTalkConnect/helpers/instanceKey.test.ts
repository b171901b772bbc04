import { deriveInstanceKey, validateInstanceKey } from '../../../../../nodes/DingTalkConnect/helpers/instanceKey';

const SHAPE = /^n8n-[A-Za-z0-9_-]+$/;

describe('deriveInstanceKey', () => {
	it('is stable across runs of one workflow, whatever the node', () => {
		const first = deriveInstanceKey({ workflowId: 'Xk3fQ9aBcD1234ef', nodeId: 'node-1', nodeName: 'A' });
		const again = deriveInstanceKey({ workflowId: 'Xk3fQ9aBcD1234ef', nodeId: 'node-2', nodeName: 'B' });
		expect(first).toBe('n8n-wf-Xk3fQ9aBcD1234ef');
		expect(again).toBe(first);
	});

	it('differs between workflows, including ids that differ only in unsafe characters', () => {
		const keys = new Set(
			['Xk3fQ9aBcD1234ef', 'Xk3fQ9aBcD1234eg', 'a.b', 'a_b', 'a b', 'a/b', '工作流一', '工作流二', '42'].map(
				(workflowId) => deriveInstanceKey({ workflowId }),
			),
		);
		expect(keys.size).toBe(9);
	});

	it('falls back to the node id for a never-saved workflow, stable while the node exists', () => {
		const nodeId = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
		expect(deriveInstanceKey({ nodeId, nodeName: 'DingTalk Connect' })).toBe(`n8n-node-${nodeId}`);
		expect(deriveInstanceKey({ workflowId: '', nodeId })).toBe(`n8n-node-${nodeId}`);
		expect(deriveInstanceKey({ workflowId: '  ', nodeId })).toBe(deriveInstanceKey({ nodeId }));
		expect(deriveInstanceKey({ nodeId })).not.toBe(deriveInstanceKey({ nodeId: nodeId.replace('3f', '4f') }));
	});

	it('falls back to the node name, then to a fixed key', () => {
		const byName = deriveInstanceKey({ nodeName: '钉钉 连接' });
		expect(byName).toMatch(SHAPE);
		expect(byName).toBe(deriveInstanceKey({ nodeName: '钉钉 连接' }));
		expect(byName).not.toBe(deriveInstanceKey({ nodeName: '钉钉 连接 2' }));
		expect(deriveInstanceKey({})).toBe('n8n-default');
	});

	it.each([
		['a plain id', { workflowId: 'abc' }],
		['an id with dots and spaces', { workflowId: 'my flow.v2' }],
		['a Chinese id', { workflowId: '审批流程' }],
		['an emoji id', { workflowId: '🚀🚀' }],
		['a very long id', { workflowId: 'w'.repeat(500) }],
		['a very long unsafe id', { workflowId: 'x.'.repeat(300) }],
		['a long node id', { nodeId: 'n'.repeat(100) }],
	])('keeps to [A-Za-z0-9_-], at most 64 characters, prefixed n8n- (%s)', (_name, context) => {
		const key = deriveInstanceKey(context);
		expect(key).toMatch(SHAPE);
		expect(key.length).toBeLessThanOrEqual(64);
	});

	it('keeps long ids distinct after shortening', () => {
		const a = deriveInstanceKey({ workflowId: `${'w'.repeat(100)}a` });
		const b = deriveInstanceKey({ workflowId: `${'w'.repeat(100)}b` });
		expect(a).not.toBe(b);
		expect(a).toBe(deriveInstanceKey({ workflowId: `${'w'.repeat(100)}a` }));
	});
});

describe('validateInstanceKey', () => {
	it('returns a usable key trimmed', () => {
		expect(validateInstanceKey('  my-key 1 ')).toEqual({ key: 'my-key 1' });
		expect(validateInstanceKey('审批-实例')).toEqual({ key: '审批-实例' });
		expect(validateInstanceKey('k'.repeat(128))).toEqual({ key: 'k'.repeat(128) });
	});

	it.each([
		['empty', '', 'is empty'],
		['blank', ' \t ', 'is empty'],
		['too long', 'k'.repeat(129), 'is longer than 128 characters'],
		['a newline inside', 'a\nb', 'contains control characters'],
		['a NUL inside', 'a\u0000b', 'contains control characters'],
		['a DEL inside', 'a\u007fb', 'contains control characters'],
		['a C1 control inside', 'a\u0085b', 'contains control characters'],
	])('refuses a key that is %s', (_name, key, problem) => {
		expect(validateInstanceKey(key)).toEqual({ problem });
	});
});
