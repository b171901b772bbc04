// Contract of counters, the request log, reset, the /__emulator/ control endpoints, load and the CLI.
import { spawn } from 'node:child_process';
import path from 'node:path';
import http from 'node:http';

import axios from 'axios';

import { DEMO_CREDENTIALS, SEED_ASSETS } from '../../emulator';
import { useEmulator } from './bed';
import { connectClient, PATHS } from './client';

const bed = useEmulator();

describe('counters and the request log', () => {
	it('counts requests, executions, tokens, per token and per app', async () => {
		const corp = await bed.client.corpToken();
		const suite = await bed.client.suiteToken();
		await bed.client.get(PATHS.connectors, corp, { type: 'official' });
		await bed.client.get(PATHS.connectors, corp, {});
		await bed.client.get(PATHS.connectors, suite, { type: 'official' });
		await bed.client.get(PATHS.connectors, undefined, { type: 'official' });
		const counters = bed.emulator.counters();
		expect(counters.requests.searchConnectors).toBe(4);
		expect(counters.executed.searchConnectors).toBe(2);
		expect(counters.requests.accessToken).toBe(1);
		expect(counters.requests.corpAccessToken).toBe(1);
		expect(counters.tokensIssued).toBe(2);
		expect(counters.byToken).toEqual({ [corp]: 2, [suite]: 1 });
		const suiteApp = `${DEMO_CREDENTIALS.suite.suiteKey}:${DEMO_CREDENTIALS.suite.authCorpId}`;
		expect(counters.byApp[DEMO_CREDENTIALS.corp.appKey]).toEqual({ accessToken: 1, searchConnectors: 2 });
		expect(counters.byApp[suiteApp]).toEqual({ corpAccessToken: 1, searchConnectors: 1 });
	});

	it('logs each request with its api, status, token, app, body and a unique request id', async () => {
		const corp = await bed.client.corpToken();
		await bed.client.createInstance(corp, SEED_ASSETS.addNumbers.connectAssetUri, 'k');
		const invoke = await bed.client.invoke(corp, SEED_ASSETS.addNumbers.connectAssetUri, 'k', { a: 1, b: 2 });
		await bed.client.http.get('/v1.0/unknown/path');
		const log = bed.emulator.log();
		expect(log.map((e) => e.api)).toEqual(['accessToken', 'createInstance', 'invokeInstance', 'unknown']);
		expect(log[2]).toMatchObject({
			method: 'POST',
			path: PATHS.invoke,
			status: 200,
			token: corp,
			app: DEMO_CREDENTIALS.corp.appKey,
			executed: true,
			requestId: invoke.headers['x-acs-request-id'],
			body: { connectAssetUri: SEED_ASSETS.addNumbers.connectAssetUri, instanceKey: 'k', inputJsonString: '{"a":1,"b":2}' },
		});
		expect(log[3].status).toBe(404);
		expect(new Set(log.map((e) => e.requestId)).size).toBe(log.length);
		expect(log.every((e) => typeof e.at === 'number' && e.at > 0)).toBe(true);
	});

	it('resetCounters clears counters and log only; reset clears everything', async () => {
		const corp = await bed.client.corpToken();
		await bed.client.createInstance(corp, SEED_ASSETS.addNumbers.connectAssetUri, 'k');
		bed.emulator.configure({ qpsLimit: 3, connectErrorCarrier: 'errorCode' });
		bed.emulator.addFault({ kind: 'slow', count: 5 });
		bed.emulator.resetCounters();
		expect(bed.emulator.log()).toEqual([]);
		expect(bed.emulator.counters().requests.createInstance).toBe(0);
		expect(bed.emulator.instances()).toHaveLength(1);
		expect(bed.emulator.config.qpsLimit).toBe(3);
		bed.emulator.reset();
		expect(bed.emulator.instances()).toEqual([]);
		expect(bed.emulator.config).toMatchObject({ qpsLimit: 20, connectErrorCarrier: 'body', faults: [], tokenLifetimeSeconds: 7200 });
		expect((await bed.client.get(PATHS.connectors, corp, { type: 'official' })).data.code).toBe('InvalidAuthentication');
	});

	it('reset restarts the deterministic ids', async () => {
		const todo = async () => {
			const corp = await bed.client.corpToken();
			await bed.client.createInstance(corp, SEED_ASSETS.createTodo.connectAssetUri, 'k');
			const answer = await bed.client.invoke(corp, SEED_ASSETS.createTodo.connectAssetUri, 'k', { subject: 's', creatorId: 'c' });
			return JSON.parse(answer.data.outputJson).id as string;
		};
		expect(await todo()).toBe('todo-0001');
		bed.emulator.reset();
		expect(await todo()).toBe('todo-0001');
	});

	it('the config view is read-only', () => {
		const view = bed.emulator.config;
		view.qpsLimit = 999;
		expect(bed.emulator.config.qpsLimit).toBe(20);
		expect(() => bed.emulator.configure({ expiredTokenStatus: 402 as 400 })).toThrow();
	});
});

describe('control endpoints under /__emulator/', () => {
	it('reach the programmatic API over HTTP, without a token and without being counted', async () => {
		const control = axios.create({ baseURL: `${bed.emulator.url}/__emulator`, validateStatus: () => true });
		expect((await control.post('/config', { qpsLimit: 7, latencyMs: { invokeInstance: 1 } })).data.qpsLimit).toBe(7);
		expect((await control.get('/config')).data).toMatchObject({ qpsLimit: 7, latencyMs: { invokeInstance: 1 } });
		expect(bed.emulator.config.qpsLimit).toBe(7);
		expect((await control.post('/config', { nonsense: 1 })).status).toBe(400);

		expect((await control.post('/faults', { kind: 'serverError', count: 1, status: 502 })).status).toBe(200);
		expect((await control.post('/faults', { kind: 'nope' })).status).toBe(400);
		const corp = await bed.client.corpToken();
		expect((await bed.client.get(PATHS.connectors, corp, { type: 'official' })).status).toBe(502);
		await control.post('/faults', [{ kind: 'quotaExhausted' }]);
		expect(bed.emulator.config.faults).toHaveLength(1);
		await control.delete('/faults');
		expect(bed.emulator.config.faults).toEqual([]);

		await bed.client.createInstance(corp, SEED_ASSETS.addNumbers.connectAssetUri, 'k1');
		await bed.client.invoke(corp, SEED_ASSETS.addNumbers.connectAssetUri, 'k1', { a: 2, b: 2 });
		expect((await control.get('/invocations')).data).toEqual([
			expect.objectContaining({ connectAssetUri: SEED_ASSETS.addNumbers.connectAssetUri, instanceKey: 'k1', output: { sum: 4, count: 2 } }),
		]);
		expect((await control.get('/instances')).data).toHaveLength(1);
		const counters = (await control.get('/counters')).data;
		expect(counters.requests.searchConnectors).toBe(1);
		expect(counters.requests.invokeInstance).toBe(1);
		expect((await control.get('/log')).data).toHaveLength(4);
		expect((await control.delete('/instances', { params: { instanceKey: 'k1' } })).data).toEqual({ deleted: 1 });

		await control.post('/expire-tokens');
		expect((await bed.client.get(PATHS.connectors, corp, { type: 'official' })).data.code).toBe('InvalidAuthentication');
		await control.post('/reset-counters');
		expect(bed.emulator.log()).toEqual([]);
		await control.post('/reset');
		expect(bed.emulator.config.qpsLimit).toBe(20);
		expect((await control.get('/unknown')).status).toBe(404);
		// None of the control calls was counted.
		expect(bed.emulator.counters().requests.searchConnectors).toBe(0);
	});
});

describe('load', () => {
	it('stays up under a few hundred concurrent keep-alive requests', async () => {
		bed.emulator.configure({ qpsLimit: 0 });
		const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
		const loaded = axios.create({ baseURL: bed.emulator.url, httpAgent: agent, validateStatus: () => true });
		try {
			const corp = await bed.client.corpToken();
			const answers = await Promise.all(
				Array.from({ length: 300 }, (_, i) =>
					loaded.get(PATHS.connectors, { params: { type: 'third_party', maxResults: 1 + (i % 50) }, headers: { 'x-acs-dingtalk-access-token': corp } }),
				),
			);
			expect(answers.every((a) => a.status === 200)).toBe(true);
			expect(bed.emulator.counters().executed.searchConnectors).toBe(300);
		} finally {
			agent.destroy();
		}
	});
});

describe('CLI (npm run emulator)', () => {
	it('prints its URL and the demo credentials, serves, and exits on SIGINT', async () => {
		const root = path.resolve(__dirname, '../..');
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'emulator/cli.ts', '--port', '0', '--qps', '3'], {
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			const url = await new Promise<string>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 15000);
				child.stdout.on('data', () => {
					const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
					// The last line printed at start-up: everything before it has arrived.
					if (match && output.includes('Control endpoints')) {
						clearTimeout(timer);
						resolve(match[1]);
					}
				});
			});
			expect(output).toContain(DEMO_CREDENTIALS.corp.appKey);
			expect(output).toContain(DEMO_CREDENTIALS.suite.suiteKey);
			const cli = connectClient(url);
			const token = await cli.corpToken();
			expect((await cli.get(PATHS.connectors, token, { type: 'official' })).status).toBe(200);
			expect((await axios.get(`${url}/__emulator/config`)).data.qpsLimit).toBe(3);
			child.kill('SIGINT');
			expect(await exited).toBe(0);
		} finally {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	});
});
