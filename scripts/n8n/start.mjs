// `npm start`: a real n8n on http://127.0.0.1:5678 with this package loaded, next to the DingTalk
// Connect emulator, with a ready credential and the example workflows.
//
//   npm start                                   emulator on 127.0.0.1:3900 + demo credential
//   npm start -- --real                         no emulator, no demo credential: enter your own
//   DINGTALK_BASE_URL=https://api.dingtalk.com npm start    the same as --real
//   npm start -- --reimport                     import the example workflows again (overwrites them)
//   npm start -- --verbose                      show n8n's log here (it is always in .n8n/n8n.log)
//   npm start -- --dialect gateway              the emulator plays that dialect (sdk, gateway, errorCode,
//                                               status400; see emulator/README.md, Dialects)
//   npm start -- --stream-ping-interval 5000    the emulator pings each Stream connection that often
//                                               (default 30000; the gateway and status400 dialects never)
//   N8N_PORT=5680 EMULATOR_PORT=3901 npm start  other ports
//
// Data (SQLite, encryption key, owner login) persists in .n8n/; delete that folder to start afresh.
// Ctrl-C stops n8n and the emulator.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { followGroup, killGroup } from './processGroup.mjs';
import { restClient } from './restClient.mjs';
import {
	CREDENTIAL_TYPE,
	ROOT,
	generatePassword,
	importCredentials,
	importWorkflows,
	linkPackage,
	login,
	needsOwnerSetup,
	prepareUserFolder,
	provision,
	setupOwner,
	startN8n,
} from './runtime.mjs';

const args = new Set(process.argv.slice(2));
const dialect = emulatorArg(process.argv.slice(2), 'dialect');
const pingInterval = emulatorArg(process.argv.slice(2), 'stream-ping-interval');
const realMode = args.has('--real') || Boolean(process.env.DINGTALK_BASE_URL);
const verbose = args.has('--verbose');
const n8nPort = Number(process.env.N8N_PORT ?? 5678);
const emulatorPort = Number(process.env.EMULATOR_PORT ?? 3900);

const DATA_DIR = path.join(ROOT, '.n8n');
const USER_FOLDER = path.join(DATA_DIR, 'user');
const LOG_FILE = path.join(DATA_DIR, 'n8n.log');
const OWNER_FILE = path.join(DATA_DIR, 'owner.json');
const KEY_FILE = path.join(DATA_DIR, 'encryption-key');
/** The ids of the example workflows imported so far (JSON); an older start wrote a date there. */
const EXAMPLES_MARKER = path.join(DATA_DIR, 'examples-imported');
const EXAMPLES_DIR = path.join(ROOT, 'examples/workflows');
/** The credential the example workflows point at. */
const EMULATOR_CREDENTIAL_ID = 'dtcEmulatorCorp1';
const EMULATOR_CREDENTIAL_NAME = 'DingTalk Connect API (emulator)';

const say = (message) => console.log(`[start] ${message}`);

let emulator;
let n8n;
let stopping = false;

function run(command, commandArgs) {
	const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (exit ${result.status})`);
}

/** A key kept in .n8n/ so the credentials stored there stay readable across starts. */
function encryptionKey() {
	if (!existsSync(KEY_FILE)) writeFileSync(KEY_FILE, randomBytes(24).toString('hex'), { mode: 0o600 });
	return readFileSync(KEY_FILE, 'utf8').trim();
}

/** `--<name> <value>` or `--<name>=<value>`, passed on to the emulator, which checks the value. */
function emulatorArg(argv, name) {
	const index = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
	if (index < 0) return undefined;
	return argv[index].startsWith(`--${name}=`) ? argv[index].slice(`--${name}=`.length) : (argv[index + 1] ?? '');
}

/** Node's arguments to run TypeScript of this repository (the emulator) through its ts-node. */
function tsNodeArgs(args) {
	return [path.join(ROOT, 'node_modules/ts-node/dist/bin.js'), '--transpile-only', ...args];
}

/** Starts `emulator/cli.ts` in its own process group and resolves with its URL. */
function startEmulator(port) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			tsNodeArgs([
				'emulator/cli.ts',
				'--port',
				String(port),
				...(dialect === undefined ? [] : ['--dialect', dialect]),
				...(pingInterval === undefined ? [] : ['--stream-ping-interval', pingInterval]),
			]),
			{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
		);
		let output = '';
		let settled = false;
		const group = followGroup(child);
		const onData = (chunk) => {
			output += chunk;
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
			if (match && !settled) {
				settled = true;
				resolve({
					url: match[1],
					pid: child.pid,
					stop: () => group.stop(5000),
				});
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('exit', (code) => {
			if (!settled) {
				settled = true;
				reject(new Error(`the emulator exited (code ${code}) before listening:\n${output}`));
			} else if (!stopping) {
				say(`the emulator stopped unexpectedly (code ${code})`);
				void shutdown(1);
			}
		});
	});
}

/** The demo credential of the emulator's enterprise app (demo values: printing them is fine). */
async function demoCredential(baseUrl) {
	const { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS } = await loadEmulatorSeed();
	const events = DEMO_EVENT_SETTINGS.corp;
	return {
		id: EMULATOR_CREDENTIAL_ID,
		name: EMULATOR_CREDENTIAL_NAME,
		type: CREDENTIAL_TYPE,
		data: {
			appType: 'internal',
			appKey: DEMO_CREDENTIALS.corp.appKey,
			appSecret: DEMO_CREDENTIALS.corp.appSecret,
			baseUrl,
			// The emulator signs and encrypts its HTTP callbacks with these (its DEMO_EVENT_SETTINGS).
			eventToken: events.token,
			eventAesSecretKey: events.aesKey,
			eventOwnerKey: 'appKey',
		},
	};
}

/** The emulator's seed is TypeScript: read its demo credentials through ts-node. */
async function loadEmulatorSeed() {
	const result = spawnSync(
		process.execPath,
		tsNodeArgs([
			'-e',
			"const seed = require('./emulator/seed'); process.stdout.write(JSON.stringify({ DEMO_CREDENTIALS: seed.DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS: seed.DEMO_EVENT_SETTINGS }))",
		]),
		{ cwd: ROOT, encoding: 'utf8' },
	);
	if (result.status !== 0) throw new Error(`could not read emulator/seed.ts: ${result.stderr}`);
	return JSON.parse(result.stdout);
}

/** Example ids already imported: a new example is imported once, an edited old one is left alone. */
function importedExampleIds(workflows) {
	if (!existsSync(EXAMPLES_MARKER)) return new Set();
	const text = readFileSync(EXAMPLES_MARKER, 'utf8');
	try {
		const ids = JSON.parse(text);
		if (Array.isArray(ids)) return new Set(ids);
	} catch {
		// A date: written before the trigger examples existed, so every other example was imported.
	}
	return new Set(workflows.filter((workflow) => !hasDingTalkTrigger(workflow)).map((workflow) => workflow.id));
}

function hasDingTalkTrigger(workflow) {
	return workflow.nodes.some((node) => /^CUSTOM\.dingTalkConnect\w*Trigger$/.test(node.type));
}

/**
 * Activates the examples marked `"active": true` that were imported just now (n8n's import leaves
 * every workflow inactive; one the user deactivated later stays so), and returns those active now.
 */
async function activateExamples(url, owner, workflows, justImported) {
	const wanted = workflows.filter((workflow) => workflow.active === true);
	if (wanted.length === 0) return [];
	if (!owner) {
		say('no stored login in .n8n/owner.json: activate the "DingTalk events" examples in the editor');
		return [];
	}
	let cookie;
	try {
		({ cookie } = await login(url, owner));
	} catch (error) {
		say(`could not log in with .n8n/owner.json (${error.message}): activate the "DingTalk events" examples in the editor`);
		return [];
	}
	const { call } = restClient(url, cookie);
	const active = [];
	for (const example of wanted) {
		try {
			const workflow = await call('GET', `/workflows/${example.id}`);
			if (workflow.active) active.push(example);
			else if (justImported.has(example.id)) {
				await call('POST', `/workflows/${example.id}/activate`, { versionId: workflow.versionId });
				active.push(example);
			}
		} catch (error) {
			say(`could not activate "${example.name}": ${error.message}`);
		}
	}
	return active;
}

function exampleWorkflows() {
	const workflows = readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')));
	if (!realMode) return workflows;
	// Against the real DingTalk the demo credential does not exist: let the user pick theirs.
	for (const workflow of workflows) {
		for (const node of workflow.nodes) delete node.credentials;
	}
	return workflows;
}

async function ensureOwner(url) {
	if (!(await needsOwnerSetup(url))) {
		if (existsSync(OWNER_FILE)) return JSON.parse(readFileSync(OWNER_FILE, 'utf8'));
		return undefined;
	}
	const owner = {
		email: process.env.N8N_OWNER_EMAIL ?? 'admin@example.com',
		password: process.env.N8N_OWNER_PASSWORD ?? generatePassword(),
	};
	await setupOwner(url, { ...owner, firstName: 'Demo', lastName: 'Owner' });
	// A local demo login, kept so that later starts can print it again.
	writeFileSync(OWNER_FILE, JSON.stringify(owner, null, 2), { mode: 0o600 });
	say('created the owner account');
	return owner;
}

/** Ready commands that push a sample event through the emulator to the active trigger examples. */
function printEventSamples(editorUrl, activeExamples) {
	const json = (value) => `'${JSON.stringify(value)}'`;
	const post = (route, body) =>
		`curl -s -X POST ${emulator.url}${route} -H 'content-type: application/json' \\\n                 -d ${json(body)}`;
	console.log('');
	console.log(`  active:      ${activeExamples.map((workflow) => `"${workflow.name}"`).join(', ')}`);
	for (const workflow of activeExamples) {
		const stream = workflow.nodes.find((node) => node.type === 'CUSTOM.dingTalkConnectStreamTrigger');
		const callback = workflow.nodes.find((node) => node.type === 'CUSTOM.dingTalkConnectTrigger');
		if (stream) {
			console.log('  push (Stream):');
			console.log(`               ${post('/__emulator/events/stream/push', { app: 'corp', events: [{ eventType: 'user_add_org', data: { userId: ['user01'] } }] })}`);
		}
		if (callback?.webhookId) {
			console.log('  push (HTTP Callback):');
			console.log(`               ${post('/__emulator/events/callbacks/push', { url: `${editorUrl}/webhook/${callback.webhookId}/webhook`, events: [{ kind: 'business', eventType: 'user_add_org', fields: { UserId: ['user01'] } }] })}`);
		}
	}
	console.log(`  executions:  ${editorUrl}/home/executions (each push is one execution)`);
}

async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	say('stopping n8n and the emulator ...');
	await Promise.allSettled([n8n?.stop(), emulator?.stop()]);
	say('stopped');
	process.exit(code);
}

async function main() {
	let firstSignalAt = 0;
	process.on('SIGINT', () => {
		// Under `npm start` one Ctrl-C arrives twice (from the terminal and forwarded by npm):
		// only a later, deliberate second Ctrl-C skips the graceful shutdown.
		if (stopping && Date.now() - firstSignalAt > 1000) {
			if (n8n) killGroup(n8n.pid, 'SIGKILL');
			if (emulator) killGroup(emulator.pid, 'SIGKILL');
			process.exit(130);
		}
		if (!stopping) firstSignalAt = Date.now();
		void shutdown(0);
	});
	process.on('SIGTERM', () => void shutdown(0));

	say('building the package (npm run build)');
	run('npm', ['run', '--silent', 'build']);

	say('checking the n8n runtime (scripts/n8n/provision.sh)');
	provision({ quiet: false });

	mkdirSync(DATA_DIR, { recursive: true });
	const instance = {
		userFolder: prepareUserFolder(USER_FOLDER),
		extensionsDir: linkPackage(DATA_DIR),
		env: { N8N_ENCRYPTION_KEY: encryptionKey() },
	};

	if (!realMode) {
		emulator = await startEmulator(emulatorPort);
		say(`DingTalk Connect emulator on ${emulator.url}${dialect === undefined ? '' : ` (dialect ${dialect})`}`);
		say(`importing the credential "${EMULATOR_CREDENTIAL_NAME}"`);
		await importCredentials(instance, [await demoCredential(emulator.url)]);
	} else if (dialect !== undefined) {
		say('--dialect is ignored in real mode: there is no emulator');
	}
	const examples = exampleWorkflows();
	const imported = args.has('--reimport') ? new Set() : importedExampleIds(examples);
	const toImport = examples.filter((workflow) => !imported.has(workflow.id));
	if (toImport.length > 0) {
		say(`importing ${toImport.length} example workflow(s) from examples/workflows/`);
		await importWorkflows(instance, toImport);
		writeFileSync(EXAMPLES_MARKER, JSON.stringify([...imported, ...toImport.map((workflow) => workflow.id)]));
	}

	say(`starting n8n on 127.0.0.1:${n8nPort} (log: .n8n/n8n.log)`);
	appendFileSync(LOG_FILE, `\n--- n8n start ${new Date().toISOString()}\n`);
	n8n = await startN8n(instance, {
		port: n8nPort,
		log: (line) => {
			appendFileSync(LOG_FILE, `${line}\n`);
			if (verbose) console.log(`[n8n] ${line}`);
		},
	});
	void n8n.exited.then(({ code, signal }) => {
		if (!stopping) {
			say(`n8n exited (code ${code}, signal ${signal}); see .n8n/n8n.log`);
			void shutdown(1);
		}
	});

	const owner = await ensureOwner(n8n.url);
	const editorUrl = n8n.url;
	const justImported = new Set(toImport.map((workflow) => workflow.id));
	const activeExamples = emulator ? await activateExamples(n8n.url, owner, examples, justImported) : [];
	console.log('');
	console.log(`  n8n editor:  ${editorUrl}`);
	if (owner) console.log(`  login:       ${owner.email} / ${owner.password}`);
	else console.log('  login:       the owner account you created earlier');
	if (emulator) {
		console.log(`  emulator:    ${emulator.url} (control: ${emulator.url}/__emulator/counters)`);
		console.log(`  credential:  "${EMULATOR_CREDENTIAL_NAME}" (enterprise app of the emulator's demo org)`);
	} else {
		const baseUrl = process.env.DINGTALK_BASE_URL ?? 'https://api.dingtalk.com';
		console.log('  DingTalk:    real mode, no emulator. Create a "DingTalk Connect API" credential with your');
		console.log(`               app's keys (Base URL ${baseUrl}) and pick it in the example workflows.`);
	}
	console.log('  examples:    Overview → workflows named "DingTalk Connect: ..." and "DingTalk events ..."');
	if (activeExamples.length > 0) printEventSamples(editorUrl, activeExamples);
	console.log(`  Ctrl-C stops n8n${emulator ? ' and the emulator' : ''}.`);
	console.log('');
}

main().catch(async (error) => {
	console.error(`[start] ${error.message}`);
	await shutdown(1);
});
