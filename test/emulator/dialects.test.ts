// Contract of each dialect over real HTTP: what the emulator answers where DingTalk documents nothing.
// The expectations are written out here, not read from DIALECTS, so a changed dialect fails this test.
import { DIALECT_NAMES, SEED, SEED_ASSETS, type DialectName } from '../../emulator';
import { useEmulator } from './bed';
import { PATHS, type Answer } from './client';
import { TestClient } from './events/streamClient';

interface Expected {
	/** CreateInvocableInstance for an existing instance: 200, or an error status with its code (none: no code key). */
	secondCreation: { status: number; code?: string };
	/** 'errorCode': 4001/4003/4004 ride a 200's errorCode; 'body': an error body with this not-found status and code. */
	carrier: 'body' | 'errorCode';
	notFound: { status: number; code: string };
	keys: 'lower' | 'capitalised';
	deleteMissing: 'notFound' | 'succeed';
	expiredStatus: 400 | 401;
	pageTokens: 'opaque' | 'number' | 'numericString';
	hasMore: boolean;
	lastPageToken: 'empty' | 'absent';
	authorized: boolean;
	totalCount: { connectors: 'string' | 'number'; actions: 'string' | 'number' };
	suiteKeepsPreviousToken: boolean;
	/** Whether the Stream gateway pings a connection on its own. */
	streamPing: 'periodic' | 'none';
}

// What each dialect answers, one expectation a row, the dialects side by side.
const EXPECTED: { [K in keyof Expected]: Record<DialectName, Expected[K]> } = {
	secondCreation: {
		sdk: { status: 200 },
		gateway: { status: 400, code: 'instance.already.exists' },
		errorCode: { status: 409, code: 'Conflict.InstanceExists' },
		status400: { status: 400 },
	},
	carrier: { sdk: 'body', gateway: 'body', errorCode: 'errorCode', status400: 'body' },
	notFound: {
		sdk: { status: 404, code: '4004' },
		gateway: { status: 404, code: 'InstanceNotFound' },
		errorCode: { status: 200, code: '4004' },
		status400: { status: 400, code: '4004' },
	},
	keys: { sdk: 'lower', gateway: 'capitalised', errorCode: 'lower', status400: 'capitalised' },
	deleteMissing: { sdk: 'notFound', gateway: 'notFound', errorCode: 'succeed', status400: 'notFound' },
	expiredStatus: { sdk: 400, gateway: 401, errorCode: 400, status400: 401 },
	pageTokens: { sdk: 'opaque', gateway: 'number', errorCode: 'numericString', status400: 'opaque' },
	hasMore: { sdk: true, gateway: false, errorCode: true, status400: true },
	lastPageToken: { sdk: 'empty', gateway: 'absent', errorCode: 'empty', status400: 'absent' },
	authorized: { sdk: true, gateway: false, errorCode: true, status400: true },
	totalCount: {
		sdk: { connectors: 'string', actions: 'number' },
		gateway: { connectors: 'number', actions: 'number' },
		errorCode: { connectors: 'string', actions: 'string' },
		status400: { connectors: 'string', actions: 'number' },
	},
	suiteKeepsPreviousToken: { sdk: true, gateway: false, errorCode: true, status400: false },
	streamPing: { sdk: 'periodic', gateway: 'none', errorCode: 'periodic', status400: 'none' },
};

/** The dialect's column of EXPECTED. */
function expectedOf(dialect: DialectName): Expected {
	return Object.fromEntries(Object.entries(EXPECTED).map(([name, byDialect]) => [name, byDialect[dialect]])) as unknown as Expected;
}

const KEYS = {
	lower: { code: 'code', message: 'message', requestId: 'requestid' },
	capitalised: { code: 'Code', message: 'Message', requestId: 'RequestId' },
} as const;

/** An error body spelt as the dialect says, with the request id of the header, and no key of the other spelling. */
function expectErrorBody(answer: Answer, expected: Expected, status: number, code: string | undefined): void {
	const keys = KEYS[expected.keys];
	const other = KEYS[expected.keys === 'lower' ? 'capitalised' : 'lower'];
	expect(answer.status).toBe(status);
	expect(answer.data[keys.requestId]).toBe(answer.headers['x-acs-request-id']);
	expect(typeof answer.data[keys.message]).toBe('string');
	if (code === undefined) expect(Object.keys(answer.data).sort()).toEqual([keys.message, keys.requestId].sort());
	else expect(answer.data[keys.code]).toBe(code);
	for (const key of Object.values(other)) expect(answer.data).not.toHaveProperty(key);
}

/** A Connect error (4001/4003/4004) on the dialect's carrier. */
function expectConnectError(answer: Answer, expected: Expected, code: '4001' | '4003' | '4004', bodyStatus: number): void {
	if (expected.carrier === 'errorCode') {
		expect(answer.status).toBe(200);
		expect(answer.data).toMatchObject({ errorCode: code, outputJson: '' });
		expect(answer.data).not.toHaveProperty('code');
		return;
	}
	expectErrorBody(answer, expected, bodyStatus, code === '4004' ? expected.notFound.code : code);
}

function expectTokenStyle(token: unknown, style: Expected['pageTokens']): void {
	if (style === 'number') expect(typeof token).toBe('number');
	else if (style === 'numericString') expect(token).toEqual(expect.stringMatching(/^\d+$/));
	else {
		expect(typeof token).toBe('string');
		expect(token).not.toMatch(/^\d*$/);
	}
}

describe.each(DIALECT_NAMES)('dialect %s', (dialect) => {
	const expected = expectedOf(dialect);
				const uri = SEED_ASSETS.addNumbers.connectAssetUri;

	// reset() before each case keeps the start dialect, so every case below runs in it.
	const bed = useEmulator({ dialect, config: { qpsLimit: 0 }, stream: { pingIntervalMs: 100 }, tokens: ['corp'] });

	it('is the dialect the emulator was started with', () => {
		expect(bed.emulator.dialect).toBe(dialect);
	});

	it('pings a Stream connection every interval, or never, as the dialect says', async () => {
		const stream = await TestClient.open(bed.emulator.url);
		try {
			await new Promise((resolve) => setTimeout(resolve, 450));
			const pings = stream.ofType('SYSTEM', 'ping').length;
			if (expected.streamPing === 'periodic') expect(pings).toBeGreaterThanOrEqual(2);
			else expect(pings).toBe(0);
		} finally {
			stream.close();
		}
	});

	it('answers a second creation of an existing instance as the dialect says', async () => {
		expect((await bed.client.createInstance(bed.corp, uri, 'twice')).status).toBe(200);
		const again = await bed.client.createInstance(bed.corp, uri, 'twice');
		if (expected.secondCreation.status === 200) {
			expect(again.status).toBe(200);
			expect(again.data).toMatchObject({ connectAssetUri: uri, versionId: expect.any(String) });
		} else {
			expectErrorBody(again, expected, expected.secondCreation.status, expected.secondCreation.code);
		}
		expect(bed.emulator.instances()).toHaveLength(1);
		expect(bed.emulator.counters().executed.createInstance).toBe(1);
	});

	it('answers an invoke of a missing instance, a missing asset, 4001 and 4003 on its carrier', async () => {
		expectConnectError(await bed.client.invoke(bed.corp, uri, 'never-created', { a: 1, b: 2 }), expected, '4004', expected.notFound.status);
		expectConnectError(await bed.client.createInstance(bed.corp, 'dca://x.connect.dingtalk.com/x/action/G-ACT-NONE', 'k'), expected, '4004', expected.notFound.status);
		expectConnectError(await bed.client.post(PATHS.detail, bed.corp, { connectAssetUri: 'dca://x.connect.dingtalk.com/x/action/G-ACT-NONE' }), expected, '4004', expected.notFound.status);
		expectConnectError(await bed.client.post(PATHS.invoke, bed.corp, { connectAssetUri: uri }), expected, '4001', 400);
		const suite = await bed.client.suiteToken();
		const unauthorised = SEED_ASSETS.unauthorisedForSuite.connectAssetUri;
		expect((await bed.client.createInstance(suite, unauthorised, 'k')).status).toBe(200);
		expectConnectError(await bed.client.invoke(suite, unauthorised, 'k', { name: 'x' }), expected, '4003', 403);
	});

	it('answers a delete of a missing instance as the dialect says, without counting it as executed', async () => {
		const answer = await bed.client.delete(PATHS.instances, bed.corp, { connectAssetUri: uri, instanceKey: 'never-created' });
		if (expected.deleteMissing === 'succeed') {
			expect(answer.status).toBe(200);
			expect(answer.data).toEqual({ success: true });
		} else {
			expectConnectError(answer, expected, '4004', expected.notFound.status);
		}
		expect(bed.emulator.counters().executed.deleteInstance).toBe(0);
	});

	it('answers an expired token with the dialect status and key spelling', async () => {
		bed.emulator.expireAllTokens();
		const answer = await bed.client.get(PATHS.connectors, bed.corp, { type: 'official' });
		expectErrorBody(answer, expected, expected.expiredStatus, 'InvalidAuthentication');
	});

	it('keeps or drops the previous suite token after a refetch as the dialect says', async () => {
		const first = await bed.client.suiteToken();
		await bed.client.suiteToken();
		const answer = await bed.client.get(PATHS.connectors, first, { type: 'official' });
		if (expected.suiteKeepsPreviousToken) expect(answer.status).toBe(200);
		else expectErrorBody(answer, expected, expected.expiredStatus, 'InvalidAuthentication');
	});

	it('pages SearchConnectors with the dialect tokens, hasMore and last page token', async () => {
		const all = SEED.connectors.filter((c) => c.type === 'official').map((c) => c.id);
		const ids: string[] = [];
		let nextToken: unknown = '';
		for (let page = 0; page < 20; page++) {
			const answer = await bed.client.get(PATHS.connectors, bed.corp, { type: 'official', maxResults: 2, nextToken });
			expect(answer.status).toBe(200);
			expect(typeof answer.data.totalCount).toBe(expected.totalCount.connectors);
			expect(Number(answer.data.totalCount)).toBe(all.length);
			ids.push(...answer.data.list.map((c: { id: string }) => c.id));
			const last = ids.length === all.length;
			if (expected.hasMore) expect(answer.data.hasMore).toBe(!last);
			else expect(answer.data).not.toHaveProperty('hasMore');
			if (last) {
				if (expected.lastPageToken === 'empty') expect(answer.data.nextToken).toBe('');
				else expect(answer.data).not.toHaveProperty('nextToken');
				break;
			}
			expect(answer.data.list).toHaveLength(2);
			expectTokenStyle(answer.data.nextToken, expected.pageTokens);
			nextToken = answer.data.nextToken;
		}
		expect(ids).toEqual(all);
	});

	it('pages SearchActions by passing its own token back in the body, and spells authorized and totalCount', async () => {
		const suite = await bed.client.suiteToken();
		const asset = SEED_ASSETS.unauthorisedForSuite;
		const items: Array<Record<string, unknown>> = [];
		let nextToken: unknown;
		for (let page = 0; page < 10; page++) {
			const body = { connectorId: asset.connectorId, connectorProviderCorpId: asset.connectorProviderCorpId, maxResults: 1, nextToken };
			const answer = await bed.client.post(PATHS.actions, suite, body);
			expect(answer.status).toBe(200);
			expect(typeof answer.data.totalCount).toBe(expected.totalCount.actions);
			items.push(...answer.data.list);
			if (answer.data.nextToken === undefined || answer.data.nextToken === '') break;
			expectTokenStyle(answer.data.nextToken, expected.pageTokens);
			nextToken = answer.data.nextToken;
		}
		expect(items.length).toBe(SEED.actions.filter((a) => a.connectorId === asset.connectorId && a.integrationType === 'basic').length);
		const unauthorised = items.find((item) => item.id === asset.actionId) as Record<string, unknown>;
		const authorisedOne = items.find((item) => item.id !== asset.actionId) as Record<string, unknown>;
		expect(unauthorised.authorityUrl).toMatch(/^dingtalk:\/\//);
		expect(authorisedOne.authorityUrl).toBe('');
		if (expected.authorized) {
			expect(unauthorised.authorized).toBe(false);
			expect(authorisedOne.authorized).toBe(true);
		} else {
			for (const item of items) expect(item).not.toHaveProperty('authorized');
		}
	});
});
