// Each demo app's event settings, as the developer console shows them: the callback Token, the
// 43-character EncodingAESKey, and the key that closes every plaintext (appKey for an enterprise
// internal app, suiteKey for a third-party app). Demo values, not secrets: a test puts the same ones
// into the node's credential and the emulator's pushes.
import { DEMO_CREDENTIALS } from './credentials';

export type DemoAppName = 'corp' | 'corpB' | 'suite' | 'suiteB';

export const DEMO_APP_NAMES: readonly DemoAppName[] = ['corp', 'corpB', 'suite', 'suiteB'];

export interface EventSettings {
	/** The console's callback Token (签名 token). */
	token: string;
	/** The console's EncodingAESKey: 43 characters of [A-Za-z0-9]. */
	aesKey: string;
	/** The closing key of every plaintext: the appKey or the suiteKey. */
	ownerKey: string;
	/** The Stream clientId: the same appKey or suiteKey. */
	clientId: string;
	/** A third-party app's numeric suiteId, the `biz_id` of its SyncHTTP suite-ticket pushes. */
	suiteId?: string;
}

/** The organisation that owns both demo suites (the `corp_id` of a SyncHTTP suite-ticket item). */
export const DEMO_SUITE_OWNER_CORP_ID = 'dingisv2d7f4b9e1c6a30';

export const DEMO_EVENT_SETTINGS: Record<DemoAppName, EventSettings> = {
	corp: {
		token: 'demo-event-token-corp-7Hq2',
		aesKey: '3qUdCSWSN3k2o3wfbXSQv5UWq3Bva9eB1V5GfQjRoBY',
		ownerKey: DEMO_CREDENTIALS.corp.appKey,
		clientId: DEMO_CREDENTIALS.corp.appKey,
	},
	corpB: {
		token: 'demo-event-token-orgb-4Kx8',
		aesKey: '9M0I0YDunYoLfwTsD0Tgg5mGij6bkO910PHpGHk98pS',
		ownerKey: DEMO_CREDENTIALS.corpB.appKey,
		clientId: DEMO_CREDENTIALS.corpB.appKey,
	},
	suite: {
		token: 'demo-event-token-suite-2Wd5',
		aesKey: 'ZgkphpRfXKDHdlo5A5x8jdbJqTk332bIdMpkevB45VB',
		ownerKey: DEMO_CREDENTIALS.suite.suiteKey,
		clientId: DEMO_CREDENTIALS.suite.suiteKey,
		suiteId: '27001',
	},
	suiteB: {
		token: 'demo-event-token-suiteb-9Pn3',
		aesKey: 'tj9oYVPlTkinpczZ3480RgATnYW1y91kwEXxZuBuhT3',
		ownerKey: DEMO_CREDENTIALS.suiteB.suiteKey,
		clientId: DEMO_CREDENTIALS.suiteB.suiteKey,
		suiteId: '27002',
	},
};
