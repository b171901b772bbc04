// Every fault switch of the emulator, in both credential modes, over real HTTP: the outcome the
// transport gives and what the emulator counted (requests sent, effects executed).
import type { EmulatorConfig, FaultRule } from '../../../emulator';
import { DEMO_CREDENTIALS, SEED_ASSETS } from '../../../emulator';
import type { DingTalkRequest } from '../../../nodes/DingTalkConnect/transport';
import { tokenFingerprint } from '../../../nodes/DingTalkConnect/transport/appScope';
import { getRetryPolicy, setRetryPolicy } from '../../harness/processMemory';
import { probeErrors, type ProbeOutcome } from './fixtures/TransportProbe.node';
import type { Mode } from './probe';
import {
	ADD,
	MODES,
	createInstance,
	getActionDetail,
	invokeInstance,
	searchActions,
	searchConnectors,
	spec,
	times,
	useProbeWorld,
} from './probe';

const FAST = { baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 2000, globalThrottleDelayMs: 10 };

const world = useProbeWorld(FAST);
const tokensSeen = new Set<string>();

afterEach(() => {
	for (const entry of world.emulator.log()) if (entry.token) tokensSeen.add(entry.token);
	setRetryPolicy(FAST);
});

/** One fault, one call, and what the transport must make of it. */
interface FaultCase {
	title: string;
	/** The emulator's configuration for the call, set after `prepare`. */
	configure?: Partial<EmulatorConfig>;
	fault: FaultRule;
	/** The call, given the key of the instance `prepare` made. */
	call: (instanceKey: string) => DingTalkRequest;
	/** The outcome's fields (strings exactly, or an asymmetric matcher). */
	outcome: Partial<Record<keyof ProbeOutcome, unknown>>;
	/** Texts the description must hold (a string: contained; a pattern: matched). */
	described?: Array<string | RegExp>;
	/** Requests the emulator received, and effects it executed, per API. */
	sent: Partial<Record<Api, number>> | (() => Partial<Record<Api, number>>);
	executed?: Partial<Record<Api, number>>;
	/** A check of what else the fault left behind. */
	also?: (outcome: ProbeOutcome) => void;
}

type Api = 'searchConnectors' | 'getActionDetail' | 'createInstance' | 'invokeInstance';

const OK = { ok: true };
const read = () => searchConnectors();
const detail = () => getActionDetail(ADD.connectAssetUri);
const invokeAdd = (timeout?: number) => (key: string) => invokeInstance(ADD.connectAssetUri, key, { a: 1, b: 2 }, timeout);
/** Creating a new instance; the check that follows wants exactly one instance of that key. */
const create = (instanceKey: string) => () => createInstance(ADD.connectAssetUri, instanceKey);
const oneInstance = (instanceKey: string) => () =>
	expect(world.emulator.instances().filter((instance) => instance.instanceKey === instanceKey)).toHaveLength(1);
/** Requests of a read that gives up after the bounded retries of transient failures. */
const allTransientRetries = () => ({ searchConnectors: 1 + getRetryPolicy().maxTransientRetries });

describe.each(MODES)('%s mode', (mode: Mode) => {
	/** Stores a token and an instance, then zeroes the counters. */
	async function prepare(instanceKey = `k-${mode}`): Promise<string> {
		const [created] = await world.run(mode, [spec(createInstance(ADD.connectAssetUri, instanceKey))]);
		expect(created.ok).toBe(true);
		world.emulator.resetCounters();
		return instanceKey;
	}

	async function expectFaultCase(row: FaultCase): Promise<void> {
		const key = await prepare();
		if (row.configure) world.emulator.configure(row.configure);
		world.emulator.addFault(row.fault);
		const [outcome] = await world.run(mode, [spec(row.call(key))]);
		expect(outcome).toMatchObject(row.outcome);
		for (const text of row.described ?? []) {
			if (typeof text === 'string') expect(outcome.description).toContain(text);
			else expect(outcome.description).toMatch(text);
		}
		const { requests, executed } = world.emulator.counters();
		expect(requests).toMatchObject(typeof row.sent === 'function' ? row.sent() : row.sent);
		expect(executed).toMatchObject(row.executed ?? {});
		row.also?.(outcome);
	}

	describe('serverError', () => {
		it.each<FaultCase>([
			{
				title: 'is retried for a read until it succeeds',
				fault: { kind: 'serverError', apis: ['searchConnectors'], count: 2 },
				call: read,
				outcome: OK,
				sent: { searchConnectors: 3 },
				executed: { searchConnectors: 1 },
			},
			{
				title: 'is retried for instance creation',
				fault: { kind: 'serverError', apis: ['createInstance'], count: 1, status: 502 },
				call: create('created-after-502'),
				outcome: OK,
				sent: { createInstance: 2 },
				also: oneInstance('created-after-502'),
			},
			{
				title: 'is NOT retried for invoke',
				fault: { kind: 'serverError', apis: ['invokeInstance'], count: 1, status: 503 },
				call: invokeAdd(),
				outcome: { ok: false, failureKind: 'serverError', httpCode: '503', message: 'DingTalk server error (HTTP 503)' },
				described: ['not retried', /Request ID: \S+/],
				sent: { invokeInstance: 1 },
			},
			{
				title: 'gives up on a read after the bounded number of retries',
				fault: { kind: 'serverError', apis: ['searchConnectors'] },
				call: read,
				outcome: { ok: false, failureKind: 'serverError', httpCode: '500' },
				sent: allTransientRetries,
			},
		])('$title', expectFaultCase);
	});

	describe('dropBeforeRead', () => {
		it.each<FaultCase>([
			{
				title: 'is retried for a read',
				fault: { kind: 'dropBeforeRead', apis: ['searchConnectors'], count: 1 },
				call: read,
				outcome: OK,
				sent: { searchConnectors: 2 },
			},
			{
				title: 'is NOT retried for invoke: the client cannot tell it was not executed',
				fault: { kind: 'dropBeforeRead', apis: ['invokeInstance'], count: 1 },
				call: invokeAdd(),
				outcome: { ok: false, failureKind: 'connectionDropped', message: 'The connection to DingTalk closed before an answer arrived' },
				sent: { invokeInstance: 1 },
				executed: { invokeInstance: 0 },
			},
		])('$title', expectFaultCase);
	});

	describe('dropAfterRead', () => {
		it.each<FaultCase>([
			{
				title: 'is retried for a read',
				fault: { kind: 'dropAfterRead', apis: ['getActionDetail'], count: 1 },
				call: detail,
				outcome: OK,
				sent: { getActionDetail: 2 },
			},
			{
				title: 'is retried for instance creation, which is idempotent',
				fault: { kind: 'dropAfterRead', apis: ['createInstance'], count: 1 },
				call: create('after-drop'),
				outcome: OK,
				sent: { createInstance: 2 },
				also: oneInstance('after-drop'),
			},
			{
				title: 'is NOT retried for invoke: the action ran exactly once',
				fault: { kind: 'dropAfterRead', apis: ['invokeInstance'], count: 1 },
				call: invokeAdd(),
				outcome: { ok: false, failureKind: 'connectionDropped' },
				described: ['may have executed it'],
				sent: { invokeInstance: 1 },
				executed: { invokeInstance: 1 },
				also: () => expect(world.emulator.invocations()).toHaveLength(1),
			},
		])('$title', expectFaultCase);
	});

	describe('slow (with a small timeout)', () => {
		it.each<FaultCase>([
			{
				title: 'a timed-out read is retried',
				fault: { kind: 'slow', apis: ['searchConnectors'], count: 1, delayMs: 400 },
				call: () => ({ ...searchConnectors(), timeout: 150 }),
				outcome: OK,
				sent: { searchConnectors: 2 },
			},
			{
				title: 'a timed-out invoke is an error and is not retried',
				fault: { kind: 'slow', apis: ['invokeInstance'], count: 1, delayMs: 400 },
				call: invokeAdd(150),
				outcome: { ok: false, failureKind: 'timeout', message: 'DingTalk did not answer within 150 ms' },
				described: ['not retried'],
				sent: { invokeInstance: 1 },
				executed: { invokeInstance: 1 },
			},
			{
				title: 'a slow answer within the timeout is fine',
				fault: { kind: 'slow', apis: ['invokeInstance'], count: 1, delayMs: 100 },
				call: invokeAdd(2000),
				outcome: OK,
				sent: { invokeInstance: 1 },
			},
		])('$title', expectFaultCase);
	});

	describe('nonJson', () => {
		it.each<FaultCase>([
			{
				title: 'is retried for a read',
				fault: { kind: 'nonJson', apis: ['searchConnectors'], count: 1 },
				call: read,
				outcome: OK,
				sent: { searchConnectors: 2 },
			},
			{
				title: 'is reported, not retried, for invoke',
				fault: { kind: 'nonJson', apis: ['invokeInstance'], count: 1 },
				call: invokeAdd(),
				outcome: { ok: false, failureKind: 'nonJson', message: 'DingTalk sent an unexpected answer that is not JSON' },
				sent: { invokeInstance: 1 },
				executed: { invokeInstance: 0 },
			},
		])('$title', expectFaultCase);
	});

	describe('throttle', () => {
		it.each<FaultCase>([
			{
				title: 'is absorbed for a read',
				fault: { kind: 'throttle', apis: ['searchConnectors'], count: 3 },
				call: read,
				outcome: OK,
				sent: { searchConnectors: 4 },
				also: () => expect(world.emulator.counters().throttled).toBe(3),
			},
			{
				title: 'is absorbed for invoke too (nothing was executed) and the action runs once',
				fault: { kind: 'throttle', apis: ['invokeInstance'], count: 2 },
				call: invokeAdd(),
				outcome: OK,
				sent: { invokeInstance: 3 },
				executed: { invokeInstance: 1 },
			},
			{
				title: 'fails after the bounded number of attempts and says to lower Requests per Second',
				fault: { kind: 'throttle', apis: ['searchConnectors'] },
				call: read,
				outcome: { ok: false, failureKind: 'throttled', dingTalkCode: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' },
				described: ['Requests per Second'],
				sent: () => ({ searchConnectors: getRetryPolicy().maxAttempts }),
			},
		])('$title', expectFaultCase);
	});

	it.each<FaultCase>([
		{
			title: 'ipBan: the HTML page is reported as an IP ban and not retried',
			fault: { kind: 'ipBan', apis: ['searchConnectors'] },
			call: read,
			outcome: { ok: false, failureKind: 'ipBanned', httpCode: '403', message: 'DingTalk answered with a web page instead of JSON' },
			described: ['wait 5 minutes'],
			sent: { searchConnectors: 1 },
		},
		{
			title: 'throttleGlobal (QpsLimitForApi) is absorbed',
			fault: { kind: 'throttleGlobal', apis: ['getActionDetail'], count: 1 },
			call: detail,
			outcome: OK,
			sent: { getActionDetail: 2 },
		},
		{
			title: 'permissionDenied names the missing scope and where to add it',
			fault: { kind: 'permissionDenied', apis: ['searchConnectors'] },
			call: read,
			outcome: { ok: false, failureKind: 'permissionDenied', message: 'The app lacks a permission scope', httpCode: '403' },
			described: ['Connector.Asset.Read', 'Permissions'],
			sent: { searchConnectors: 1 },
		},
		{
			title: 'ipNotInWhiteList explains the allow-list',
			fault: { kind: 'ipNotInWhiteList', apis: ['searchConnectors'] },
			call: read,
			outcome: { ok: false, failureKind: 'ipNotAllowed', dingTalkCode: 'Forbidden.AccessDenied.IpNotInWhiteList' },
			described: ['allow-list'],
			sent: { searchConnectors: 1 },
		},
		{
			title: 'invalidAuthentication once: one refresh, one retry, success',
			fault: { kind: 'invalidAuthentication', apis: ['getActionDetail'], count: 1 },
			call: detail,
			outcome: OK,
			sent: { getActionDetail: 2 },
			also: () => expect(world.tokenCalls()).toBe(1),
		},
		{
			title: 'badOutputJson: the transport hands the raw string over (parsing it is the node’s job)',
			fault: { kind: 'badOutputJson', apis: ['invokeInstance'], count: 1 },
			call: invokeAdd(),
			outcome: OK,
			sent: {},
			executed: { invokeInstance: 1 },
			also: (outcome) => expect(() => JSON.parse((outcome.result as { outputJson: string }).outputJson)).toThrow(),
		},
		{
			title: 'connectorError: a 200 with an errorCode is a connector-level error',
			fault: { kind: 'connectorError', apis: ['invokeInstance'], count: 1, errorCode: 'CONNECTOR_TIMEOUT' },
			call: invokeAdd(),
			outcome: { ok: false, failureKind: 'connectorError', dingTalkCode: 'CONNECTOR_TIMEOUT', httpCode: '200' },
			also: (outcome) => expect(outcome.message).toMatch(/^The connector answered CONNECTOR_TIMEOUT: /),
			sent: { invokeInstance: 1 },
		},
	])('$title', expectFaultCase);

	it('quotaExhausted is not retried', async () => {
		const key = await prepare();
		world.emulator.addFault({ kind: 'quotaExhausted' });
		const outcomes = await world.run(mode, [spec(searchConnectors()), spec(invokeAdd()(key))]);
		for (const outcome of outcomes) {
			expect(outcome).toMatchObject({ ok: false, failureKind: 'quotaExhausted', dingTalkCode: 'Forbidden.AccessDenied.ApiCountLimitForOrg' });
			expect(outcome.message).toContain('monthly');
		}
		expect(world.emulator.counters().requests).toMatchObject({ searchConnectors: 1, invokeInstance: 1 });
	});

	describe.each(['body', 'errorCode'] as const)('Connect codes carried in %s', (carrier) => {
		const codes = [
			['connect4001', '4001', 'badRequest', '400'],
			['connect4003', '4003', 'notAuthorised', '403'],
			['connect4004', '4004', 'notFound', '404'],
		] as const;
		it.each<FaultCase>(
			codes.map(([kind, code, failureKind, bodyStatus]) => ({
				title: kind,
				configure: { connectErrorCarrier: carrier },
				fault: { kind, apis: ['invokeInstance'], count: 1 },
				call: invokeAdd(),
				outcome: {
					ok: false,
					failureKind,
					dingTalkCode: code,
					httpCode: carrier === 'body' ? bodyStatus : '200',
					message: expect.stringContaining(`(${code})`),
				},
				sent: { invokeInstance: 1 },
				executed: { invokeInstance: 0 },
			})),
		)('$title', expectFaultCase);
	});

	it('a real 4004: invoking an instance that was never created', async () => {
		await prepare();
		const [outcome] = await world.run(mode, [spec(invokeAdd()('never-created'))]);
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
