// A small stand-in for OpenAI's Chat Completions API on 127.0.0.1, for n8n's OpenAI Chat Model with
// its credential's Base URL pointed here (and "Use Responses API" off). It records every request
// (so a test can read the tool definitions n8n sends) and answers from a script: a tool call first,
// then, once the tool's result is in the conversation, a final answer quoting that result.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ChatMessage {
	role: string;
	content?: unknown;
	tool_call_id?: string;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
	[key: string]: unknown;
}

export interface OpenAiStub {
	/** The Base URL for the OpenAI credential, e.g. http://127.0.0.1:12345/v1 */
	baseUrl: string;
	requests: ChatRequest[];
	/** The tool the stub calls next (by name; the first one offered when not given) and its arguments. */
	setToolCall(args: Record<string, unknown>, toolName?: string): void;
	stop(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;
export const FINAL_PREFIX = 'The tool answered: ';

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		let size = 0;
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY) {
				reject(new Error('request too large'));
				request.destroy();
			} else chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content.map((part) => (typeof part === 'object' && part && 'text' in part ? String(part.text) : '')).join('');
	}
	return '';
}

function answer(body: ChatRequest, args: Record<string, unknown>, toolName: string | undefined, sequence: number) {
	const toolResult = body.messages.find((message) => message.role === 'tool');
	const tool = toolName ?? body.tools?.[0]?.function.name;
	const message = toolResult || !tool
		? { role: 'assistant', content: `${FINAL_PREFIX}${textOf(toolResult?.content)}` }
		: {
				role: 'assistant',
				content: null,
				tool_calls: [{ id: `call_${sequence}`, type: 'function', function: { name: tool, arguments: JSON.stringify(args) } }],
			};
	return { message, finishReason: 'tool_calls' in message ? 'tool_calls' : 'stop' };
}

function send(response: ServerResponse, status: number, json: unknown) {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(json));
}

export async function startOpenAiStub(): Promise<OpenAiStub> {
	const requests: ChatRequest[] = [];
	let toolArguments: Record<string, unknown> = {};
	let toolToCall: string | undefined;
	let sequence = 0;

	const server: Server = createServer((request, response) => {
		void (async () => {
			if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
				send(response, 404, { error: { message: `no route ${request.method} ${request.url}` } });
				return;
			}
			const body = JSON.parse(await readBody(request)) as ChatRequest;
			requests.push(body);
			sequence += 1;
			const { message, finishReason } = answer(body, toolArguments, toolToCall, sequence);
			const base = { id: `chatcmpl-${sequence}`, created: Math.floor(Date.now() / 1000), model: body.model };
			const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
			if (!body.stream) {
				send(response, 200, {
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finishReason }],
					usage,
				});
				return;
			}
			// Streaming: one delta with the whole message (tool calls indexed as the API does), then the end.
			response.writeHead(200, { 'content-type': 'text/event-stream' });
			const delta =
				'tool_calls' in message && message.tool_calls
					? { role: 'assistant', tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })) }
					: { role: 'assistant', content: message.content };
			const chunk = (choice: unknown, extra = {}) =>
				`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice], ...extra })}\n\n`;
			response.write(chunk({ index: 0, delta, finish_reason: null }));
			response.write(chunk({ index: 0, delta: {}, finish_reason: finishReason }, { usage }));
			response.end('data: [DONE]\n\n');
		})().catch((error: unknown) => send(response, 500, { error: { message: String(error) } }));
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		setToolCall(args, toolName) {
			toolArguments = args;
			toolToCall = toolName;
		},
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
