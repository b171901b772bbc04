// The emulator's own tests share one set-up: start an emulator, reset it before each case, fetch the
// tokens a file asks for, stop it at the end. Read the bed's fields inside hooks and cases only.
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator';
import { connectClient, type ConnectClient } from './client';

/** The demo apps whose tokens a bed can fetch before each case. */
export type BedToken = 'corp' | 'suite' | 'corpB' | 'suiteB';

export interface BedOptions extends EmulatorOptions {
	/** Tokens to fetch (in this order) before each case, after the reset; default none. */
	tokens?: BedToken[];
	/** Reset the counters and the log after fetching the tokens, so a case counts only its own requests. */
	freshCounters?: boolean;
	/**
	 * 'each' (default): reset before every case and fetch the tokens again. 'once': no reset; the tokens are
	 * fetched once. 'fresh': a new emulator for every case (the Stream gateway's connections die with it).
	 */
	lifetime?: 'each' | 'once' | 'fresh';
}

/** The running emulator, a client of it, and the token fetched for each app named in `tokens`. */
export type EmulatorBed = {
	readonly emulator: RunningEmulator;
	readonly client: ConnectClient;
	/** What runs before each case ('each'): the reset, the start config again, fresh tokens. */
	reset(): Promise<void>;
} & Readonly<Record<BedToken, string>>;

const FETCH: Record<BedToken, (client: ConnectClient) => Promise<string>> = {
	corp: (client) => client.corpToken(),
	suite: (client) => client.suiteToken(),
	corpB: (client) => client.corpBToken(),
	suiteB: (client) => client.suiteBToken(),
};

/** Registers the hooks of one emulator for the enclosing file or describe block, and returns its bed. */
export function useEmulator(options: BedOptions = {}): EmulatorBed {
	const { tokens: names = [], freshCounters = false, lifetime = 'each', ...start } = options;
	let emulator: RunningEmulator | undefined;
	let client: ConnectClient | undefined;
	const tokens: Partial<Record<BedToken, string>> = {};

	const begin = async () => {
		emulator = await startEmulator(start);
		client = connectClient(emulator.url);
	};
	const prepare = async () => {
		for (const name of names) tokens[name] = await FETCH[name](client!);
		if (freshCounters) emulator!.resetCounters();
	};
	const reset = async () => {
		// reset() returns to the start dialect's defaults: the start config goes back on top.
		emulator!.reset();
		if (start.config) emulator!.configure(start.config);
		await prepare();
	};
	const end = async () => {
		await emulator?.stop();
		emulator = undefined;
	};

	if (lifetime === 'fresh') {
		beforeEach(async () => {
			await begin();
			await prepare();
		});
		afterEach(end);
	} else {
		beforeAll(async () => {
			await begin();
			if (lifetime === 'once') await prepare();
		});
		afterAll(end);
		if (lifetime === 'each') {
			beforeEach(reset);
		}
	}

	const running = <T>(value: T | undefined, what: string): T => {
		if (value === undefined) throw new Error(`the emulator bed has no ${what} outside hooks and cases`);
		return value;
	};
	const token = (name: BedToken) => () => running(tokens[name], `${name} token`);
	return Object.defineProperties({} as EmulatorBed, {
		emulator: { get: () => running(emulator, 'emulator') },
		client: { get: () => running(client, 'client') },
		reset: { value: reset },
		corp: { get: token('corp') },
		suite: { get: token('suite') },
		corpB: { get: token('corpB') },
		suiteB: { get: token('suiteB') },
	});
}
