// What the editor does when a user picks an action on the tool variant: ask the running n8n for the
// resource-mapper fields (the tool variant's method runs inside n8n, as the node type n8n generated),
// then store them with their pre-filled values, as the editor's resource mapper does.
import type { ResourceMapperField } from 'n8n-workflow';

import { generatePassword, login, setupOwner } from '../../../scripts/n8n/runtime.mjs';
import type { E2eEnvironment } from '../lib/n8n';

export interface Editor {
	loadFields(request: {
		nodeType: string;
		path: string;
		methodName: string;
		parameters: Record<string, unknown>;
		credentials: Record<string, { id: string; name: string }>;
	}): Promise<ResourceMapperField[]>;
	stop(): Promise<void>;
}

export async function openEditor(e2e: E2eEnvironment): Promise<Editor> {
	const server = await e2e.startServer();
	const owner = { email: 'agent-e2e@example.com', password: generatePassword() };
	await setupOwner(server.url, owner);
	const { cookie } = await login(server.url, owner);
	return {
		async loadFields({ nodeType, path, methodName, parameters, credentials }) {
			const response = await fetch(`${server.url}/rest/dynamic-node-parameters/resource-mapper-fields`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: cookie!, 'browser-id': 'agent-e2e' },
				body: JSON.stringify({
					nodeTypeAndVersion: { name: nodeType, version: 1 },
					path,
					methodName,
					currentNodeParameters: parameters,
					credentials,
				}),
			});
			const body = (await response.json()) as { data?: { fields: ResourceMapperField[] }; message?: string };
			if (!response.ok || !body.data) throw new Error(`resource-mapper-fields answered ${response.status}: ${body.message ?? ''}`);
			return body.data.fields;
		},
		stop: async () => await server.stop(),
	};
}

/** The resource-mapper value the editor stores once fields are loaded: every field, pre-filled or null. */
export function mapperValue(fields: ResourceMapperField[]) {
	return {
		mappingMode: 'defineBelow',
		value: Object.fromEntries(fields.map((field) => [field.id, field.defaultValue ?? null])),
		matchingColumns: [],
		schema: fields.map((field) => ({ ...field, removed: false })),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}
