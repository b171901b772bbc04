// The MCP server's integration tests: the node served over HTTP (test/harness/mcpServer.ts), backed by
// an in-process emulator.
import { startEmulator } from '../../../emulator';
import { resetProcessMemory } from '../../harness/processMemory';
import { mcpServerHarness } from '../../harness/mcpServer';

export { BEARER_TOKEN, HEADER_SECRET, rpc, startMcpServer, type McpAnswer, type McpServerBed } from '../../harness/mcpServer';

/** Fresh process memory and an emulator without a rate limit (`benchActions`: org A's extra connector, see the emulator). */
export async function startBed(benchActions?: number) {
	resetProcessMemory();
	const emulator = await startEmulator({ config: { qpsLimit: 0 }, benchActions });
	return { emulator, harness: mcpServerHarness(emulator) };
}
