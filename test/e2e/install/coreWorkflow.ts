// The one workflow the core cases run (one `n8n execute`, since each boots n8n): from the Manual
// Trigger, three independent chains — list the self-built connectors; invoke Add Numbers for three
// rows with the enterprise and the third-party credential (JSON input with expressions); and the same
// action with Continue On Fail over a row that misses a required field.
import { SEED_ASSETS } from '../../../emulator';
import { MANUAL_TRIGGER, dingTalkNode, type Workflow, type WorkflowNode } from '../lib/n8n';

export const NUMBER_ROWS = [
	{ a: 1, b: 2, more: [3] },
	{ a: 19.5, b: 22.25, more: [] },
	{ a: -4, b: 4, more: [0.5, 0.25] },
];

/** What the emulator's Add Numbers answers for a row (its addends and their sum). */
export function expectedSum(row: { a: number; b: number; more?: number[] }) {
	const addends = [row.a, row.b, ...(row.more ?? [])];
	return { sum: addends.reduce((total, n) => total + n, 0), count: addends.length };
}

let counter = 0;
function plainNode(name: string, type: string, typeVersion: number, parameters: Record<string, unknown>): WorkflowNode {
	counter += 1;
	return { id: `20000000-0000-4000-8000-${counter.toString().padStart(12, '0')}`, name, type, typeVersion, position: [200 * counter, 400], parameters };
}

/** A Set node holding `{ rows }` and a Split Out node making one item per row. */
function rows(prefix: string, values: Array<Record<string, unknown>>): WorkflowNode[] {
	return [
		plainNode(`${prefix} Rows`, 'n8n-nodes-base.set', 3.4, { mode: 'raw', jsonOutput: JSON.stringify({ rows: values }), options: {} }),
		plainNode(`${prefix} One Item per Row`, 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'rows', options: {} }),
	];
}

function addNumbers(nodeType: string, name: string, credential: 'corp' | 'suite', inputJson: string): WorkflowNode {
	return dingTalkNode(
		{
			resource: 'action',
			operation: 'invoke',
			action: { __rl: true, mode: 'uri', value: SEED_ASSETS.addNumbers.connectAssetUri },
			inputMode: 'json',
			inputJson,
			options: {},
		},
		{ name, credential, type: nodeType },
	);
}

/** The workflow, for the node's type in the n8n at hand (`CUSTOM.…` when linked, `<package>.…` when installed). */
export function coreWorkflow(nodeType: string): Workflow {
	const trigger = plainNode(MANUAL_TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {});
	const list = dingTalkNode(
		{ resource: 'connector', operation: 'getMany', connectorType: 'self_built', returnAll: true },
		{ name: 'List Self-Built Connectors', type: nodeType },
	);
	const numbers = rows('Number', NUMBER_ROWS);
	const addJson = '={{ JSON.stringify({ a: $json.a, b: $json.b, more: $json.more }) }}';
	const corp = addNumbers(nodeType, 'Add (Enterprise App)', 'corp', addJson);
	const suite = addNumbers(nodeType, 'Add (Third-Party App)', 'suite', addJson);
	const mixed = rows('Mixed', [{ a: 1, b: 2 }, { a: 5 }, { a: 2, b: 3 }]);
	const tolerant = { ...addNumbers(nodeType, 'Add (Continue On Fail)', 'corp', '={{ JSON.stringify($json) }}'), onError: 'continueRegularOutput' };

	const link = (to: WorkflowNode) => ({ node: to.name, type: 'main', index: 0 });
	const connections: Record<string, unknown> = {
		[trigger.name]: { main: [[link(list), link(numbers[0]), link(mixed[0])]] },
		[numbers[0].name]: { main: [[link(numbers[1])]] },
		[numbers[1].name]: { main: [[link(corp), link(suite)]] },
		[mixed[0].name]: { main: [[link(mixed[1])]] },
		[mixed[1].name]: { main: [[link(tolerant)]] },
	};
	return { name: 'Install: core cases', nodes: [trigger, list, ...numbers, corp, suite, ...mixed, tolerant], connections };
}
