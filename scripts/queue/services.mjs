// Throwaway PostgreSQL and Redis for n8n's queue mode, from Debian's packages, each in its own temp
// folder on a free 127.0.0.1 port, stopped (and its folder removed) by the handle's stop().
//
//   ensureServicesInstalled();                       // apt-get install when a binary is missing
//   const pg = await startPostgres();                // { host, port, database, user, password, stop() }
//   const redis = await startRedis();                // { host, port, stop() }
/* global fetch, AbortSignal */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { freePort } from '../n8n/runtime.mjs';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/** Debian keeps PostgreSQL's server binaries in /usr/lib/postgresql/<major>/bin, off PATH. */
export function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return undefined;
	const majors = readdirSync(base)
		.filter((name) => /^\d+$/.test(name) && existsSync(path.join(base, name, 'bin/postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(base, majors[0], 'bin') : undefined;
}

function onPath(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

export function servicesInstalled() {
	return postgresBinDir() !== undefined && onPath('redis-server');
}

/**
 * Installs Debian's `postgresql` and `redis-server` when either is missing (CI starts from a fresh
 * machine). Waits for a dpkg lock held by another install instead of failing on it.
 */
export function ensureServicesInstalled({ log = (line) => console.log(line) } = {}) {
	if (servicesInstalled()) return;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const sudo = isRoot ? [] : ['sudo', '-n'];
	log('[queue] installing postgresql and redis-server from Debian packages');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [
		['apt-get', '-o', 'DPkg::Lock::Timeout=600', 'update'],
		['apt-get', '-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', 'postgresql', 'redis-server'],
	]) {
		const command = [...sudo, ...args];
		const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env });
		if (result.status !== 0) throw new Error(`${command.join(' ')} failed (exit ${result.status})`);
	}
	if (!servicesInstalled()) throw new Error('postgresql or redis-server still missing after apt-get install');
}

function waitForExitOrTimeout(child, ms) {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
		const timer = setTimeout(() => resolve(false), ms);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

/** Starts a long-running child, keeping the tail of its output for error messages. */
function spawnService(command, args, options) {
	const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const keep = (chunk) => {
		output = (output + chunk).slice(-8000);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	return { child, output: () => output };
}

async function stopChild(child, signal) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill(signal);
	if (!(await waitForExitOrTimeout(child, STOP_GRACE_MS))) {
		child.kill('SIGKILL');
		await waitForExitOrTimeout(child, STOP_GRACE_MS);
	}
}

async function until(check, what, child, output) {
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${what} exited during start (code ${child.exitCode})\n${output()}`);
		if (await check()) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`${what} did not become ready within ${START_TIMEOUT_MS} ms\n${output()}`);
}

/**
 * A fresh PostgreSQL cluster: trust authentication on 127.0.0.1 only, durability off (throwaway
 * data), one database for n8n. PostgreSQL refuses to run as root, so as root it runs as the
 * `postgres` user Debian's package creates.
 */
export async function startPostgres({ database = 'n8n', user = 'n8n' } = {}) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (run ensureServicesInstalled first)');
	const dir = mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-pg-'));
	const dataDir = path.join(dir, 'data');
	// Node's spawn switches user itself, so signals reach postgres directly (no su/runuser between).
	const runAs = {};
	if (typeof process.getuid === 'function' && process.getuid() === 0) {
		const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
		const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
		if (uid.status !== 0) throw new Error('running as root but there is no `postgres` user to run PostgreSQL as');
		runAs.uid = Number(uid.stdout.trim());
		runAs.gid = Number(gid.stdout.trim());
		chownSync(dir, runAs.uid, runAs.gid);
		chmodSync(dir, 0o700);
	}
	const stopAndClean = () => rmSync(dir, { recursive: true, force: true });
	try {
		const initArgs = ['-D', dataDir, '-U', user, '--auth=trust', '--encoding=UTF8', '--no-sync', '--no-instructions'];
		const init = spawnSync(path.join(bin, 'initdb'), initArgs, { encoding: 'utf8', cwd: dir, ...runAs });
		if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status})\n${init.stdout}${init.stderr}`);
	} catch (error) {
		stopAndClean();
		throw error;
	}

	const port = await freePort();
	const args = [
		'-D', dataDir,
		'-p', String(port),
		'-c', `listen_addresses=${HOST}`,
		'-c', `unix_socket_directories=${dir}`,
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=100',
	];
	const { child, output } = spawnService(path.join(bin, 'postgres'), args, { cwd: dir, ...runAs });
	const psql = (sql, db = 'postgres') => {
		const psqlArgs = ['-h', HOST, '-p', String(port), '-U', user, '-d', db, '-v', 'ON_ERROR_STOP=1', '-Atc', sql];
		return spawnSync(path.join(bin, 'psql'), psqlArgs, { encoding: 'utf8', cwd: dir, ...runAs });
	};
	const handle = {
		host: HOST,
		port,
		database,
		user,
		// Trust authentication ignores it; n8n wants one to be set.
		password: 'n8n',
		dir,
		/** Runs SQL with psql and returns its rows (`|`-separated columns); throws on an SQL error. */
		query(sql) {
			const result = psql(sql, database);
			if (result.status !== 0) throw new Error(`psql failed: ${result.stderr.trim()}`);
			return result.stdout.split('\n').filter((line) => line.length > 0).map((line) => line.split('|'));
		},
		async stop() {
			// SIGINT is PostgreSQL's "fast" shutdown.
			await stopChild(child, 'SIGINT');
			stopAndClean();
		},
	};
	try {
		await until(async () => psql('SELECT 1').status === 0, 'PostgreSQL', child, output);
		const created = psql(`CREATE DATABASE ${database}`);
		if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
	} catch (error) {
		await handle.stop();
		throw error;
	}
	return handle;
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: HOST, port });
		let answer = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk;
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** A Redis with no persistence, listening on 127.0.0.1 only. */
export async function startRedis() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-redis-'));
	const port = await freePort();
	const { child, output } = spawnService(
		'redis-server',
		['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--protected-mode', 'yes'],
		{ cwd: dir },
	);
	const handle = {
		host: HOST,
		port,
		async stop() {
			await stopChild(child, 'SIGTERM');
			rmSync(dir, { recursive: true, force: true });
		},
	};
	try {
		await until(() => redisPing(port), 'Redis', child, output);
	} catch (error) {
		await handle.stop();
		throw error;
	}
	return handle;
}

/** GET with a short timeout; resolves the Response or undefined when nothing answers. */
export async function probe(url, timeoutMs = 2000) {
	try {
		return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
	} catch {
		return undefined;
	}
}
