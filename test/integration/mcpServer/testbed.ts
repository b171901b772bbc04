// The MCP server's integration tests: the node served over HTTP (test/harness/mcpServer.ts), backed by
// an in-process emulator.
import { startEmulator } from '../../../emulator';
import { resetProcessMemory } from '../../harness/processMemory';
import { mcpServerHarness } from '../../harness/mcpServer';

export { BEARER_TOKEN, HEADER_SECRET, rpc, startMcpServer, type McpAnswer, type McpServerBed } from '../../harness/mcpServer';

export async function startBed() {
	resetProcessMemory();
	const emulator = await startEmulator({ config: { qpsLimit: 0 } });
	return { emulator, harness: mcpServerHarness(emulator) };
}
