// Seed data of the emulator: two organisations, their apps, connectors and actions. Everything is
// deterministic so that tests can refer to ids.

export * from './types';
export { assetUri } from './ids';
export { ALWAYS_FAILS_ERROR_CODE } from './constants';
export {
	CORP_APPS,
	DEMO_CORP_ID,
	DEMO_CREDENTIALS,
	OFFICIAL_PROVIDER_CORP_ID,
	ORG_B_CORP_ID,
	SUITE_APPS,
	SYNC_APP_IDS,
	type CorpApp,
	type SuiteApp,
} from './credentials';
export { DEMO_APP_NAMES, DEMO_EVENT_SETTINGS, DEMO_SUITE_OWNER_CORP_ID, type DemoAppName, type EventSettings } from './eventSettings';
export { SEED_USERS } from './users';
export { SEED, SEED_ASSETS } from './orgA';
export { SEED_ASSETS_B, SEED_ORG_B } from './orgB';
export { BENCH_CONNECTOR } from './benchConnector';
export { SEED_ORGS, anyActionOf, orgOf, seedOrgs } from './orgs';
