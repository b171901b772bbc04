// Public types of the DingTalk Connect emulator. Other engineers code against these names: keep them.

import type { DialectName } from './dialectNames';
import type { EmulatorEvents } from './eventTypes';

export type ApiName =
	| 'accessToken'
	| 'corpAccessToken'
	| 'searchConnectors'
	| 'searchActions'
	| 'getActionDetail'
	| 'createInstance'
	| 'invokeInstance'
	| 'syncData'
	| 'deleteInstance'
	| 'openStreamConnection';

export const API_NAMES: readonly ApiName[] = [
	'accessToken',
	'corpAccessToken',
	'searchConnectors',
	'searchActions',
	'getActionDetail',
	'createInstance',
	'invokeInstance',
	'syncData',
	'deleteInstance',
	'openStreamConnection',
];

export const TOKEN_APIS: readonly ApiName[] = ['accessToken', 'corpAccessToken'];

/** APIs called without a token: the two token endpoints and the Stream gateway's connection-open call. */
export const TOKENLESS_APIS: readonly ApiName[] = [...TOKEN_APIS, 'openStreamConnection'];

export type FaultKind =
	| 'serverError'
	| 'dropBeforeRead'
	| 'dropAfterRead'
	| 'slow'
	| 'ipBan'
	| 'nonJson'
	| 'throttle'
	| 'throttleGlobal'
	| 'quotaExhausted'
	| 'permissionDenied'
	| 'ipNotInWhiteList'
	| 'invalidAuthentication'
	| 'badOutputJson'
	| 'connectorError'
	| 'connect4001'
	| 'connect4003'
	| 'connect4004';

export const FAULT_KINDS: readonly FaultKind[] = [
	'serverError',
	'dropBeforeRead',
	'dropAfterRead',
	'slow',
	'ipBan',
	'nonJson',
	'throttle',
	'throttleGlobal',
	'quotaExhausted',
	'permissionDenied',
	'ipNotInWhiteList',
	'invalidAuthentication',
	'badOutputJson',
	'connectorError',
	'connect4001',
	'connect4003',
	'connect4004',
];

export interface FaultRule {
	kind: FaultKind;
	/** Default: every API except the token-less ones, `TOKENLESS_APIS` ('badOutputJson'/'connectorError': invoke only). */
	apis?: ApiName[];
	/** Apply to the next `count` matching requests, then the rule is spent. */
	count?: number;
	/** Or apply to this share (0..1) of matching requests, decided by a seeded PRNG. Neither: every request. */
	rate?: number;
	delayMs?: number;
	status?: number;
	errorCode?: string;
}

/** What CreateInvocableInstance answers for an existing instance: 200 again, or an error body (no code: message and requestid only). */
export type SecondCreation = 'succeed' | { status: number; code?: string };

/** How a list's nextToken looks: base64 of the offset, the offset as a JSON number, or as a decimal string. */
export type PageTokenStyle = 'opaque' | 'number' | 'numericString';

export interface EmulatorConfig {
	qpsLimit: number;
	tokenLifetimeSeconds: number;
	latencyMs: Partial<Record<ApiName, number>>;
	expiredTokenStatus: 400 | 401;
	connectErrorCarrier: 'body' | 'errorCode';
	secondCreation: SecondCreation;
	/** HTTP status of a missing asset or instance when `connectErrorCarrier` is 'body'. */
	notFoundStatus: number;
	/** Its code in the error body ('errorCode' carrier: always '4004'). */
	notFoundCode: string;
	/** DELETE of an instance that does not exist: the not-found answer, or 200 `{success: true}`. */
	deleteMissing: 'notFound' | 'succeed';
	/** Key spelling of every API error body: `code`/`message`/`requestid` or `Code`/`Message`/`RequestId`. */
	errorKeys: 'lower' | 'capitalised';
	pageTokens: PageTokenStyle;
	/** The last page's nextToken: '' or no key at all. */
	lastPageToken: 'empty' | 'absent';
	/** Whether list answers carry `hasMore` (false: the client must rely on nextToken). */
	hasMoreField: boolean;
	/** Whether action list items carry `authorized` (`authorityUrl` is there either way). */
	authorizedField: boolean;
	/** 'sdk': a string for connectors and a number for actions, as the SDK models say. */
	totalCount: 'sdk' | 'number' | 'string';
	faults: FaultRule[];
	seed: number;
	/** Whether a suite token stays valid after a newer one was fetched for the same authCorpId (unknown in reality). */
	suiteKeepsPreviousToken: boolean;
	/** Whether a suite's previous ticket still gets a token after `rotateSuiteTicket` (unknown in reality). */
	previousSuiteTicketValid: boolean;
	/** Whether the Stream gateway sends its health-check ping on every connection (at `pingIntervalMs`), or only when asked. */
	streamPing: 'periodic' | 'none';
}

export interface RequestLogEntry {
	at: number;
	api: ApiName | 'unknown';
	method: string;
	path: string;
	status: number;
	token?: string;
	/** The app behind the call: the corp app's appKey, or `suiteKey:authCorpId` for a suite. */
	app?: string;
	/** The organisation the app acts for. */
	corpId?: string;
	body?: unknown;
	fault?: FaultKind;
	executed: boolean;
	requestId: string;
}

export interface EmulatorCounters {
	requests: Record<ApiName, number>;
	executed: Record<ApiName, number>;
	throttled: number;
	tokensIssued: number;
	byToken: Record<string, number>;
	byApp: Record<string, Partial<Record<ApiName, number>>>;
}

export interface InstanceRecord {
	connectAssetUri: string;
	instanceKey: string;
	/** The app that created it. */
	app: string;
	/** The organisation it belongs to (every app acting for that org may use it). */
	corpId: string;
}

/** Which instances `deleteInstances` removes; an absent field matches every instance. */
export interface InstanceFilter {
	connectAssetUri?: string;
	instanceKey?: string;
	corpId?: string;
}

/** A replacement of an action's schemas while the emulator runs; an absent one stays as it is. */
export interface ActionSchemaPatch {
	inputSchema?: Record<string, unknown>;
	outputSchema?: Record<string, unknown>;
}

export interface InvocationRecord {
	connectAssetUri: string;
	instanceKey: string;
	input: unknown;
	output: unknown;
	instanceId: string;
	/** The app that invoked it. */
	app: string;
	/** The organisation the instance belongs to. */
	corpId: string;
}

export interface SyncedEvent {
	appId: string;
	app: string;
	triggerId: string;
	customTriggerId?: string;
	bizPrimaryKey: string;
	action: 'add' | 'update' | 'delete';
	data: unknown;
	dataGmtCreate?: number;
	dataGmtModified?: number;
}

export interface RunningEmulator {
	url: string;
	port: number;
	config: EmulatorConfig;
	configure(patch: Partial<EmulatorConfig>): void;
	/** The dialect last applied ('sdk' unless one was chosen); `configure` of a single knob does not change it. */
	readonly dialect: DialectName;
	/** Applies a dialect's answer knobs over the current configuration (see dialects.ts). */
	useDialect(name: string): void;
	addFault(rule: FaultRule): void;
	clearFaults(): void;
	expireAllTokens(): void;
	deleteInstances(filter?: InstanceFilter): number;
	counters(): EmulatorCounters;
	log(): RequestLogEntry[];
	instances(): InstanceRecord[];
	invocations(): InvocationRecord[];
	syncedEvents(): SyncedEvent[];
	resetCounters(): void;
	/** Back to the seed and DEFAULT_CONFIG with the dialect the emulator was started with. */
	reset(): void;
	/** Replaces an action's input (and/or output) schema for every caller until reset; GetActionDetail and invoke use it at once. */
	setActionSchema(connectAssetUri: string, patch: ActionSchemaPatch): void;
	/** Gives the suite (default: DEMO_CREDENTIALS.suite) a new ticket and returns it; see `previousSuiteTicketValid`. */
	rotateSuiteTicket(suiteKey?: string): string;
	/** DingTalk's event delivery: the Stream gateway (on this server) and HTTP callback pushes. */
	events: EmulatorEvents;
	stop(): Promise<void>;
}

export const DEFAULT_CONFIG: EmulatorConfig = {
	qpsLimit: 20,
	tokenLifetimeSeconds: 7200,
	latencyMs: {},
	expiredTokenStatus: 400,
	connectErrorCarrier: 'body',
	secondCreation: 'succeed',
	notFoundStatus: 404,
	notFoundCode: '4004',
	deleteMissing: 'notFound',
	errorKeys: 'lower',
	pageTokens: 'opaque',
	lastPageToken: 'empty',
	hasMoreField: true,
	authorizedField: true,
	totalCount: 'sdk',
	faults: [],
	seed: 1,
	suiteKeepsPreviousToken: true,
	previousSuiteTicketValid: true,
	streamPing: 'periodic',
};
