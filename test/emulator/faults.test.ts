// Contract of the rate limiter, latency knobs and every fault switch (count- and rate-based).
import { SEED_ASSETS, type FaultKind } from '../../emulator';
import { useEmulator } from './bed';
import { PATHS, sleep, startOfSecond } from './client';

const bed = useEmulator({ tokens: ['corp'], freshCounters: true });

const searchSelfBuilt = () => bed.client.get(PATHS.connectors, bed.corp, { type: 'self_built', maxResults: 1 });
const uri = SEED_ASSETS.createTodo.connectAssetUri;
const invokeTodo = () => bed.client.invoke(bed.corp, uri, 'key-1', { subject: 'fault test', creatorId: 'user01' });

describe('rate limiter', () => {
	it('answers 403 QpsLimitForAppkeyAndApi beyond the limit per (app, API) and executes nothing', async () => {
		bed.emulator.configure({ qpsLimit: 5 });
		await startOfSecond();
		const answers = await Promise.all(Array.from({ length: 12 }, () => searchSelfBuilt()));
		const throttled = answers.filter((a) => a.status === 403);
		expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
		expect(throttled).toHaveLength(7);
		for (const answer of throttled) expect(answer.data.code).toBe('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
		expect(bed.emulator.counters().throttled).toBe(7);
		expect(bed.emulator.counters().executed.searchConnectors).toBe(5);
		// Another API of the same app, and the token endpoint, have their own budget.
		expect((await bed.client.post(PATHS.actions, bed.corp, { connectorId: SEED_ASSETS.addNumbers.connectorId })).status).toBe(200);
		expect((await bed.client.post(PATHS.accessToken, undefined, { appKey: 'x', appSecret: 'y' })).data.code).toBe('invalidClientIdOrSecret');
	});

	it('lets requests through again in the next second', async () => {
		bed.emulator.configure({ qpsLimit: 2 });
		await startOfSecond();
		const burst = await Promise.all(Array.from({ length: 4 }, () => searchSelfBuilt()));
		expect(burst.filter((a) => a.status === 403)).toHaveLength(2);
		await sleep(1000 - (Date.now() % 1000) + 10);
		expect((await searchSelfBuilt()).status).toBe(200);
	});

	it('defaults to 20 per second; 0 means unlimited', async () => {
		expect(bed.emulator.config.qpsLimit).toBe(20);
		await startOfSecond();
		const burst = await Promise.all(Array.from({ length: 25 }, () => searchSelfBuilt()));
		expect(burst.filter((a) => a.status === 403)).toHaveLength(5);
		bed.emulator.configure({ qpsLimit: 0 });
		const unlimited = await Promise.all(Array.from({ length: 30 }, () => searchSelfBuilt()));
		expect(unlimited.every((a) => a.status === 200)).toBe(true);
	});
});

describe('latency', () => {
	it('adds the configured latency to one API only', async () => {
		bed.emulator.configure({ latencyMs: { searchConnectors: 200 } });
		let started = Date.now();
		await searchSelfBuilt();
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		started = Date.now();
		await bed.client.post(PATHS.actions, bed.corp, { connectorId: SEED_ASSETS.addNumbers.connectorId });
		expect(Date.now() - started).toBeLessThan(150);
	});
});

describe('fault switches', () => {
	beforeEach(async () => {
		bed.emulator.configure({ qpsLimit: 0 });
		await bed.client.createInstance(bed.corp, uri, 'key-1');
		bed.emulator.resetCounters();
	});

	it.each([
		['throttle', 403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'],
		['throttleGlobal', 403, 'Forbidden.AccessDenied.QpsLimitForApi'],
		['quotaExhausted', 403, 'Forbidden.AccessDenied.ApiCountLimitForOrg'],
		['ipNotInWhiteList', 403, 'Forbidden.AccessDenied.IpNotInWhiteList'],
		['invalidAuthentication', 400, 'InvalidAuthentication'],
		['connect4001', 400, '4001'],
		['connect4003', 403, '4003'],
		['connect4004', 404, '4004'],
	] as Array<[FaultKind, number, string]>)('%s answers %d %s once, executing nothing', async (kind, status, code) => {
		bed.emulator.addFault({ kind, count: 1 });
		const faulted = await invokeTodo();
		expect(faulted.status).toBe(status);
		expect(faulted.data.code).toBe(code);
		expect(faulted.data.requestid).toBe(faulted.headers['x-acs-request-id']);
		expect(bed.emulator.invocations()).toEqual([]);
		expect(bed.emulator.log()[0]).toMatchObject({ fault: kind, executed: false, status });
		const next = await invokeTodo();
		expect(next.status).toBe(200);
		expect(bed.emulator.config.faults).toEqual([]);
	});

	it('counts throttle faults as throttled', async () => {
		bed.emulator.addFault({ kind: 'throttle', count: 2 });
		bed.emulator.addFault({ kind: 'throttleGlobal', count: 1 });
		for (let i = 0; i < 3; i++) await searchSelfBuilt();
		expect(bed.emulator.counters().throttled).toBe(3);
	});

	it('permissionDenied carries accessdenieddetail.requiredScopes', async () => {
		bed.emulator.addFault({ kind: 'permissionDenied', count: 1 });
		const answer = await invokeTodo();
		expect(answer.status).toBe(403);
		expect(answer.data.code).toBe('Forbidden.AccessDenied.AccessTokenPermissionDenied');
		expect(answer.data.accessdenieddetail.requiredScopes).toEqual([expect.any(String)]);
	});

	it('quotaExhausted without count or rate answers every connector API until cleared', async () => {
		bed.emulator.addFault({ kind: 'quotaExhausted' });
		for (let i = 0; i < 3; i++) expect((await searchSelfBuilt()).data.code).toBe('Forbidden.AccessDenied.ApiCountLimitForOrg');
		expect((await invokeTodo()).data.code).toBe('Forbidden.AccessDenied.ApiCountLimitForOrg');
		// Token endpoints are outside the default scope of a rule.
		expect((await bed.client.post(PATHS.accessToken, undefined, { appKey: 'x' })).data.code).toBe('invalidClientIdOrSecret');
		bed.emulator.clearFaults();
		expect((await searchSelfBuilt()).status).toBe(200);
	});

	it('invalidAuthentication follows expiredTokenStatus', async () => {
		bed.emulator.configure({ expiredTokenStatus: 401 });
		bed.emulator.addFault({ kind: 'invalidAuthentication', count: 1 });
		expect((await searchSelfBuilt()).status).toBe(401);
	});

	it('connect codes travel in errorCode with the errorCode carrier', async () => {
		bed.emulator.configure({ connectErrorCarrier: 'errorCode' });
		bed.emulator.addFault({ kind: 'connect4004', count: 1 });
		const answer = await invokeTodo();
		expect(answer.status).toBe(200);
		expect(answer.data).toMatchObject({ errorCode: '4004', outputJson: '', instanceId: '', cost: 0 });
	});

	it.each([500, 502, 503])('serverError answers %d with a JSON error body', async (status) => {
		bed.emulator.addFault({ kind: 'serverError', count: 1, status });
		const answer = await invokeTodo();
		expect(answer.status).toBe(status);
		expect(typeof answer.data.code).toBe('string');
		expect(bed.emulator.invocations()).toEqual([]);
	});

	it('serverError defaults to 500', async () => {
		bed.emulator.addFault({ kind: 'serverError', count: 1 });
		expect((await searchSelfBuilt()).status).toBe(500);
	});

	it('ipBan answers an HTML page with 403', async () => {
		bed.emulator.addFault({ kind: 'ipBan', count: 1 });
		const answer = await searchSelfBuilt();
		expect(answer.status).toBe(403);
		expect(answer.headers['content-type']).toMatch(/text\/html/);
		expect(String(answer.data)).toMatch(/<html/i);
	});

	it('nonJson answers 200 with a text/plain body, executing nothing', async () => {
		bed.emulator.addFault({ kind: 'nonJson', count: 1 });
		const answer = await invokeTodo();
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toMatch(/text\/plain/);
		expect(() => JSON.parse(String(answer.data))).toThrow();
		expect(bed.emulator.invocations()).toEqual([]);
	});

	it('dropBeforeRead closes the connection and executes nothing', async () => {
		bed.emulator.addFault({ kind: 'dropBeforeRead', count: 1 });
		await expect(invokeTodo()).rejects.toThrow();
		expect(bed.emulator.invocations()).toEqual([]);
		expect(bed.emulator.log()[0]).toMatchObject({ status: 0, executed: false, fault: 'dropBeforeRead' });
		expect((await invokeTodo()).status).toBe(200);
	});

	it('dropAfterRead executes the invoke, then closes the connection without answering', async () => {
		bed.emulator.addFault({ kind: 'dropAfterRead', count: 1 });
		await expect(invokeTodo()).rejects.toThrow();
		expect(bed.emulator.invocations()).toHaveLength(1);
		expect(bed.emulator.log()[0]).toMatchObject({ status: 0, executed: true, fault: 'dropAfterRead' });
		expect(bed.emulator.counters().executed.invokeInstance).toBe(1);
	});

	it('slow delays the answer after executing', async () => {
		bed.emulator.addFault({ kind: 'slow', count: 1, delayMs: 300 });
		const started = Date.now();
		const answer = await invokeTodo();
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect(answer.status).toBe(200);
		expect(bed.emulator.invocations()).toHaveLength(1);
	});

	it('badOutputJson executes and answers outputJson that is not JSON', async () => {
		bed.emulator.addFault({ kind: 'badOutputJson', count: 1 });
		const answer = await invokeTodo();
		expect(answer.status).toBe(200);
		expect(answer.data.errorCode).toBe('0');
		expect(typeof answer.data.outputJson).toBe('string');
		expect(() => JSON.parse(answer.data.outputJson)).toThrow();
		expect(bed.emulator.invocations()).toHaveLength(1);
	});

	it('connectorError answers a 200 errorCode (default CONNECTOR_ERROR, or the given one), executing nothing', async () => {
		bed.emulator.addFault({ kind: 'connectorError', count: 1 });
		bed.emulator.addFault({ kind: 'connectorError', count: 1, errorCode: 'CONNECTOR_TIMEOUT' });
		const first = await invokeTodo();
		expect(first.status).toBe(200);
		expect(first.data.errorCode).toBe('CONNECTOR_ERROR');
		expect(first.data.errorMessage).toBeTruthy();
		expect((await invokeTodo()).data.errorCode).toBe('CONNECTOR_TIMEOUT');
		expect(bed.emulator.invocations()).toEqual([]);
	});

	it('invoke-only faults leave the other APIs alone', async () => {
		bed.emulator.addFault({ kind: 'connectorError' });
		expect((await searchSelfBuilt()).status).toBe(200);
		expect((await invokeTodo()).data.errorCode).toBe('CONNECTOR_ERROR');
	});

	it('a rule limited to some APIs leaves the others alone', async () => {
		bed.emulator.addFault({ kind: 'serverError', apis: ['searchConnectors'], count: 1 });
		expect((await invokeTodo()).status).toBe(200);
		expect((await searchSelfBuilt()).status).toBe(500);
	});

	it('a rule can target a token endpoint explicitly', async () => {
		bed.emulator.addFault({ kind: 'serverError', apis: ['accessToken'], count: 1, status: 503 });
		expect((await bed.client.post(PATHS.accessToken, undefined, {})).status).toBe(503);
	});

	it('a rate-based rule hits about that share of requests, reproducibly for a seed', async () => {
		const pattern = async (): Promise<number[]> => {
			const statuses: number[] = [];
			for (let i = 0; i < 40; i++) statuses.push((await searchSelfBuilt()).status);
			return statuses;
		};
		bed.emulator.configure({ seed: 7 });
		bed.emulator.addFault({ kind: 'serverError', rate: 0.5, status: 503 });
		const first = await pattern();
		const failures = first.filter((s) => s === 503).length;
		expect(failures).toBeGreaterThan(8);
		expect(failures).toBeLessThan(32);
		expect(first.filter((s) => s !== 503 && s !== 200)).toEqual([]);
		bed.emulator.clearFaults();
		bed.emulator.configure({ seed: 7 });
		bed.emulator.addFault({ kind: 'serverError', rate: 0.5, status: 503 });
		expect(await pattern()).toEqual(first);
	});

	it('refuses an unknown fault kind', () => {
		expect(() => bed.emulator.addFault({ kind: 'meteor' as FaultKind })).toThrow(/kind/);
	});
});
