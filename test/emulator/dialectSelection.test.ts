// Choosing a dialect: at start, by DINGTALK_EMULATOR_DIALECT, with useDialect, over /__emulator/dialect,
// and what reset() returns to; plus the shape of DIALECTS and the checks of the new config knobs.
import axios from 'axios';

import { DEFAULT_CONFIG, DIALECT_ENV, DIALECT_NAMES, DIALECTS, dialectConfig, SEED_ASSETS, startEmulator, type DialectName, type RunningEmulator } from '../../emulator';
import { connectClient, PATHS } from './client';

const running: RunningEmulator[] = [];

async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
	const emulator = await startEmulator(options);
	running.push(emulator);
	return emulator;
}

afterEach(async () => {
	await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
});

/** Runs `body` with the environment variable set (or removed), then puts the previous value back. */
async function withDialectEnv<T>(value: string | undefined, body: () => Promise<T>): Promise<T> {
	const previous = process.env[DIALECT_ENV];
	if (value === undefined) delete process.env[DIALECT_ENV];
	else process.env[DIALECT_ENV] = value;
	try {
		return await body();
	} finally {
		if (previous === undefined) delete process.env[DIALECT_ENV];
		else process.env[DIALECT_ENV] = previous;
	}
}

/** The code key of an invoke of a missing instance: tells a capitalised dialect from a lower-case one over HTTP. */
async function missingInvoke(emulator: RunningEmulator) {
	const client = connectClient(emulator.url);
	const answer = await client.invoke(await client.corpToken(), SEED_ASSETS.addNumbers.connectAssetUri, 'never-created', {});
	return { status: answer.status, data: answer.data };
}

describe('DIALECTS', () => {
	it('the sdk dialect is DEFAULT_CONFIG', () => {
		expect({ ...DEFAULT_CONFIG, ...DIALECTS.sdk }).toEqual(DEFAULT_CONFIG);
	});

	it('every dialect sets the same answer knobs, and never qpsLimit, latency, faults or seed', () => {
		const keys = Object.keys(DIALECTS.sdk).sort();
		for (const name of DIALECT_NAMES) {
			expect(Object.keys(DIALECTS[name]).sort()).toEqual(keys);
			for (const untouched of ['qpsLimit', 'latencyMs', 'faults', 'seed', 'tokenLifetimeSeconds']) expect(DIALECTS[name]).not.toHaveProperty(untouched);
		}
	});

	it('dialectConfig answers a copy and names the known dialects for an unknown one', () => {
		const copy = dialectConfig('gateway');
		copy.errorKeys = 'lower';
		expect(DIALECTS.gateway.errorKeys).toBe('capitalised');
		expect(() => dialectConfig('klingon')).toThrow('unknown emulator dialect "klingon"; known dialects: sdk, gateway, errorCode, status400');
	});
});

describe('choosing a dialect at start', () => {
	it('defaults to sdk without an option or the environment variable', async () => {
		const emulator = await withDialectEnv(undefined, () => start());
		expect(emulator.dialect).toBe('sdk');
		expect(emulator.config).toEqual(DEFAULT_CONFIG);
		expect(await missingInvoke(emulator)).toMatchObject({ status: 404, data: { code: '4004' } });
	});

	it('applies the config patch over the dialect', async () => {
		const emulator = await start({ dialect: 'gateway', config: { notFoundStatus: 410, qpsLimit: 0 } });
		expect(emulator.config).toMatchObject({ errorKeys: 'capitalised', notFoundCode: 'InstanceNotFound', notFoundStatus: 410, qpsLimit: 0 });
		expect(await missingInvoke(emulator)).toMatchObject({ status: 410, data: { Code: 'InstanceNotFound' } });
	});

	it(`reads ${DIALECT_ENV} when no dialect is given, and the option wins over it`, async () => {
		const fromEnv = await withDialectEnv('errorCode', () => start());
		expect(fromEnv.dialect).toBe('errorCode');
		expect(await missingInvoke(fromEnv)).toMatchObject({ status: 200, data: { errorCode: '4004' } });
		const explicit = await withDialectEnv('errorCode', () => start({ dialect: 'status400' }));
		expect(explicit.dialect).toBe('status400');
		expect(await missingInvoke(explicit)).toMatchObject({ status: 400, data: { Code: '4004' } });
	});

	it('refuses an unknown dialect, naming the known ones (and the variable when it came from there)', async () => {
		await expect(start({ dialect: 'klingon' as DialectName })).rejects.toThrow('unknown emulator dialect "klingon"; known dialects: sdk, gateway, errorCode, status400');
		await expect(withDialectEnv('klingon', () => start())).rejects.toThrow(`${DIALECT_ENV}: unknown emulator dialect "klingon"`);
		expect(running).toHaveLength(0);
	});
});

describe('switching and reset', () => {
	it('useDialect applies the answer knobs over the current config and keeps the rest', async () => {
		const emulator = await start();
		emulator.configure({ qpsLimit: 5, latencyMs: { invokeInstance: 3 }, seed: 7 });
		emulator.useDialect('gateway');
		expect(emulator.dialect).toBe('gateway');
		expect(emulator.config).toEqual({ ...DEFAULT_CONFIG, ...DIALECTS.gateway, qpsLimit: 5, latencyMs: { invokeInstance: 3 }, seed: 7 });
		// Back to sdk: every answer knob of gateway is replaced.
		emulator.useDialect('sdk');
		expect(emulator.config).toEqual({ ...DEFAULT_CONFIG, qpsLimit: 5, latencyMs: { invokeInstance: 3 }, seed: 7 });
	});

	it('useDialect refuses an unknown name and changes nothing', async () => {
		const emulator = await start({ dialect: 'gateway' });
		expect(() => emulator.useDialect('klingon')).toThrow('known dialects: sdk, gateway, errorCode, status400');
		expect(emulator.dialect).toBe('gateway');
		expect(emulator.config.errorKeys).toBe('capitalised');
	});

	it('reset() returns to the dialect the emulator was started with', async () => {
		const emulator = await start({ dialect: 'gateway' });
		emulator.useDialect('sdk');
		emulator.configure({ errorKeys: 'lower', notFoundStatus: 418 });
		emulator.reset();
		expect(emulator.dialect).toBe('gateway');
		expect(emulator.config).toEqual({ ...DEFAULT_CONFIG, ...DIALECTS.gateway });
		expect(await missingInvoke(emulator)).toMatchObject({ status: 404, data: { Code: 'InstanceNotFound' } });

		const plain = await withDialectEnv(undefined, () => start());
		plain.useDialect('status400');
		plain.reset();
		expect(plain.dialect).toBe('sdk');
		expect(plain.config).toEqual(DEFAULT_CONFIG);
	});
});

describe('/__emulator/dialect', () => {
	it('GET answers the current dialect, POST switches it for API answers', async () => {
		const emulator = await withDialectEnv(undefined, () => start());
		const control = axios.create({ baseURL: `${emulator.url}/__emulator`, validateStatus: () => true });
		expect((await control.get('/dialect')).data).toEqual({ name: 'sdk', names: [...DIALECT_NAMES] });
		const switched = await control.post('/dialect', { name: 'gateway' });
		expect(switched.status).toBe(200);
		expect(switched.data).toMatchObject({ name: 'gateway', config: { errorKeys: 'capitalised', pageTokens: 'number' } });
		expect((await control.get('/dialect')).data.name).toBe('gateway');
		expect(emulator.dialect).toBe('gateway');
		expect(await missingInvoke(emulator)).toMatchObject({ status: 404, data: { Code: 'InstanceNotFound' } });
		// POST /__emulator/reset returns to the start dialect, sdk here.
		await control.post('/reset');
		expect((await control.get('/dialect')).data.name).toBe('sdk');
	});

	it('answers 400 naming the dialects for an unknown or missing name', async () => {
		const emulator = await start({ dialect: 'errorCode' });
		const control = axios.create({ baseURL: `${emulator.url}/__emulator`, validateStatus: () => true });
		for (const body of [{ name: 'klingon' }, {}]) {
			const answer = await control.post('/dialect', body);
			expect(answer.status).toBe(400);
			expect(answer.data.error).toContain('sdk, gateway, errorCode, status400');
		}
		expect(emulator.dialect).toBe('errorCode');
	});
});

describe('config knobs', () => {
	it('refuses bad values of the new knobs', async () => {
		const emulator = await withDialectEnv(undefined, () => start());
		const bad: Array<Record<string, unknown>> = [
			{ secondCreation: 'error' },
			{ secondCreation: { status: 200 } },
			{ secondCreation: { status: 409, code: '' } },
			{ secondCreation: { status: 409, extra: 1 } },
			{ notFoundStatus: 200 },
			{ notFoundCode: '' },
			{ deleteMissing: 'ignore' },
			{ errorKeys: 'upper' },
			{ pageTokens: 'cursor' },
			{ lastPageToken: 'null' },
			{ hasMoreField: 'no' },
			{ authorizedField: 1 },
			{ totalCount: 'bigint' },
			{ instanceExists: 'error' },
		];
		for (const patch of bad) expect(() => emulator.configure(patch as never)).toThrow();
		expect(emulator.config).toEqual(DEFAULT_CONFIG);
	});

	it('accepts a page token of every style whatever the style it issues', async () => {
		const emulator = await start({ config: { qpsLimit: 0 } });
		const client = connectClient(emulator.url);
		const corp = await client.corpToken();
		const first = await client.get(PATHS.connectors, corp, { type: 'official', maxResults: 4 });
		const expected = first.data.list.slice(2).map((c: { id: string }) => c.id);
		const opaque = (await client.get(PATHS.connectors, corp, { type: 'official', maxResults: 2 })).data.nextToken;
		for (const nextToken of [opaque, '2', 2]) {
			const answer = await client.post(PATHS.actions, corp, { connectorId: SEED_ASSETS.addNumbers.connectorId, maxResults: 2, nextToken });
			expect(answer.status).toBe(200);
			const page = await client.get(PATHS.connectors, corp, { type: 'official', maxResults: 2, nextToken });
			expect(page.data.list.map((c: { id: string }) => c.id)).toEqual(expected);
		}
		const garbage = await client.get(PATHS.connectors, corp, { type: 'official', nextToken: 'not-a-token' });
		expect(garbage.status).toBe(400);
		expect((await client.post(PATHS.actions, corp, { connectorId: SEED_ASSETS.addNumbers.connectorId, nextToken: -1 })).status).toBe(400);
	});
});
