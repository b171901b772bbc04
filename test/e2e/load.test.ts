// Smoke test: the pinned n8n 2.x loads the built package from N8N_CUSTOM_EXTENSIONS, knows the node
// and the credential type, and runs the node with both credential modes against the emulator.
import { SEED } from '../../emulator';
import { login, setupOwner, generatePassword } from '../../scripts/n8n/runtime.mjs';
import {
	CREDENTIAL_TYPE,
	NODE_TYPE,
	dingTalkNode,
	manualWorkflow,
	nodeItems,
	startE2e,
	type E2eEnvironment,
} from './lib/n8n';

let e2e: E2eEnvironment;

beforeAll(async () => {
	e2e = await startE2e();
});

afterAll(async () => {
	await e2e?.stop();
});

test('n8n execute runs the node with the enterprise and the third-party credential', async () => {
	const selfBuilt = SEED.connectors.filter((connector) => connector.type === 'self_built');
	const listConnectors = { resource: 'connector', operation: 'getMany', connectorType: 'self_built', returnAll: true };
	const run = await e2e.runWorkflow(
		manualWorkflow('Load: list connectors in both modes', [
			dingTalkNode(listConnectors, { name: 'As Enterprise App', credential: 'corp' }),
			dingTalkNode(listConnectors, { name: 'As Third-Party App', credential: 'suite' }),
		], { parallel: true }),
	);

	expect(run.data.resultData.error).toBeUndefined();
	expect(run.status).toBe('success');
	for (const name of ['As Enterprise App', 'As Third-Party App']) {
		const items = nodeItems(run, name);
		expect(items.map((item) => item.id).sort()).toEqual(selfBuilt.map((connector) => connector.id).sort());
	}
	// Each credential fetched its own token through the credential type's preAuthentication.
	const counters = e2e.emulator.counters();
	expect(counters.requests.accessToken).toBeGreaterThanOrEqual(1);
	expect(counters.requests.corpAccessToken).toBeGreaterThanOrEqual(1);
	expect(Object.keys(counters.byApp)).toEqual(
		expect.arrayContaining([expect.stringMatching(/^ding/), expect.stringMatching(/^suite.+:ding/)]),
	);
});

test('the editor knows the node type and the credential type', async () => {
	const server = await e2e.startServer();
	const owner = { email: 'e2e@example.com', password: generatePassword() };
	await setupOwner(server.url, owner);
	const { cookie } = await login(server.url, owner);
	expect(cookie).toMatch(/^n8n-auth=/);

	const nodeTypes = (await (await fetch(`${server.url}/types/nodes.json`, { headers: { cookie: cookie! } })).json()) as Array<{
		name: string;
		credentials?: Array<{ name: string }>;
	}>;
	const node = nodeTypes.find((type) => type.name === NODE_TYPE);
	expect(node).toBeDefined();
	expect(node?.credentials?.map((credential) => credential.name)).toContain(CREDENTIAL_TYPE);

	const credentialTypes = (await (await fetch(`${server.url}/types/credentials.json`, { headers: { cookie: cookie! } })).json()) as Array<{
		name: string;
	}>;
	expect(credentialTypes.map((type) => type.name)).toContain(CREDENTIAL_TYPE);

	await server.stop();
	await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
});
