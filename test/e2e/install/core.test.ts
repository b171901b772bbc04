// Installed as users install it: `npm pack` of the built package, installed
// the way n8n's Settings → Community Nodes does (peers left out) and with the README's by-hand
// command, then the suite's core cases on it: n8n loads it (type `n8n-nodes-dingtalk-connect.dingTalkConnect`,
// n8n's own n8n-workflow), the credential test, list connectors, invoke, Continue On Fail.
//
// Runs in the pinned n8n 2.x as part of `npm run test:e2e`, and in the newest n8n 1.123.x with
// `npm run test:e2e:1x` (N8N_E2E_RUNTIME=1.x; provision it first with `bash scripts/n8n/provision.sh 1.x`).
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { DEMO_CREDENTIALS, SEED, SEED_ASSETS } from '../../../emulator';
import { PACKAGE_ROOT, ROOT, generatePassword, login, makeTempDir, runtimeOf, setupOwner, type RuntimeKey } from '../../../scripts/n8n/runtime.mjs';
import { INSTALL_WAYS, foldersNamed, nodesFolder, packTarball, readmeInstallCommand, type PackedTarball } from '../lib/install';
import {
	CREDENTIALS,
	CREDENTIAL_TYPE,
	INSTALLED_NODE_TYPE,
	nodeItems,
	startE2e,
	type E2eEnvironment,
	type N8nRun,
} from '../lib/n8n';
import { coreWorkflow, NUMBER_ROWS, expectedSum } from './coreWorkflow';

const RUNTIME = (process.env.N8N_E2E_RUNTIME ?? 'pinned') as RuntimeKey;
const N8N_VERSION = runtimeOf(RUNTIME).version;
const PACKAGE = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));

let packDir: string;
let tarball: PackedTarball;

beforeAll(() => {
	packDir = makeTempDir('dingtalk-pack-');
	tarball = packTarball(packDir);
});

afterAll(() => {
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

test('the tarball holds only what n8n needs: compiled code, icons, codex, README, LICENSE, package.json', () => {
	const needed = [
		/^package\.json$/,
		/^LICENSE$/,
		/^README(\.[A-Za-z-]+)?\.md$/,
		/^dist\/(nodes|credentials)\/.+\.js$/,
		/^dist\/nodes\/[^/]+\/[^/]+\.node\.json$/,
		/^dist\/.+\.svg$/,
	];
	expect(tarball.files.filter((file) => !needed.some((pattern) => pattern.test(file)))).toEqual([]);
	expect(tarball.files).toEqual(
		expect.arrayContaining([
			'package.json',
			'LICENSE',
			'README.md',
			...PACKAGE.n8n.nodes,
			...PACKAGE.n8n.credentials,
			'dist/nodes/DingTalkConnect/DingTalkConnect.node.json',
			'dist/icons/dingtalkConnect.svg',
			'dist/icons/dingtalkConnect.dark.svg',
		]),
	);
});

test("the README's by-hand command leaves n8n's own n8n-workflow in charge (peers left out)", () => {
	const command = readmeInstallCommand();
	expect(command.slice(0, 2)).toEqual(['npm', 'install']);
	expect(command).toContain(PACKAGE.name);
	expect(command.some((arg) => arg === '--omit=peer' || arg === '--legacy-peer-deps')).toBe(true);
	// The Chinese README gives the very same command.
	expect(readmeInstallCommand(readFileSync(path.join(ROOT, 'README.zh-CN.md'), 'utf8'))).toEqual(command);
});

/** Every text in a node or credential type as n8n serves it to the editor, with where it sits, that is not English. */
function nonEnglishTexts(value: unknown, where: string): string[] {
	if (typeof value === 'string') return /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(value) ? [`${where}: ${value}`] : [];
	if (Array.isArray(value)) return value.flatMap((entry, index) => nonEnglishTexts(entry, `${where}[${index}]`));
	if (value && typeof value === 'object') {
		// Codex aliases are search keywords (钉钉 finds the node), not text the UI shows.
		return Object.entries(value).flatMap(([key, entry]) => (key === 'codex' ? [] : nonEnglishTexts(entry, `${where}.${key}`)));
	}
	return [];
}

describe.each(INSTALL_WAYS)(`installed the %s way, in n8n ${N8N_VERSION}`, (way) => {
	let e2e: E2eEnvironment;
	let run: N8nRun;
	/** The node's and the credential's types as the editor got them (filled by the editor test). */
	const served: { node?: unknown; credential?: unknown } = {};

	beforeAll(async () => {
		e2e = await startE2e({ runtime: RUNTIME, tarball: { file: tarball.file, way } });
		const [id] = await e2e.importWorkflows([coreWorkflow(e2e.nodeType)]);
		run = await e2e.execute(id);
	});

	afterAll(async () => {
		await e2e?.stop();
	});

	test("n8n's own n8n-workflow is the one it resolves: no copy anywhere in the community-nodes folder", () => {
		expect(e2e.installedDir).toBe(path.join(nodesFolder(e2e.instance.userFolder), 'node_modules', PACKAGE.name));
		expect(e2e.instance.extensionsDir).toBeUndefined();
		expect(foldersNamed(nodesFolder(e2e.instance.userFolder), 'n8n-workflow')).toEqual([]);
		expect(e2e.nodeType).toBe(`${PACKAGE.name}.dingTalkConnect`);
	});

	test('the run succeeds: list connectors, invoke in both credential modes, Continue On Fail', () => {
		expect(run.data.resultData.error).toBeUndefined();
		expect(run.status).toBe('success');

		const selfBuilt = SEED.connectors.filter((connector) => connector.type === 'self_built').map((connector) => connector.id);
		expect(nodeItems(run, 'List Self-Built Connectors').map((item) => item.id).sort()).toEqual([...selfBuilt].sort());

		const sums = NUMBER_ROWS.map(expectedSum);
		expect(nodeItems(run, 'Add (Enterprise App)')).toEqual(sums);
		expect(nodeItems(run, 'Add (Third-Party App)')).toEqual(sums);

		const tolerant = nodeItems(run, 'Add (Continue On Fail)');
		expect(tolerant).toHaveLength(3);
		expect(tolerant[0]).toEqual(expectedSum({ a: 1, b: 2 }));
		expect(tolerant[1]).toEqual({ error: expect.stringMatching(/^Item 1: .*\bb\b/), errorDescription: expect.stringContaining('Nothing was sent') });
		expect(tolerant[2]).toEqual(expectedSum({ a: 2, b: 3 }));
		// The bad item never reached DingTalk; each credential mode called as its own app.
		const sent = e2e.emulator.invocations().filter((i) => i.connectAssetUri === SEED_ASSETS.addNumbers.connectAssetUri);
		expect(sent).toHaveLength(2 * NUMBER_ROWS.length + 2);
		expect(sent.some((i) => JSON.stringify(i.input) === '{"a":5}')).toBe(false);
		expect(Object.keys(e2e.emulator.counters().byApp)).toEqual(
			expect.arrayContaining([DEMO_CREDENTIALS.corp.appKey, `${DEMO_CREDENTIALS.suite.suiteKey}:${DEMO_CREDENTIALS.suite.authCorpId}`]),
		);
	});

	test("the editor loads the node and the credential type, and the credential's Test passes in both modes", async () => {
		const server = await e2e.startServer();
		try {
			const owner = { email: 'install@example.com', password: generatePassword() };
			await setupOwner(server.url, owner);
			const { cookie } = await login(server.url, owner);
			const call = async (method: string, route: string, body?: unknown) => {
				const response = await fetch(`${server.url}${route}`, {
					method,
					headers: { cookie: cookie!, 'content-type': 'application/json' },
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				expect(response.status).toBe(200);
				return (await response.json()) as { data?: unknown } & Record<string, unknown>;
			};

			const nodeTypes = (await call('GET', '/types/nodes.json')) as unknown as Array<{ name: string; credentials?: Array<{ name: string }> }>;
			const node = nodeTypes.find((type) => type.name === INSTALLED_NODE_TYPE);
			expect(node?.credentials?.map((credential) => credential.name)).toEqual([CREDENTIAL_TYPE]);
			const credentialTypes = (await call('GET', '/types/credentials.json')) as unknown as Array<{ name: string }>;
			expect(credentialTypes.map((type) => type.name)).toContain(CREDENTIAL_TYPE);
			served.node = node;
			served.credential = credentialTypes.find((type) => type.name === CREDENTIAL_TYPE);

			const test = async (mode: keyof typeof CREDENTIALS, data: Record<string, unknown>) =>
				(await call('POST', '/rest/credentials/test', { credentials: { ...CREDENTIALS[mode], type: CREDENTIAL_TYPE, data } })).data as {
					status: string;
					message: string;
				};
			const baseUrl = e2e.emulator.url;
			expect(await test('corp', { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl })).toMatchObject({ status: 'OK' });
			expect(await test('suite', { appType: 'thirdParty', ...DEMO_CREDENTIALS.suite, baseUrl })).toMatchObject({ status: 'OK' });
			// A wrong secret fails the test, in words, without echoing the secret.
			const wrong = await test('corp', { appType: 'internal', appKey: DEMO_CREDENTIALS.corp.appKey, appSecret: 'not-the-secret', baseUrl });
			expect(wrong.status).toBe('Error');
			expect(wrong.message).toMatch(/App Secret/);
			expect(wrong.message).not.toContain('not-the-secret');
		} finally {
			await server.stop();
		}
	});

	test("every text of the node's and the credential's UI is in English", () => {
		expect(served.node).toBeDefined();
		expect(served.credential).toBeDefined();
		expect([...nonEnglishTexts(served.node, 'node'), ...nonEnglishTexts(served.credential, 'credential')]).toEqual([]);
	});
});
