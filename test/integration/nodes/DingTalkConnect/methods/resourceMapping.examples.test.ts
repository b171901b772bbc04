// The example workflows hold the Fields the editor loaded when they were saved (the resource mapper stores
// them beside the values). They must be what the editor loads today, or an example opened in the editor
// shows labels, types or model-defined states that the node no longer gives.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { INodeParameters, ResourceMapperField } from 'n8n-workflow';

import { useTestbed } from '../testbed';

const bed = useTestbed({ resetCounters: true });
const EXAMPLES = path.resolve(__dirname, '../../../../../examples/workflows');

interface ExampleNode {
	name: string;
	type: string;
	parameters: INodeParameters & { parameters?: { value?: Record<string, unknown>; schema?: Array<ResourceMapperField & { removed?: boolean }> } };
}

/** Every DingTalk Connect node in an example that invokes an action with Fields. */
const invokeNodes = readdirSync(EXAMPLES)
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) =>
		(JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8')) as { nodes: ExampleNode[] }).nodes
			.filter((node) => /\.dingTalkConnect(Tool)?$/.test(node.type) && node.parameters.inputMode === 'fields')
			.map((node) => ({ example: `${file} › ${node.name}`, node })),
	);

describe('the Fields stored in the examples', () => {
	it('are found in the examples that invoke an action with Fields, the AI tool among them', () => {
		expect(invokeNodes.length).toBeGreaterThanOrEqual(3);
		expect(invokeNodes.some(({ node }) => node.type.endsWith('Tool'))).toBe(true);
	});

	it.each(invokeNodes.map(({ example, node }) => [example, node] as const))('%s: are what the editor loads today', async (_example, node) => {
		const { fields } = await bed.harness.resourceMapping({
			nodeType: node.type.split('.').pop() as string,
			method: 'getActionInputFields',
			parameters: node.parameters,
			credentials: { dingTalkConnectApi: 'corp' },
		});
		const stored = (node.parameters.parameters?.schema ?? []).map(({ removed: _removed, ...field }) => field);

		expect(stored).toEqual(fields);
		if (node.type.endsWith('Tool')) {
			// A model-defined field's value is the expression the editor put in, unchanged.
			const values = node.parameters.parameters?.value ?? {};
			expect(fields.filter((field) => values[field.id] !== undefined).map((field) => [field.id, values[field.id]])).toEqual(
				fields.filter((field) => values[field.id] !== undefined).map((field) => [field.id, field.defaultValue]),
			);
		}
	});
});
