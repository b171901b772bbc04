// Drives the real n8n runtimes (installed by scripts/n8n/provision.sh) for `npm start` and the
// end-to-end tests: the pinned n8n 2.x (spawned with the Node 24 binary) and, for the version
// matrix, the newest n8n 1.123.x (on the machine's Node 20). This library runs on Node 20.
//
// An "instance" below is `{ userFolder, extensionsDir?, env?, runtime? }`: the folder n8n keeps its
// SQLite database and encryption key in, the folder this package is linked into (none when the
// package is installed in `<userFolder>/.n8n/nodes`), extra environment, and which runtime runs it
// (a key of RUNTIMES; the pinned one when left out).
/* global fetch, AbortController */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { followGroup, killGroup } from './processGroup.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The npm package n8n installs is the repository's root (the tarball holds dist/, README and LICENSE only). */
export const PACKAGE_ROOT = ROOT;
export const RUNTIME_DIR = process.env.N8N_RUNTIME_DIR ?? path.join(ROOT, '.runtime');
export const NODE_BIN = path.join(RUNTIME_DIR, 'node24/node_modules/node/bin/node');
export const N8N_DIR = path.join(RUNTIME_DIR, 'n8n');
export const N8N_BIN = path.join(N8N_DIR, 'node_modules/n8n/bin/n8n');

const SPEC_DIR = path.join(ROOT, 'scripts/n8n/runtime');
/** The n8n version a runtime's committed package.json pins. */
function pinnedVersion(specFolder) {
	return JSON.parse(readFileSync(path.join(SPEC_DIR, specFolder, 'package.json'), 'utf8')).dependencies.n8n;
}

export const N8N_VERSION = pinnedVersion('n8n');

const LEGACY_DIR = process.env.N8N_1X_RUNTIME_DIR ?? path.join(RUNTIME_DIR, 'n8n-1.123');

/**
 * The runtimes `provision.sh <key>` installs. `pinned` is what `npm start` and the e2e suite use;
 * `1.x` is the newest n8n 1.x, the other leg of the version matrix. It runs on the Node that
 * provision.sh compiled its sqlite3 for (the machine's Node 20, recorded in `.node`).
 */
export const RUNTIMES = {
	pinned: { key: 'pinned', version: N8N_VERSION, dir: N8N_DIR, nodeBin: NODE_BIN, env: {} },
	'1.x': {
		key: '1.x',
		version: pinnedVersion('n8n-1.123'),
		dir: LEGACY_DIR,
		get nodeBin() {
			const recorded = path.join(LEGACY_DIR, '.node');
			return existsSync(recorded) ? readFileSync(recorded, 'utf8').trim() : process.execPath;
		},
		// 1.123's default expression engine runs in isolated-vm, which has no build for Node 20 here
		// (scripts are off at install); n8n's legacy engine is the one every 1.x before it used.
		// 1.123 has no `mcp-registry` module to switch off (it refuses unknown names).
		env: { N8N_EXPRESSION_ENGINE: 'legacy', N8N_DISABLED_MODULES: '' },
	},
};

/** The runtime of an instance (or of a RUNTIMES key); the pinned one by default. */
export function runtimeOf(instanceOrKey) {
	const key = typeof instanceOrKey === 'string' ? instanceOrKey : (instanceOrKey?.runtime ?? 'pinned');
	const runtime = RUNTIMES[key];
	if (!runtime) throw new Error(`unknown n8n runtime "${key}" (one of ${Object.keys(RUNTIMES).join(', ')})`);
	return runtime;
}

function n8nBinOf(runtime) {
	return path.join(runtime.dir, 'node_modules/n8n/bin/n8n');
}

export const PACKAGE_NAME = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).name;
/** n8n prefixes nodes and credentials loaded from N8N_CUSTOM_EXTENSIONS with `CUSTOM.` (nodes only). */
export const NODE_TYPE = 'CUSTOM.dingTalkConnect';
/** The node's type when the package is installed as users install it (in `<userFolder>/.n8n/nodes`). */
export const INSTALLED_NODE_TYPE = `${PACKAGE_NAME}.dingTalkConnect`;
export const CREDENTIAL_TYPE = 'dingTalkConnectApi';

/** Fixed key for throwaway folders; `npm start`'s persistent folder passes its own. */
export const TEST_ENCRYPTION_KEY = 'e2e-only-encryption-key-not-a-secret';

const DEFAULT_TIMEOUT_MS = 120_000;

export function isProvisioned(key = 'pinned') {
	const runtime = runtimeOf(key);
	return (
		existsSync(runtime.nodeBin) &&
		existsSync(n8nBinOf(runtime)) &&
		(key !== 'pinned' || existsSync(path.join(RUNTIME_DIR, 'node24/.provisioned'))) &&
		existsSync(path.join(runtime.dir, '.provisioned'))
	);
}

/** Runs `provision.sh <runtime>` (a fast no-op when the runtime is in place). Throws when it fails. */
export function provision({ quiet = false, runtime = 'pinned' } = {}) {
	runtimeOf(runtime);
	const result = spawnSync('bash', [path.join(ROOT, 'scripts/n8n/provision.sh'), runtime], {
		stdio: quiet ? 'pipe' : 'inherit',
		encoding: 'utf8',
		env: { ...process.env, N8N_RUNTIME_DIR: RUNTIME_DIR, N8N_1X_RUNTIME_DIR: LEGACY_DIR },
	});
	if (result.status !== 0) {
		throw new Error(`provision.sh failed (exit ${result.status})${quiet ? `:\n${tail(result.stdout + result.stderr)}` : ''}`);
	}
}

/** Creates (if needed) and returns a user folder for n8n. */
export function prepareUserFolder(dir) {
	mkdirSync(dir, { recursive: true });
	return dir;
}

/** A fresh throwaway folder under the OS temp dir (remove it with `rmSync(dir, { recursive: true })`). */
export function makeTempDir(prefix = 'n8n-e2e-') {
	return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Makes the built package visible to n8n and returns the folder for N8N_CUSTOM_EXTENSIONS.
 *
 * Lay-out under `dir`:
 *   extensions/<package>/{package.json, dist/}   a COPY, so a rebuild in the repository cannot change
 *                                                a running n8n under its feet
 *   node_modules/n8n-workflow -> n8n's own copy   the package's `require('n8n-workflow')` walks up
 *                                                to here, so it shares n8n's classes (NodeApiError ...)
 *                                                instead of finding the repository's dev dependency
 * The extensions folder holds no node_modules, so n8n's `**\/*.node.js` scan stays small.
 */
export function linkPackage(dir, { packageRoot = PACKAGE_ROOT, runtime = 'pinned' } = {}) {
	const dist = path.join(packageRoot, 'dist');
	if (!existsSync(path.join(dist, 'nodes'))) {
		throw new Error(`${dist} has no built nodes: run \`npm run build\` first`);
	}
	const extensionsDir = path.join(dir, 'extensions');
	const target = path.join(extensionsDir, PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	cpSync(path.join(packageRoot, 'package.json'), path.join(target, 'package.json'));
	cpSync(dist, path.join(target, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });

	const link = path.join(dir, 'node_modules/n8n-workflow');
	mkdirSync(path.dirname(link), { recursive: true });
	rmSync(link, { recursive: true, force: true });
	symlinkSync(path.join(runtimeOf(runtime).dir, 'node_modules/n8n-workflow'), link, 'dir');
	return extensionsDir;
}

/** Asks the OS for a free port on 127.0.0.1. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * The environment n8n runs with: nothing reaches the internet, everything listens on 127.0.0.1.
 * `runnerPort` is the task-runner broker's port: n8n 2.x always starts a runner broker (default
 * 5679), so two n8n processes at once (a test and `npm start`) need different ports.
 */
export function n8nEnv(instance, { port, runnerPort } = {}) {
	const { userFolder, extensionsDir, env = {} } = instance;
	const runtime = runtimeOf(instance);
	const base = {
		...process.env,
		PATH: `${path.dirname(runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		...(extensionsDir ? { N8N_CUSTOM_EXTENSIONS: extensionsDir } : {}),
		N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_PYTHON_ENABLED: 'false',
		// Plain http on 127.0.0.1: the auth cookie must not demand https.
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		// Its system task fetches n8n's MCP server catalogue from api.n8n.io at start.
		N8N_DISABLED_MODULES: 'mcp-registry',
		DB_SQLITE_POOL_SIZE: '2',
		NODE_ENV: 'production',
		...runtime.env,
		...env,
	};
	if (port !== undefined) base.N8N_PORT = String(port);
	if (runnerPort !== undefined) base.N8N_RUNNERS_BROKER_PORT = String(runnerPort);
	// Deprecated in 2.x (runners are always on): setting it only adds a warning.
	delete base.N8N_RUNNERS_ENABLED;
	// An installed package is found in <userFolder>/.n8n/nodes only: no custom folder from the caller's shell.
	if (!extensionsDir) delete base.N8N_CUSTOM_EXTENSIONS;
	return base;
}

function tail(text, lines = 40) {
	return String(text).split('\n').slice(-lines).join('\n');
}

/** Runs `n8n <args>` to completion. Resolves `{ code, stdout, stderr }` (never rejects on exit code). */
export async function runN8n(instance, args, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
	const runnerPort = await freePort();
	return await new Promise((resolve, reject) => {
		const runtime = runtimeOf(instance);
		const child = spawn(runtime.nodeBin, [n8nBinOf(runtime), ...args], {
			env: n8nEnv(instance, { runnerPort }),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			killGroup(child.pid, 'SIGKILL');
			reject(new Error(`n8n ${args[0]} timed out after ${timeoutMs} ms\n${tail(stdout + stderr)}`));
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			// The task runner is a child of n8n: make sure nothing of the group outlives the command.
			killGroup(child.pid, 'SIGKILL');
			resolve({ code, stdout, stderr });
		});
	});
}

async function importFile(instance, command, items) {
	const dir = makeTempDir('n8n-import-');
	const file = path.join(dir, `${command.replace(':', '-')}.json`);
	try {
		writeFileSync(file, JSON.stringify(items));
		const result = await runN8n(instance, [command, `--input=${file}`]);
		if (result.code !== 0) {
			// The file may hold credential secrets: report n8n's message only, never the file.
			throw new Error(`n8n ${command} failed (exit ${result.code})\n${tail(result.stdout + result.stderr)}`);
		}
		return result;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Imports credentials: `[{ id, name, type, data: { ...plain fields } }]` (n8n encrypts `data`).
 * They belong to the instance owner's personal project (n8n creates a "shell" owner on first run).
 */
export async function importCredentials(instance, credentials) {
	await importFile(instance, 'import:credentials', credentials);
}

/** Imports workflows (an array, each with a fixed `id`); re-importing an id replaces it. */
export async function importWorkflows(instance, workflows) {
	await importFile(instance, 'import:workflow', workflows);
}

/**
 * Finds the run n8n printed among its log lines. `n8n execute --rawOutput` prints the run as
 * indented JSON on success, and (as an info log line) before it fails; logs can come before and after.
 */
export function parseExecuteOutput(stdout) {
	// eslint-disable-next-line no-control-regex
	const text = String(stdout).replace(/\u001b\[[0-9;]*m/g, '');
	let found;
	const start = /\{\s*\n\s*"/g;
	let match;
	while ((match = start.exec(text)) !== null) {
		const end = matchingBrace(text, match.index);
		if (end === -1) continue;
		try {
			const value = JSON.parse(text.slice(match.index, end + 1));
			if (value && typeof value === 'object' && value.data && value.data.resultData) {
				found = value;
				start.lastIndex = end + 1;
			}
		} catch {
			// Not JSON after all (a log line with braces): keep looking.
		}
	}
	return found;
}

/** Index of the `}` that closes the object opening at `from`, or -1; string-aware. */
function matchingBrace(text, from) {
	let depth = 0;
	let inString = false;
	for (let i = from; i < text.length; i++) {
		const ch = text[i];
		if (inString) {
			if (ch === '\\') i++;
			else if (ch === '"') inString = false;
		} else if (ch === '"') inString = true;
		else if (ch === '{' || ch === '[') depth++;
		else if (ch === '}' || ch === ']') {
			depth--;
			if (depth === 0) return ch === '}' ? i : -1;
		}
	}
	return -1;
}

/**
 * Runs an imported workflow with `n8n execute --id <id> --rawOutput` and returns the run n8n
 * reports (IRun: `{ data: { resultData: { runData, error?, lastNodeExecuted } }, status, ... }`),
 * whether the workflow succeeded or failed. Throws only when n8n printed no run at all.
 */
export async function executeWorkflow(instance, id, options = {}) {
	const result = await runN8n(instance, ['execute', `--id=${id}`, '--rawOutput'], options);
	const run = parseExecuteOutput(result.stdout) ?? parseExecuteOutput(result.stderr);
	if (!run) {
		throw new Error(`n8n execute --id=${id} printed no run (exit ${result.code})\n${tail(result.stdout + result.stderr)}`);
	}
	return run;
}

async function get(url, init = {}) {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), 5000);
	try {
		return await fetch(url, { ...init, signal: controller.signal });
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Starts `n8n start` on 127.0.0.1:`port` and resolves once its health and readiness checks
 * answer. `log` receives n8n's output lines (default: kept, shown only if the start fails).
 * The handle's `stop()` sends SIGTERM to n8n's process group (n8n and its task runner), waits,
 * and kills what is left after `graceMs`.
 */
export async function startN8n(instance, { port, env = {}, log, timeoutMs = DEFAULT_TIMEOUT_MS, graceMs = 15_000 } = {}) {
	const listenPort = port ?? (await freePort());
	const runnerPort = await freePort();
	const runtime = runtimeOf(instance);
	const child = spawn(runtime.nodeBin, [n8nBinOf(runtime), 'start'], {
		env: n8nEnv({ ...instance, env: { ...instance.env, ...env } }, { port: listenPort, runnerPort }),
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group, so stop() reaches the task runner too and a terminal's Ctrl-C
		// goes to our handler first (which stops things in order).
		detached: true,
	});
	let output = '';
	const onData = (chunk) => {
		const text = String(chunk);
		output = tail(output + text, 200);
		if (log) {
			for (const line of text.split('\n')) if (line.trim()) log(line);
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const group = followGroup(child);

	const url = `http://127.0.0.1:${listenPort}`;
	const handle = {
		url,
		port: listenPort,
		pid: child.pid,
		process: child,
		exited: group.exit,
		stop: () => group.stop(graceMs),
	};

	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (group.hasExited()) {
			const { code, signal } = await group.exit;
			throw new Error(`n8n exited during start (code ${code}, signal ${signal})\n${output}`);
		}
		try {
			const health = await get(`${url}/healthz/readiness`);
			if (health.ok) {
				const settings = await get(`${url}/rest/settings`);
				if (settings.ok) return handle;
			}
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	await handle.stop();
	throw new Error(`n8n did not become ready on ${url} within ${timeoutMs} ms\n${output}`);
}

/** Whether the instance still asks for its owner account (true on a fresh user folder). */
export async function needsOwnerSetup(url) {
	const response = await get(`${url}/rest/settings`);
	if (!response.ok) throw new Error(`GET /rest/settings answered ${response.status}`);
	const body = await response.json();
	return Boolean(body.data?.userManagement?.showSetupOnFirstLoad);
}

function sessionCookie(response) {
	const cookies = response.headers.getSetCookie?.() ?? [];
	const auth = cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	return auth;
}

/**
 * Creates the owner account (`POST /rest/owner/setup`) and returns `{ cookie, user }`, the cookie
 * being the `n8n-auth=...` pair to send with further REST calls.
 */
export async function setupOwner(url, { email, password, firstName = 'Demo', lastName = 'Owner' }) {
	const response = await get(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password, firstName, lastName }),
	});
	const body = await response.json().catch(() => ({}));
	if (!response.ok) {
		throw new Error(`owner setup answered ${response.status}: ${body.message ?? ''}`);
	}
	return { cookie: sessionCookie(response), user: body.data };
}

/** Logs in (`POST /rest/login`) and returns `{ cookie, user }`. */
export async function login(url, { email, password }) {
	const response = await get(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	const body = await response.json().catch(() => ({}));
	if (!response.ok) throw new Error(`login answered ${response.status}: ${body.message ?? ''}`);
	return { cookie: sessionCookie(response), user: body.data };
}

/** A password n8n's policy accepts (8+ characters, a digit, an upper-case letter). */
export function generatePassword() {
	return `Dt${randomBytes(9).toString('base64url')}7`;
}
