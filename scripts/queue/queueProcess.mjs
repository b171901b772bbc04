// One long-lived n8n process of a queue-mode cluster other than the main (`n8n worker`, `n8n webhook`):
// spawned in its own process group, its log lines kept (colours stripped), ready once a readiness URL
// answers. cluster.mjs decides the command and the environment.
import { spawn } from 'node:child_process';

import { followGroup } from '../n8n/processGroup.mjs';
import { N8N_BIN, NODE_BIN } from '../n8n/runtime.mjs';
import { probe } from './services.mjs';

const START_TIMEOUT_MS = 120_000;
export const STOP_GRACE_MS = 20_000;

// eslint-disable-next-line no-control-regex
export const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');

/**
 * Spawns `n8n <args>` with `env` and resolves, once `readinessUrl` answers 2xx, with
 * `{ name, pid, lines, exited, matching(pattern), stop() }`; throws (after stopping it) when it exits or
 * is not ready in time, with its last lines.
 */
export async function startQueueProcess({ name, args, env, readinessUrl, log }) {
	const child = spawn(NODE_BIN, [N8N_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const lines = [];
	let partial = '';
	const onData = (chunk) => {
		const text = partial + String(chunk);
		const parts = text.split('\n');
		partial = parts.pop() ?? '';
		for (const line of parts) {
			if (!line.trim()) continue;
			lines.push(stripAnsi(line));
			log?.(`[${name}] ${line}`);
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const group = followGroup(child);
	const handle = {
		name,
		pid: child.pid,
		lines,
		exited: group.exit,
		/** The first capture group of every log line matching `pattern`. */
		matching: (pattern) => lines.map((line) => pattern.exec(line)?.[1]).filter((id) => id !== undefined),
		stop: () => group.stop(STOP_GRACE_MS),
	};
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (group.hasExited()) {
			const { code, signal } = await group.exit;
			throw new Error(`${name} exited during start (code ${code}, signal ${signal})\n${lines.slice(-40).join('\n')}`);
		}
		const answer = await probe(readinessUrl);
		if (answer?.ok) return handle;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	await handle.stop();
	throw new Error(`${name} not ready within ${START_TIMEOUT_MS} ms\n${lines.slice(-40).join('\n')}`);
}
