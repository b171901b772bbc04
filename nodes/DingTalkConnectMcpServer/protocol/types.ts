import type { JsonSchema } from '../../DingTalkConnect/helpers/jsonSchema';

/** A tool as tools/list gives it. */
export interface McpTool {
	name: string;
	title?: string;
	description: string;
	inputSchema: JsonSchema;
	outputSchema?: JsonSchema;
}

/** What tools/call answers: the action's output, or a failure the model can read and correct. */
export interface ToolCallResult {
	content: Array<{ type: 'text'; text: string }>;
	structuredContent?: Record<string, unknown>;
	isError?: boolean;
	[key: string]: unknown;
}

/** What the protocol needs from the node: its tools, and a way to run one. */
export interface ToolServer {
	serverInfo: { name: string; version: string };
	listTools(): Promise<McpTool[]>;
	callTool(tool: McpTool, args: Record<string, unknown>): Promise<ToolCallResult>;
}
