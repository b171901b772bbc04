// Tokens over real HTTP, in both credential modes: fetched once and reused, one refresh per
// expiry (400 or 401), single-flight under concurrency, and no call lost.
import { SEED_ASSETS } from '../../../emulator';
import { probeHooks } from './fixtures/TransportProbe.node';
import type { Mode } from './probe';
import { ADD, MODES, createInstance, deleteInstance, getActionDetail, invokeInstance, searchActions, searchConnectors, spec, syncData, times, tokenApi, useProbeWorld } from './probe';

const world = useProbeWorld({ baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 2000, globalThrottleDelayMs: 10 });

beforeEach(() => {
	probeHooks.beforeCall = undefined;
});

describe.each(MODES)('%s mode', (mode: Mode) => {
	it('fetches the token once, stores it, and reuses it in a warm run (zero token calls)', async () => {
		const first = await world.run(mode, times(3, searchConnectors()));
		expect(first.every((outcome) => outcome.ok)).toBe(true);
		expect(world.emulator.counters().requests[tokenApi(mode)]).toBe(1);
		expect(world.emulator.counters().tokensIssued).toBe(1);
		const stored = world.harness.getStoredCredential(mode).accessToken;
		expect(typeof stored).toBe('string');
		expect(stored).not.toBe('');

		world.emulator.resetCounters();
		const warm = await world.run(mode, times(10, searchConnectors()));
		expect(warm.every((outcome) => outcome.ok)).toBe(true);
		expect(world.tokenCalls()).toBe(0);
		expect(world.emulator.counters().requests.searchConnectors).toBe(10);
		expect(world.emulator.counters().byToken[stored as string]).toBe(10);
	});

	it('reaches every connector API', async () => {
		const connector = SEED_ASSETS.createTodo;
		const instanceKey = `reach-${mode}`;
		const outcomes = await world.run(mode, [
			spec(searchConnectors('self_built')),
			spec(searchActions(connector.connectorId, connector.connectorProviderCorpId)),
			spec(getActionDetail(ADD.connectAssetUri)),
			spec(createInstance(ADD.connectAssetUri, instanceKey)),
			spec(invokeInstance(ADD.connectAssetUri, instanceKey, { a: 2, b: 40 })),
			spec(syncData()),
			spec(deleteInstance(ADD.connectAssetUri, instanceKey)),
		]);
		expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true, true, true, true, true]);
		const [connectors, actions, detail, created, invoked, synced] = outcomes.map((o) => o.result as Record<string, unknown>);
		expect(Array.isArray(connectors.list)).toBe(true);
		expect((actions.list as unknown[]).length).toBeGreaterThan(0);
		expect(typeof detail.inputSchema).toBe('string');
		expect(created.connectAssetUri).toBe(ADD.connectAssetUri);
		expect(JSON.parse(invoked.outputJson as string)).toMatchObject({ sum: 42 });
		expect(Array.isArray(synced.list)).toBe(true);
		const counters = world.emulator.counters();
		for (const api of ['searchConnectors', 'searchActions', 'getActionDetail', 'createInstance', 'invokeInstance', 'syncData', 'deleteInstance'] as const) {
			expect(counters.requests[api]).toBe(1);
		}
		expect(counters.executed.invokeInstance).toBe(1);
		expect(world.tokenCalls()).toBe(1);
	});

	it('100 calls with every token expired midway: exactly one extra token call, 100 successes, no call lost', async () => {
		await world.run(mode, [spec(searchConnectors())]); // warm: the token is stored
		world.emulator.resetCounters();
		probeHooks.beforeCall = (index) => {
			if (index === 50) world.emulator.expireAllTokens();
		};
		const outcomes = await world.run(mode, times(100, searchConnectors()));
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(100);
		const counters = world.emulator.counters();
		expect(world.tokenCalls()).toBe(1);
		// 100 answered calls plus the single one refused with the expired token.
		expect(counters.requests.searchConnectors).toBe(101);
		expect(counters.executed.searchConnectors).toBe(100);
	});

	it.each([400, 401] as const)('refreshes once and retries an invoke after expiry answered with HTTP %i', async (status) => {
		world.emulator.configure({ expiredTokenStatus: status });
		await world.run(mode, [spec(createInstance(ADD.connectAssetUri, 'expiry'))]);
		world.emulator.expireAllTokens();
		world.emulator.resetCounters();
		const [outcome] = await world.run(mode, [spec(invokeInstance(ADD.connectAssetUri, 'expiry', { a: 1, b: 1 }))]);
		expect(outcome.ok).toBe(true);
		const counters = world.emulator.counters();
		expect(world.tokenCalls()).toBe(1);
		expect(counters.requests.invokeInstance).toBe(2);
		expect(counters.executed.invokeInstance).toBe(1);
		const refused = world.emulator.log().filter((entry) => entry.api === 'invokeInstance' && entry.status === status);
		expect(refused).toHaveLength(1);
	});

	it('20 concurrent calls with an expired token share one refresh', async () => {
		await world.run(mode, [spec(searchConnectors())]);
		world.emulator.expireAllTokens();
		world.emulator.resetCounters();
		const outcomes = await world.run(mode, times(20, searchConnectors()), { parallel: true });
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(20);
		expect(world.tokenCalls()).toBe(1);
		expect(world.emulator.counters().executed.searchConnectors).toBe(20);
	});

	it('20 concurrent calls on a never-used credential fetch one token', async () => {
		world.resetCredential(mode, `${mode}-cold`);
		const outcomes = await world.run(mode, times(20, searchConnectors()), { parallel: true, credentialId: `${mode}-cold` });
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(20);
		expect(world.tokenCalls()).toBe(1);
	});

	it('gives up after one refresh when DingTalk keeps refusing the token', async () => {
		await world.run(mode, [spec(searchConnectors())]);
		world.emulator.resetCounters();
		world.emulator.addFault({ kind: 'invalidAuthentication', apis: ['searchConnectors'], count: 5 });
		const [outcome] = await world.run(mode, [spec(searchConnectors())]);
		expect(outcome).toMatchObject({ ok: false, message: 'DingTalk rejected the access token', dingTalkCode: 'InvalidAuthentication' });
		expect(world.tokenCalls()).toBe(1);
		expect(world.emulator.counters().requests.searchConnectors).toBe(2);
	});
});

it('keeps the two modes apart: each credential has its own token', async () => {
	await world.run('corp', [spec(searchConnectors())]);
	await world.run('suite', [spec(searchConnectors())]);
	const corpToken = world.harness.getStoredCredential('corp').accessToken;
	const suiteToken = world.harness.getStoredCredential('suite').accessToken;
	expect(corpToken).not.toBe(suiteToken);
	const counters = world.emulator.counters();
	expect(counters.requests.accessToken).toBe(1);
	expect(counters.requests.corpAccessToken).toBe(1);
});

describe('the stop signal', () => {
	afterEach(() => {
		probeHooks.signalFor = undefined;
		probeHooks.beforeCall = undefined;
	});

	it('a request still waiting for its pacing slot is not sent once the run is stopping', async () => {
		await world.run('corp', [spec(createInstance(ADD.connectAssetUri, 'cancel'))]);
		world.emulator.resetCounters();
		const run = new AbortController();
		probeHooks.signalFor = () => run.signal;
		world.emulator.addFault({ kind: 'serverError', apis: ['invokeInstance'], count: 1 });
		// One a second: the next slot is a second away, far beyond the stop 50 ms after the first item, even on a busy machine.
		const paced = { ...invokeInstance(ADD.connectAssetUri, 'cancel', { a: 1, b: 1 }), requestsPerSecond: 1 };
		probeHooks.beforeCall = (index) => {
			// The first item fails fast (5xx, not retried); the run then stops.
			if (index === 0) setTimeout(() => run.abort('another item failed and the node stopped'), 50);
		};
		const outcomes = await world.run('corp', times(3, paced), { parallel: true });
		expect(outcomes[0]).toMatchObject({ ok: false, failureKind: 'serverError' });
		for (const outcome of outcomes.slice(1)) {
			expect(outcome).toMatchObject({ ok: false, message: 'Not sent: another item failed and the node stopped' });
		}
		expect(world.emulator.counters().requests.invokeInstance).toBe(1);
		expect(world.emulator.counters().executed.invokeInstance).toBe(0);
	});

	it('a leader stopped before sending lets the waiting calls fetch the token themselves', async () => {
		const stopped = new AbortController();
		stopped.abort('the execution was stopped');
		probeHooks.signalFor = (index) => (index === 0 ? stopped.signal : undefined);
		const outcomes = await world.run('suite', times(5, searchConnectors()), { parallel: true });
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(4);
		expect(outcomes[0]).toMatchObject({ ok: false, message: 'Not sent: the execution was stopped' });
		expect(world.tokenCalls()).toBe(1);
	});
});
