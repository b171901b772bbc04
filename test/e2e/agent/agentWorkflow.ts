// The workflow the agent tests run: Manual Trigger → AI Agent, its OpenAI Chat Model on the local stub
// (openAiStub.ts), and the given tool nodes attached to the agent.
import type { Workflow, WorkflowNode } from '../lib/n8n';

export const AGENT = 'AI Agent';

export function agentWorkflow(name: string, tools: WorkflowNode[], openAiCredential: { id: string; name: string }): Workflow {
	const nodes: WorkflowNode[] = [
		{ id: '00000000-0000-4000-8000-a00000000000', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: '00000000-0000-4000-8000-a00000000001',
			name: AGENT,
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 3.1,
			position: [200, 0],
			parameters: { promptType: 'define', text: 'Create a to-do for the quarterly review, urgent, due tonight at six.', options: {} },
		},
		{
			id: '00000000-0000-4000-8000-a00000000002',
			name: 'OpenAI Chat Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.3,
			position: [200, 200],
			parameters: { model: { __rl: true, mode: 'id', value: 'stub-model' }, responsesApiEnabled: false, options: {} },
			credentials: { openAiApi: openAiCredential },
		},
		...tools,
	];
	const connections: Record<string, unknown> = {
		'Manual Trigger': { main: [[{ node: AGENT, type: 'main', index: 0 }]] },
		'OpenAI Chat Model': { ai_languageModel: [[{ node: AGENT, type: 'ai_languageModel', index: 0 }]] },
	};
	for (const tool of tools) connections[tool.name] = { ai_tool: [[{ node: AGENT, type: 'ai_tool', index: 0 }]] };
	// The workflow's time zone is the one a date-time without an offset is read in.
	return { name, nodes, connections, settings: { executionOrder: 'v1', timezone: 'Asia/Shanghai' } };
}
