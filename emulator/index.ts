// Public entry of the DingTalk Connect emulator (tests, benchmarks, `npm start`, end-to-end runs).
export { startEmulator } from './server';
export {
	API_NAMES,
	DEFAULT_CONFIG,
	FAULT_KINDS,
	TOKEN_APIS,
	type ApiName,
	type EmulatorConfig,
	type EmulatorCounters,
	type FaultKind,
	type FaultRule,
	type InstanceRecord,
	type InvocationRecord,
	type RequestLogEntry,
	type RunningEmulator,
	type SyncedEvent,
} from './types';
export {
	ALWAYS_FAILS_ERROR_CODE,
	DEMO_CORP_ID,
	DEMO_CREDENTIALS,
	OFFICIAL_PROVIDER_CORP_ID,
	SEED,
	SEED_ASSETS,
	SEED_USERS,
	SYNC_APP_IDS,
	assetUri,
	type ActionBehaviour,
	type ConnectorType,
	type IntegrationType,
	type JsonSchema,
	type SeedAction,
	type SeedAsset,
	type SeedConnector,
	type SeedTrigger,
	type SeedUser,
} from './seed';
export { validateAgainstSchema } from './schemaValidation';
