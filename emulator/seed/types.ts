// Types of the emulator's seed data: organisations, connectors, actions, triggers and users.

export type ConnectorType = 'self_built' | 'third_party' | 'official';
export type IntegrationType = 'basic' | 'integration_endpoint';

export type JsonSchema = Record<string, unknown>;

/** Names what an action does when invoked (its `run` does it). */
export type ActionBehaviour =
	| 'createTodo'
	| 'addNumbers'
	| 'lookupUser'
	| 'sendWorkNotice'
	| 'echoForm'
	| 'ping'
	| 'alwaysFails'
	| 'approvalFlow'
	| 'echo'
	| 'orgEcho';

/** What an invoked action may use besides its input. */
export interface ActionContext {
	/** The id of the invoked action. */
	actionId: string;
	/** The organisation the caller acts for. */
	corpId: string;
	/** The next number of a deterministic id sequence of this emulator (restarts on reset). */
	next(sequence: string): number;
}

/** An action's result: its output, or the connector's failure (no effect happened). */
export type ActionOutcome = { output: unknown } | { failure: { errorCode: string; errorMessage: string; cost: number } };

export type ActionRun = (input: Record<string, unknown>, context: ActionContext) => ActionOutcome;

export interface SeedConnector {
	id: string;
	name: string;
	description: string;
	icon: string;
	providerCorpId: string;
	type: ConnectorType;
	/** Inside the demo suites' approved scope (self_built connectors are always visible to them). */
	inSuiteScope: boolean;
}

export interface SeedAction {
	id: string;
	connectorId: string;
	name: string;
	description: string;
	icon: string;
	providerCorpId: string;
	integrationType: IntegrationType;
	connectAssetUri: string;
	inputSchema: JsonSchema;
	outputSchema: JsonSchema;
	behaviour: ActionBehaviour;
	/** What the action does when invoked, after its input passed the input schema. */
	run: ActionRun;
	/** Whether the org authorised the demo suites for this action (the corp app is always authorised). */
	authorizedForSuite: boolean;
	versionId: string;
}

export interface SeedTrigger {
	triggerId: string;
	connectorId: string;
	name: string;
}

export interface SeedUser {
	userId: string;
	name: string;
	mobile: string;
	title: string;
	deptIds: number[];
	email: string;
}

export interface SeedAsset {
	connectorId: string;
	connectorProviderCorpId: string;
	actionId: string;
	connectAssetUri: string;
}

/** One organisation's view of the Connect platform. */
export interface SeedOrg {
	corpId: string;
	/** Every connector the org sees: its own self-built ones and the official and third-party ones it has. */
	connectors: readonly SeedConnector[];
	/** The actions of those connectors. */
	actions: readonly SeedAction[];
	triggers: readonly SeedTrigger[];
	/** appIds that SyncData accepts for this org. */
	syncAppIds: readonly string[];
}
