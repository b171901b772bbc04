// The demo organisations and the apps that act for them. Demo values, not secrets: they are printed
// for a person to paste into n8n's credential form.

/** The demo organisation (org A): owner of the corp app, authorising org of both suites. */
export const DEMO_CORP_ID = 'ding5f2c1a7e9b3d4c60';
/** The second organisation (org B), with its own corp app and self-built connectors. */
export const ORG_B_CORP_ID = 'dingorgb3e7a91c5d2f8';
/** DingTalk itself, provider of the official connectors. */
export const OFFICIAL_PROVIDER_CORP_ID = 'ding0c6e3b1f5a2d8e47';

export const DEMO_CREDENTIALS = {
	corp: { appKey: 'dingdemo7k2m9xq4wzr1', appSecret: 'demo-corp-secret-Qm3v8Lr2Tn6Yp1Zs' },
	suite: {
		suiteKey: 'suitedemo4h8c2nvf6ka',
		suiteSecret: 'demo-suite-secret-Hx5Rb9Wd2Jk7Mc4E',
		authCorpId: DEMO_CORP_ID,
		suiteTicket: 'demo-suite-ticket-20240601',
	},
	unauthorisedCorpId: 'ding9a8b7c6d5e4f3a21',
	/** Org B's enterprise internal app. */
	corpB: { appKey: 'dingorgb5t8w2e6r9y3u', appSecret: 'demo-orgb-secret-Lp4Ks7Jd1Hf9Gg2Q' },
	/** A second third-party app, also authorised by org A, with the same approved scope as `suite`. */
	suiteB: {
		suiteKey: 'suitedemob7n3m5q1zx9',
		suiteSecret: 'demo-suiteb-secret-Vc6Xz2Nb8Mq4Wt1R',
		authCorpId: DEMO_CORP_ID,
		suiteTicket: 'demo-suiteb-ticket-20240601',
	},
};

/** appIds that SyncData accepts for org A (its connector-provider app), besides the corp appKey. */
export const SYNC_APP_IDS: readonly string[] = ['1987654', DEMO_CREDENTIALS.corp.appKey];

/** An enterprise internal app and the organisation it belongs to. */
export interface CorpApp {
	appKey: string;
	appSecret: string;
	corpId: string;
}

/** A third-party app, with its seed ticket and the organisations that authorised it. */
export interface SuiteApp {
	suiteKey: string;
	suiteSecret: string;
	suiteTicket: string;
	authCorpIds: readonly string[];
}

export const CORP_APPS: readonly CorpApp[] = [
	{ ...DEMO_CREDENTIALS.corp, corpId: DEMO_CORP_ID },
	{ ...DEMO_CREDENTIALS.corpB, corpId: ORG_B_CORP_ID },
];

export const SUITE_APPS: readonly SuiteApp[] = [DEMO_CREDENTIALS.suite, DEMO_CREDENTIALS.suiteB].map(
	({ suiteKey, suiteSecret, suiteTicket, authCorpId }) => ({ suiteKey, suiteSecret, suiteTicket, authCorpIds: [authCorpId] }),
);
