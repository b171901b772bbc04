// Shared set-up of the transport integration tests: the emulator over real HTTP, the in-process
// n8n harness, both credential modes, and the probe node that calls the transport.
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { DingTalkConnectApi } from '../../../credentials/DingTalkConnectApi.credentials';
import type { RunningEmulator } from '../../../emulator';
import { DEMO_CREDENTIALS, SEED, SEED_ASSETS, startEmulator } from '../../../emulator';
import type { DingTalkRequest } from '../../../nodes/DingTalkConnect/transport';
import { N8nHarness } from '../../harness';
import { resetProcessMemory, setRetryPolicy } from '../../harness/processMemory';
import type { ProbeOutcome, ProbeSpec } from './fixtures/TransportProbe.node';
import { TransportProbe } from './fixtures/TransportProbe.node';

export type Mode = 'corp' | 'suite';
export const MODES: Mode[] = ['corp', 'suite'];

export function credentialData(mode: Mode, baseUrl: string): ICredentialDataDecryptedObject {
	return mode === 'corp'
		? { appType: 'internal', ...DEMO_CREDENTIALS.corp, baseUrl }
		: { appType: 'thirdParty', ...DEMO_CREDENTIALS.suite, baseUrl };
}

/** The token endpoint a mode uses, as the emulator names it. */
export function tokenApi(mode: Mode): 'accessToken' | 'corpAccessToken' {
	return mode === 'corp' ? 'accessToken' : 'corpAccessToken';
}

export interface ProbeWorld {
	emulator: RunningEmulator;
	harness: N8nHarness;
	/** Runs one execution of the probe node with these calls, as `mode`'s credential. */
	run(mode: Mode, specs: ProbeSpec[], options?: { parallel?: boolean; credentialId?: string }): Promise<ProbeOutcome[]>;
	/** Stores a fresh credential (no token yet) for the mode under `id`. */
	resetCredential(mode: Mode, id?: string, patch?: ICredentialDataDecryptedObject): void;
	/** Before each test: a fresh emulator state without its rate limit, and credentials without a stored token. */
	startAfresh(): void;
	/** Token calls (both endpoints) counted by the emulator since its last counter reset. */
	tokenCalls(): number;
	stop(): Promise<void>;
}

export async function startWorld(): Promise<ProbeWorld> {
	const emulator = await startEmulator();
	const harness = new N8nHarness({
		nodeTypes: { transportProbe: new TransportProbe() },
		credentialTypes: { dingTalkConnectApi: new DingTalkConnectApi() },
	});
	const resetCredential = (mode: Mode, id: string = mode, patch: ICredentialDataDecryptedObject = {}) =>
		harness.setCredential(id, 'dingTalkConnectApi', { ...credentialData(mode, emulator.url), ...patch });
	resetCredential('corp');
	resetCredential('suite');
	return {
		emulator,
		harness,
		resetCredential,
		startAfresh() {
			emulator.reset();
			// DingTalk's 20 requests/s limit is exercised in faults.test.ts; elsewhere it would only add noise.
			emulator.configure({ qpsLimit: 0 });
			resetCredential('corp');
			resetCredential('suite');
		},
		tokenCalls: () => {
			const requests = emulator.counters().requests;
			return requests.accessToken + requests.corpAccessToken;
		},
		async run(mode, specs, options = {}) {
			const result = await harness.runNode({
				nodeType: 'transportProbe',
				parameters: { parallel: options.parallel ?? false },
				credentials: { dingTalkConnectApi: options.credentialId ?? mode },
				items: specs.map((spec) => ({ json: { spec: spec as unknown as IDataObject } })),
			});
			if (result.error) throw result.error;
			return (result.output?.[0] ?? []).map((item) => item.json as unknown as ProbeOutcome);
		},
		stop: async () => await emulator.stop(),
	};
}

/**
 * Registers one probe world for the enclosing file: started before all (with the retry policy `retries`,
 * fast enough for tests), stopped after all, started afresh before each test. Its fields are there
 * inside hooks and tests, after the start.
 */
export function useProbeWorld(retries: Parameters<typeof setRetryPolicy>[0]): ProbeWorld {
	let started: ProbeWorld | undefined;
	const world = (): ProbeWorld => {
		if (!started) throw new Error('the probe world is there inside hooks and tests only');
		return started;
	};
	beforeAll(async () => {
		started = await startWorld();
		setRetryPolicy(retries);
	});
	afterAll(async () => {
		resetProcessMemory();
		await started?.stop();
	});
	beforeEach(() => world().startAfresh());
	return {
		get emulator() {
			return world().emulator;
		},
		get harness() {
			return world().harness;
		},
		run: (...args) => world().run(...args),
		resetCredential: (...args) => world().resetCredential(...args),
		startAfresh: () => world().startAfresh(),
		tokenCalls: () => world().tokenCalls(),
		stop: () => world().stop(),
	};
}

// ------------------------------------------------------------------ the six connector APIs

export function searchConnectors(type: 'self_built' | 'third_party' | 'official' = 'self_built', maxResults = 5): DingTalkRequest {
	return { method: 'GET', path: '/v1.0/connector/assets/connectors', qs: { type, maxResults }, kind: 'read' };
}

export function searchActions(connectorId: string, connectorProviderCorpId: string): DingTalkRequest {
	return {
		method: 'POST',
		path: '/v1.0/connector/assets/actions/search',
		body: { connectorId, connectorProviderCorpId, integrationTypes: ['basic'], maxResults: 50 },
		kind: 'read',
	};
}

export function getActionDetail(connectAssetUri: string): DingTalkRequest {
	return { method: 'POST', path: '/v1.0/connector/assets/actions/details/query', body: { connectAssetUri }, kind: 'read' };
}

export function createInstance(connectAssetUri: string, instanceKey: string): DingTalkRequest {
	return { method: 'POST', path: '/v1.0/connector/instances', body: { connectAssetUri, instanceKey }, kind: 'create', connectAssetUri };
}

export function invokeInstance(connectAssetUri: string, instanceKey: string, input: unknown, timeout?: number): DingTalkRequest {
	return {
		method: 'POST',
		path: '/v1.0/connector/instances/invoke',
		body: { connectAssetUri, instanceKey, inputJsonString: JSON.stringify(input) },
		kind: 'invoke',
		connectAssetUri,
		timeout,
	};
}

export function syncData(): DingTalkRequest {
	const now = Date.now();
	return {
		method: 'POST',
		path: '/v1.0/connector/triggers/data/sync',
		body: {
			appId: SEED.syncAppIds[0],
			triggerDataList: [
				{
					triggerId: SEED.triggers[0].triggerId,
					jsonData: JSON.stringify({ todoId: 'todo-0001', done: true }),
					dataGmtCreate: now,
					dataGmtModified: now,
					action: 'add',
				},
			],
		},
		kind: 'write',
	};
}

export function deleteInstance(connectAssetUri: string, instanceKey: string): DingTalkRequest {
	return { method: 'DELETE', path: '/v1.0/connector/instances', qs: { connectAssetUri, instanceKey }, kind: 'create' };
}

export const ADD = SEED_ASSETS.addNumbers;

export function spec(request: DingTalkRequest): ProbeSpec {
	return { request };
}

export function times(count: number, request: DingTalkRequest): ProbeSpec[] {
	return Array.from({ length: count }, () => spec(request));
}
