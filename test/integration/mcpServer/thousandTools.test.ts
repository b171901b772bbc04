// A server offering a thousand actions: every tools/list and tools/call builds the catalogue from the
// cached action details, so they must all stay cached; one that fell out would be read again on each request.
import { BENCH_CONNECTOR, type RunningEmulator } from '../../../emulator';
import type { McpServerBed } from '../../harness/mcpServer';
import { rpc, startBed, startMcpServer } from './testbed';

const ACTIONS = 1000;

let emulator: RunningEmulator;
let server: McpServerBed;

beforeAll(async () => {
	const bed = await startBed(ACTIONS);
	emulator = bed.emulator;
	server = await startMcpServer(bed.harness, { authentication: 'bearerAuth', actionSelection: 'all', connectors: [BENCH_CONNECTOR.id] } as never);
});
afterAll(async () => {
	await server.stop();
	await emulator.stop();
});

async function listAll(): Promise<string[]> {
	const names: string[] = [];
	let cursor: string | undefined;
	do {
		const answer = await server.post(rpc('tools/list', cursor === undefined ? {} : { cursor }));
		const page = (answer.json as { result: { tools: Array<{ name: string }>; nextCursor?: string } }).result;
		names.push(...page.tools.map((tool) => tool.name));
		cursor = page.nextCursor;
	} while (cursor !== undefined);
	return names;
}

describe('MCP server with a thousand tools', () => {
	it('reads each action detail once for a whole tools/list, and none for the next one', async () => {
		const first = await listAll();
		expect(first).toHaveLength(ACTIONS);
		expect(new Set(first).size).toBe(ACTIONS);
		expect(emulator.counters().requests.getActionDetail).toBe(ACTIONS);
		emulator.resetCounters();
		expect(await listAll()).toEqual(first);
		expect(emulator.counters().requests.getActionDetail).toBe(0);
	});

	it('answers a tools/call without reading any detail again', async () => {
		emulator.resetCounters();
		const answer = await server.post(rpc('tools/call', { name: (await listAll())[ACTIONS - 1], arguments: { keyword: 'last' } }));
		expect((answer.json as { result: { isError?: boolean; structuredContent: { echo: unknown } } }).result).toMatchObject({ structuredContent: { echo: { keyword: 'last' } } });
		expect(emulator.counters().requests.getActionDetail).toBe(0);
	});
});
