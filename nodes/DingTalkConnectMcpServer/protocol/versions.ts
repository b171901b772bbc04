/**
 * The MCP revisions this server speaks, newest first. n8n 2.41's MCP Client Tool (MCP SDK 1.26) asks for
 * 2025-11-25 and accepts any of these; Claude Desktop and Cursor ask for 2025-06-18 or 2025-03-26. The
 * methods used here (initialize, ping, tools/list, tools/call) read the same in all of them.
 */
export const SUPPORTED_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

/** The client's revision when this server speaks it, otherwise the newest this server speaks (the client decides). */
export function negotiateProtocolVersion(requested: unknown): string {
	const known = SUPPORTED_PROTOCOL_VERSIONS.find((version) => version === requested);
	return known ?? SUPPORTED_PROTOCOL_VERSIONS[0];
}
