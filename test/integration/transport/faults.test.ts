// Every fault switch of the emulator, in both credential modes, over real HTTP: the outcome the
// transport gives and what the emulator counted (requests sent, effects executed).
import type { FaultKind, FaultRule } from '../../../emulator';
import { DEMO_CREDENTIALS, SEED_ASSETS } from '../../../emulator';
import { getRetryPolicy, resetRetryPolicy, setRetryPolicy } from '../../../nodes/DingTalkConnect/transport';
import { tokenFingerprint } from '../../../nodes/DingTalkConnect/transport/appScope';
import { probeErrors } from './fixtures/TransportProbe.node';
import type { Mode, ProbeWorld } from './probe';
import { ADD, MODES, createInstance, getActionDetail, invokeInstance, searchActions, searchConnectors, spec, startWorld, times } from './probe';

const FAST = { baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 2000, globalThrottleDelayMs: 10 };

let world: ProbeWorld;
const tokensSeen = new Set<string>();

beforeAll(async () => {
	world = await startWorld();
	setRetryPolicy(FAST);
});

afterEach(() => {
	for (const entry of world.emulator.log()) if (entry.token) tokensSeen.add(entry.token);
	setRetryPolicy(FAST);
});

afterAll(async () => {
	resetRetryPolicy();
	await world.stop();
});

beforeEach(() => {
	world.startAfresh();
});

function fault(kind: FaultKind, rule: Omit<FaultRule, 'kind'> = {}): void {
	world.emulator.addFault({ kind, ...rule });
}

function requests(api: 'searchConnectors' | 'getActionDetail' | 'createInstance' | 'invokeInstance'): number {
	return world.emulator.counters().requests[api];
}

function executed(api: 'searchConnectors' | 'getActionDetail' | 'createInstance' | 'invokeInstance'): number {
	return world.emulator.counters().executed[api];
}

describe.each(MODES)('%s mode', (mode: Mode) => {
	/** Stores a token and an instance, then zeroes the counters. */
	async function prepare(instanceKey = `k-${mode}`): Promise<string> {
		const [created] = await world.run(mode, [spec(createInstance(ADD.connectAssetUri, instanceKey))]);
		expect(created.ok).toBe(true);
		world.emulator.resetCounters();
		return instanceKey;
	}

	const invokeAdd = (key: string, timeout?: number) => invokeInstance(ADD.connectAssetUri, key, { a: 1, b: 2 }, timeout);

	describe('serverError', () => {
		it('is retried for a read until it succeeds', async () => {
			await prepare();
			fault('serverError', { apis: ['searchConnectors'], count: 2 });
			const [outcome] = await world.run(mode, [spec(searchConnectors())]);
			expect(outcome.ok).toBe(true);
			expect(requests('searchConnectors')).toBe(3);
			expect(executed('searchConnectors')).toBe(1);
		});

		it('is retried for instance creation', async () => {
			await prepare();
			fault('serverError', { apis: ['createInstance'], count: 1, status: 502 });
			const [outcome] = await world.run(mode, [spec(createInstance(ADD.connectAssetUri, 'created-after-502'))]);
			expect(outcome.ok).toBe(true);
			expect(requests('createInstance')).toBe(2);
			expect(world.emulator.instances().filter((i) => i.instanceKey === 'created-after-502')).toHaveLength(1);
		});

		it('is NOT retried for invoke', async () => {
			const key = await prepare();
			fault('serverError', { apis: ['invokeInstance'], count: 1, status: 503 });
			const [outcome] = await world.run(mode, [spec(invokeAdd(key))]);
			expect(outcome).toMatchObject({ ok: false, failureKind: 'serverError', httpCode: '503', message: 'DingTalk server error (HTTP 503)' });
			expect(outcome.description).toContain('not retried');
			expect(outcome.description).toMatch(/Request ID: \S+/);
			expect(requests('invokeInstance')).toBe(1);
		});

		it('gives up on a read after the bounded number of retries', async () => {
			await prepare();
			fault('serverError', { apis: ['searchConnectors'] });
			const [outcome] = await world.run(mode, [spec(searchConnectors())]);
			expect(outcome).toMatchObject({ ok: false, failureKind: 'serverError', httpCode: '500' });
			expect(requests('searchConnectors')).toBe(1 + getRetryPolicy().maxTransientRetries);
		});
	});

	describe('dropBeforeRead', () => {
		it('is retried for a read', async () => {
			await prepare();
			fault('dropBeforeRead', { apis: ['searchConnectors'], count: 1 });
			const [outcome] = await world.run(mode, [spec(searchConnectors())]);
			expect(outcome.ok).toBe(true);
			expect(requests('searchConnectors')).toBe(2);
		});

		it('is NOT retried for invoke: the client cannot tell it was not executed', async () => {
			const key = await prepare();
			fault('dropBeforeRead', { apis: ['invokeInstance'], count: 1 });
			const [outcome] = await world.run(mode, [spec(invokeAdd(key))]);
			expect(outcome).toMatchObject({ ok: false, failureKind: 'connectionDropped' });
			expect(outcome.message).toBe('The connection to DingTalk closed before an answer arrived');
			expect(requests('invokeInstance')).toBe(1);
			expect(executed('invokeInstance')).toBe(0);
		});
	});

	describe('dropAfterRead', () => {
		it('is retried for a read', async () => {
			await prepare();
			fault('dropAfterRead', { apis: ['getActionDetail'], count: 1 });
			const [outcome] = await world.run(mode, [spec(getActionDetail(ADD.connectAssetUri))]);
			expect(outcome.ok).toBe(true);
			expect(requests('getActionDetail')).toBe(2);
		});

		it('is retried for instance creation, which is idempotent', async () => {
			await prepare();
			fault('dropAfterRead', { apis: ['createInstance'], count: 1 });
			const [outcome] = await world.run(mode, [spec(createInstance(ADD.connectAssetUri, 'after-drop'))]);
			expect(outcome.ok).toBe(true);
			expect(requests('createInstance')).toBe(2);
			expect(world.emulator.instances().filter((i) => i.instanceKey === 'after-drop')).toHaveLength(1);
		});

		it('is NOT retried for invoke: the action ran exactly once', async () => {
			const key = await prepare();
			fault('dropAfterRead', { apis: ['invokeInstance'], count: 1 });
			const [outcome] = await world.run(mode, [spec(invokeAdd(key))]);
			expect(outcome).toMatchObject({ ok: false, failureKind: 'connectionDropped' });
			expect(outcome.description).toContain('may have executed it');
			expect(requests('invokeInstance')).toBe(1);
			expect(executed('invokeInstance')).toBe(1);
			expect(world.emulator.invocations()).toHaveLength(1);
		});
	});

	describe('slow (with a small timeout)', () => {
		it('a timed-out read is retried', async () => {
			await prepare();
			fault('slow', { apis: ['searchConnectors'], count: 1, delayMs: 400 });
			const [outcome] = await world.run(mode, [spec({ ...searchConnectors(), timeout: 150 })]);
			expect(outcome.ok).toBe(true);
			expect(requests('searchConnectors')).toBe(2);
		});

		it('a timed-out invoke is an error and is not retried', async () => {
			const key = await prepare();
			fault('slow', { apis: ['invokeInstance'], count: 1, delayMs: 400 });
			const [outcome] = await world.run(mode, [spec(invokeAdd(key, 150))]);
			expect(outcome).toMatchObject({ ok: false, failureKind: 'timeout', message: 'DingTalk did not answer within 150 ms' });
			expect(outcome.description).toContain('not retried');
			expect(requests('invokeInstance')).toBe(1);
			expect(executed('invokeInstance')).toBe(1);
		});

		it('a slow answer within the timeout is fine', async () => {
			const key = await prepare();
			fault('slow', { apis: ['invokeInstance'], count: 1, delayMs: 100 });
			const [outcome] = await world.run(mode, [spec(invokeAdd(key, 2000))]);
			expect(outcome.ok).toBe(true);
			expect(requests('invokeInstance')).toBe(1);
		});
	});

	it('ipBan: the HTML page is reported as an IP ban and not retried', async () => {
		await prepare();
		fault('ipBan', { apis: ['searchConnectors'] });
		const [outcome] = await world.run(mode, [spec(searchConnectors())]);
		expect(outcome).toMatchObject({ ok: false, failureKind: 'ipBanned', httpCode: '403' });
		expect(outcome.message).toBe('DingTalk answered with a web page instead of JSON');
		expect(outcome.description).toContain('wait 5 minutes');
		expect(requests('searchConnectors')).toBe(1);
	});

	describe('nonJson', () => {
		it('is retried for a read', async () => {
			await prepare();
			fault('nonJson', { apis: ['searchConnectors'], count: 1 });
			const [outcome] = await world.run(mode, [spec(searchConnectors())]);
			expect(outcome.ok).toBe(true);
			expect(requests('searchConnectors')).toBe(2);
		});

		it('is reported, not retried, for invoke', async () => {
			const key = await prepare();
			fault('nonJson', { apis: ['invokeInstance'], count: 1 });
			const [outcome] = await world.run(mode, [spec(invokeAdd(key))]);
			expect(outcome).toMatchObject({ ok: false, failureKind: 'nonJson', message: 'DingTalk sent an unexpected answer that is not JSON' });
			expect(requests('invokeInstance')).toBe(1);
			expect(executed('invokeInstance')).toBe(0);
		});
	});

	describe('throttle', () => {
		it('is absorbed for a read', async () => {
			await prepare();
			fault('throttle', { apis: ['searchConnectors'], count: 3 });
			const [outcome] = await world.run(mode, [spec(searchConnectors())]);
			expect(outcome.ok).toBe(true);
			expect(requests('searchConnectors')).toBe(4);
			expect(world.emulator.counters().throttled).toBe(3);
		});

		it('is absorbed for invoke too (nothing was executed) and the action runs once', async () => {
			const key = await prepare();
			fault('throttle', { apis: ['invokeInstance'], count: 2 });
			const [outcome] = await world.run(mode, [spec(invokeAdd(key))]);
			expect(outcome.ok).toBe(true);
			expect(requests('invokeInstance')).toBe(3);
			expect(executed('invokeInstance')).toBe(1);
		});

		it('fails after the bounded number of attempts and says to lower Requests per Second', async () => {
			await prepare();
			fault('throttle', { apis: ['searchConnectors'] });
			const [outcome] = await world.run(mode, [spec(searchConnectors())]);
			expect(outcome).toMatchObject({ ok: false, failureKind: 'throttled', dingTalkCode: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' });
			expect(outcome.description).toContain('Requests per Second');
			expect(requests('searchConnectors')).toBe(getRetryPolicy().maxAttempts);
		});
	});

	it('throttleGlobal (QpsLimitForApi) is absorbed', async () => {
		await prepare();
		fault('throttleGlobal', { apis: ['getActionDetail'], count: 1 });
		const [outcome] = await world.run(mode, [spec(getActionDetail(ADD.connectAssetUri))]);
		expect(outcome.ok).toBe(true);
		expect(requests('getActionDetail')).toBe(2);
	});

	it('quotaExhausted is not retried', async () => {
		const key = await prepare();
		fault('quotaExhausted');
		const outcomes = await world.run(mode, [spec(searchConnectors()), spec(invokeAdd(key))]);
		for (const outcome of outcomes) {
			expect(outcome).toMatchObject({ ok: false, failureKind: 'quotaExhausted', dingTalkCode: 'Forbidden.AccessDenied.ApiCountLimitForOrg' });
			expect(outcome.message).toContain('monthly');
		}
		expect(requests('searchConnectors')).toBe(1);
		expect(requests('invokeInstance')).toBe(1);
	});

	it('permissionDenied names the missing scope and where to add it', async () => {
		await prepare();
		fault('permissionDenied', { apis: ['searchConnectors'] });
		const [outcome] = await world.run(mode, [spec(searchConnectors())]);
		expect(outcome).toMatchObject({ ok: false, failureKind: 'permissionDenied', message: 'The app lacks a permission scope', httpCode: '403' });
		expect(outcome.description).toContain('Connector.Asset.Read');
		expect(outcome.description).toContain('Permissions');
		expect(requests('searchConnectors')).toBe(1);
	});

	it('ipNotInWhiteList explains the allow-list', async () => {
		await prepare();
		fault('ipNotInWhiteList', { apis: ['searchConnectors'] });
		const [outcome] = await world.run(mode, [spec(searchConnectors())]);
		expect(outcome).toMatchObject({ ok: false, failureKind: 'ipNotAllowed', dingTalkCode: 'Forbidden.AccessDenied.IpNotInWhiteList' });
		expect(outcome.description).toContain('allow-list');
		expect(requests('searchConnectors')).toBe(1);
	});

	it('invalidAuthentication once: one refresh, one retry, success', async () => {
		await prepare();
		fault('invalidAuthentication', { apis: ['getActionDetail'], count: 1 });
		const [outcome] = await world.run(mode, [spec(getActionDetail(ADD.connectAssetUri))]);
		expect(outcome.ok).toBe(true);
		expect(world.tokenCalls()).toBe(1);
		expect(requests('getActionDetail')).toBe(2);
	});

	it('badOutputJson: the transport hands the raw string over (parsing it is the node’s job)', async () => {
		const key = await prepare();
		fault('badOutputJson', { apis: ['invokeInstance'], count: 1 });
		const [outcome] = await world.run(mode, [spec(invokeAdd(key))]);
		expect(outcome.ok).toBe(true);
		const answer = outcome.result as { outputJson: string };
		expect(() => JSON.parse(answer.outputJson)).toThrow();
		expect(executed('invokeInstance')).toBe(1);
	});

	it('connectorError: a 200 with an errorCode is a connector-level error', async () => {
		const key = await prepare();
		fault('connectorError', { apis: ['invokeInstance'], count: 1, errorCode: 'CONNECTOR_TIMEOUT' });
		const [outcome] = await world.run(mode, [spec(invokeAdd(key))]);
		expect(outcome).toMatchObject({ ok: false, failureKind: 'connectorError', dingTalkCode: 'CONNECTOR_TIMEOUT', httpCode: '200' });
		expect(outcome.message).toMatch(/^The connector answered CONNECTOR_TIMEOUT: /);
		expect(requests('invokeInstance')).toBe(1);
	});

	describe.each(['body', 'errorCode'] as const)('Connect codes carried in %s', (carrier) => {
		it.each([
			['connect4001', '4001', 'badRequest', '400'],
			['connect4003', '4003', 'notAuthorised', '403'],
			['connect4004', '4004', 'notFound', '404'],
		] as const)('%s', async (kind, code, failureKind, bodyStatus) => {
			const key = await prepare();
			world.emulator.configure({ connectErrorCarrier: carrier });
			fault(kind, { apis: ['invokeInstance'], count: 1 });
			const [outcome] = await world.run(mode, [spec(invokeAdd(key))]);
			expect(outcome).toMatchObject({
				ok: false,
				failureKind,
				dingTalkCode: code,
				httpCode: carrier === 'body' ? bodyStatus : '200',
			});
			expect(outcome.message).toContain(`(${code})`);
			expect(requests('invokeInstance')).toBe(1);
			expect(executed('invokeInstance')).toBe(0);
		});
	});

	it('a real 4004: invoking an instance that was never created', async () => {
		await prepare();
		const [outcome] = await world.run(mode, [spec(invokeAdd('never-created'))]);
		expect(outcome).toMatchObject({ ok: false, failureKind: 'notFound', dingTalkCode: '4004' });
	});
});

it('a 4003 for the third-party app: the transport says what to do; the consent link is the operation\'s to add', async () => {
	const asset = SEED_ASSETS.unauthorisedForSuite;
	const [listed] = await world.run('suite', [
		{ call: 'allItems', request: searchActions(asset.connectorId, asset.connectorProviderCorpId), returnAll: true },
	]);
	const action = (listed.result as Array<{ connectAssetUri: string; authorized: boolean; authorityUrl: string }>).find(
		(a) => a.connectAssetUri === asset.connectAssetUri,
	);
	expect(action).toMatchObject({ authorized: false });
	expect(action?.authorityUrl).toMatch(/^dingtalk:\/\//);
	const outcomes = await world.run('suite', [
		spec(createInstance(asset.connectAssetUri, 'needs-consent')),
		spec(invokeInstance(asset.connectAssetUri, 'needs-consent', {})),
	]);
	const invoked = outcomes[1];
	expect(invoked).toMatchObject({ ok: false, failureKind: 'notAuthorised', dingTalkCode: '4003' });
	expect(invoked.description).toContain('An administrator of the organisation must authorise the app for this action');
	expect(world.emulator.counters().executed.invokeInstance).toBe(0);
});

describe('DingTalk rate limit (20 requests/s per app and API by default)', () => {
	it('throttled answers under a burst are absorbed with backoff: no call lost', async () => {
		setRetryPolicy({ baseDelayMs: 200, maxDelayMs: 800, maxTotalWaitMs: 5000 });
		world.emulator.configure({ qpsLimit: 10 });
		await world.run('corp', [spec(getActionDetail(ADD.connectAssetUri))]);
		world.emulator.resetCounters();
		const outcomes = await world.run('corp', times(15, searchConnectors()), { parallel: true });
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(15);
		const counters = world.emulator.counters();
		expect(counters.throttled).toBeGreaterThan(0);
		expect(counters.executed.searchConnectors).toBe(15);
		expect(counters.requests.searchConnectors).toBe(15 + counters.throttled);
	});

	it('client-side pacing (requestsPerSecond) stays under the limit: nothing throttled', async () => {
		world.emulator.configure({ qpsLimit: 5 });
		await world.run('suite', [spec(getActionDetail(ADD.connectAssetUri))]);
		world.emulator.resetCounters();
		const paced = { ...searchConnectors(), requestsPerSecond: 4 };
		const outcomes = await world.run('suite', times(6, paced), { parallel: true });
		expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
		expect(world.emulator.counters().throttled).toBe(0);
		const times_ = world.emulator.log().filter((e) => e.api === 'searchConnectors').map((e) => e.at);
		expect(Math.max(...times_) - Math.min(...times_)).toBeGreaterThanOrEqual(1000);
	});
});

it('connection refused: retried (nothing was sent), then a clear error', async () => {
	const closed = await startWorldlessPort();
	const baseUrl = `http://127.0.0.1:${closed}`;
	const fingerprint = tokenFingerprint({ appType: 'internal', appKey: DEMO_CREDENTIALS.corp.appKey }, baseUrl);
	world.resetCredential('corp', 'refused', { baseUrl, accessToken: 'stored-token-value', issuedFor: fingerprint });
	const outcomes = await world.run('corp', [spec(searchConnectors()), spec(invokeInstance(ADD.connectAssetUri, 'k', {}))], {
		credentialId: 'refused',
	});
	for (const outcome of outcomes) {
		expect(outcome).toMatchObject({ ok: false, failureKind: 'connectionRefused', message: `Could not connect to DingTalk at http://127.0.0.1:${closed}` });
		expect(outcome.description).toContain(`tried ${1 + getRetryPolicy().maxTransientRetries} times`);
	}
});

it('no token or secret appears in any error or log line', () => {
	expect(probeErrors.length).toBeGreaterThan(20);
	const secrets = [
		DEMO_CREDENTIALS.corp.appSecret,
		DEMO_CREDENTIALS.suite.suiteSecret,
		DEMO_CREDENTIALS.suite.suiteTicket,
		'stored-token-value',
		...tokensSeen,
	];
	expect(tokensSeen.size).toBeGreaterThan(2);
	const texts = probeErrors.map((error) => {
		const e = error as { message: string; description?: string; context?: unknown; messages?: unknown; errorResponse?: unknown; toJSON?: () => unknown };
		return JSON.stringify([e.message, e.description, e.context, e.messages, e.errorResponse, e.toJSON?.()]);
	});
	texts.push(JSON.stringify(world.harness.logs));
	for (const text of texts) {
		for (const secret of secrets) expect(text.includes(secret)).toBe(false);
	}
});

/** A port on 127.0.0.1 where nothing listens. */
async function startWorldlessPort(): Promise<number> {
	const net = await import('node:net');
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
