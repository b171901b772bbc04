// The example "MCP server for the to-do connector" serves what it says, with the parameters it stores.
import { readFileSync } from 'fs';
import path from 'path';

import type { RunningEmulator } from '../../../emulator';
import type { N8nHarness } from '../../harness';
import { rpc, startBed, startMcpServer } from './testbed';

const EXAMPLE = path.resolve(__dirname, '../../../examples/workflows/mcp-server-todo.json');

interface ExampleNode {
	type: string;
	parameters: Record<string, unknown>;
	webhookId?: string;
}

let emulator: RunningEmulator;
let harness: N8nHarness;

beforeAll(async () => {
	({ emulator, harness } = await startBed());
});
afterAll(async () => await emulator.stop());

describe('examples/workflows/mcp-server-todo.json', () => {
	it('offers the to-do connector\'s action behind a bearer token, at the URL its note gives', async () => {
		const workflow = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { name: string; nodes: ExampleNode[] };
		expect(workflow.name).toContain('MCP server for the to-do connector');
		const node = workflow.nodes.find((candidate) => candidate.type === 'CUSTOM.dingTalkConnectMcpServer') as ExampleNode;
		const note = workflow.nodes.find((candidate) => candidate.type === 'n8n-nodes-base.stickyNote') as ExampleNode;
		expect(String(note.parameters.content)).toContain(`/webhook/${node.webhookId}/mcp`);
		expect(node.parameters.authentication).toBe('bearerAuth');
		const server = await startMcpServer(harness, node.parameters as never);
		try {
			const answer = await server.post(rpc('tools/list'));
			const { tools } = (answer.json as { result: { tools: Array<{ name: string }> } }).result;
			expect(tools.map((tool) => tool.name)).toEqual(['to_do_center__create_to_do']);
			expect((await server.post(rpc('tools/list'), {})).status).toBe(401);
		} finally {
			await server.stop();
		}
	});
});
