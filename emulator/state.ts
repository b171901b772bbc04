// Everything one running emulator holds, shared by its modules; `reset()` returns it to the seed.

import {
	API_NAMES,
	DEFAULT_CONFIG,
	type ActionSchemaPatch,
	type ApiName,
	type EmulatorConfig,
	type EmulatorCounters,
	type InstanceRecord,
	type InvocationRecord,
	type RequestLogEntry,
	type SyncedEvent,
} from './types';
import { dialectConfig } from './dialects';
import { SEED_ORGS, type SeedOrg } from './seed';
import type { DialectName } from './dialectNames';
import { createPrng } from './prng';
import { clone } from './jsonValues';

const LOG_LIMIT = 20000;

/** Who holds the token of a request. */
export interface Caller {
	/** The corp app's appKey, or `suiteKey:authCorpId` for a suite. */
	app: string;
	mode: 'corp' | 'suite';
	/** The organisation the app acts for. */
	corpId: string;
	/** The suite's key (suite mode only), carried by its consent links. */
	suiteKey?: string;
}

export interface TokenRecord extends Caller {
	expiresAt: number;
}

/** A suite's ticket now, and the one it replaced (see `previousSuiteTicketValid`). */
export interface SuiteTicket {
	current: string;
	previous?: string;
}

export interface Instance extends InstanceRecord {
	versionId: string;
}

function emptyApiCounts(): Record<ApiName, number> {
	return Object.fromEntries(API_NAMES.map((api) => [api, 0])) as Record<ApiName, number>;
}

function emptyCounters(): EmulatorCounters {
	return { requests: emptyApiCounts(), executed: emptyApiCounts(), throttled: 0, tokensIssued: 0, byToken: {}, byApp: {} };
}

/** DEFAULT_CONFIG with a dialect's answer knobs over it. */
function configOf(dialect: DialectName): EmulatorConfig {
	return { ...clone(DEFAULT_CONFIG), ...dialectConfig(dialect) };
}

export class EmulatorState {
	/** The dialect last applied; `configure` of a single knob leaves the name as it is. */
	dialect: DialectName;
	config: EmulatorConfig;
	/** Every token issued, by its value. */
	tokens = new Map<string, TokenRecord>();
	/** The current token of each corp app, by appKey. */
	corpTokens = new Map<string, string>();
	/** The latest token of each suite, by `suiteKey:authCorpId`. */
	suiteTokens = new Map<string, string>();
	/** Instances, by organisation, asset URI and instanceKey (see instances.ts). */
	instances = new Map<string, Instance>();
	/** Schemas replaced while running, by asset URI. */
	actionSchemas = new Map<string, Required<ActionSchemaPatch>>();
	/** Rotated suite tickets, by suiteKey; a suite missing here has its seed ticket. */
	suiteTickets = new Map<string, SuiteTicket>();
	invocations: InvocationRecord[] = [];
	synced: SyncedEvent[] = [];
	stats = emptyCounters();
	requestLog: RequestLogEntry[] = [];
	/** Rate-limit windows, by `app\0api`. */
	windows = new Map<string, { second: number; count: number }>();
	prng = createPrng(DEFAULT_CONFIG.seed);
	/** The last number handed out by each deterministic id sequence (to-dos, messages, invocations ...). */
	private sequences = new Map<string, number>();

	/**
	 * `startDialect`: what the emulator was started with, and what reset() returns to; `orgs`: the
	 * organisations it serves (the seed's unless started with the bench connector), kept by reset().
	 */
	constructor(
		private readonly startDialect: DialectName = 'sdk',
		readonly orgs: readonly SeedOrg[] = SEED_ORGS,
	) {
		this.dialect = startDialect;
		this.config = configOf(startDialect);
	}

	/** A dialect's answer knobs over the current configuration (qpsLimit, latency, faults and seed stay). */
	useDialect(name: DialectName): void {
		this.config = { ...this.config, ...dialectConfig(name) };
		this.dialect = name;
	}

	/** The next number of a deterministic id sequence: 1, 2, 3 ... until reset. */
	next(sequence: string): number {
		const value = (this.sequences.get(sequence) ?? 0) + 1;
		this.sequences.set(sequence, value);
		return value;
	}

	pushLog(entry: RequestLogEntry): void {
		this.requestLog.push(entry);
		// Benchmarks send many requests: keep the most recent ones only.
		if (this.requestLog.length > LOG_LIMIT * 1.25) this.requestLog.splice(0, this.requestLog.length - LOG_LIMIT);
	}

	resetCounters(): void {
		this.stats = emptyCounters();
		this.requestLog = [];
	}

	// A test that starts an emulator in a dialect and resets between cases keeps that dialect.
	reset(): void {
		this.dialect = this.startDialect;
		this.config = configOf(this.startDialect);
		this.tokens.clear();
		this.corpTokens.clear();
		this.suiteTokens.clear();
		this.instances.clear();
		this.actionSchemas.clear();
		this.suiteTickets.clear();
		this.invocations = [];
		this.synced = [];
		this.windows.clear();
		this.prng = createPrng(this.config.seed);
		this.sequences.clear();
		this.resetCounters();
	}
}
