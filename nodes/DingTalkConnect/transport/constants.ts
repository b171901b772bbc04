/** Defaults that more than one file needs; each is defined here only. */

export const CREDENTIAL_TYPE = 'dingTalkConnectApi';

export const DEFAULT_BASE_URL = 'https://api.dingtalk.com';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Invoke waits on the third-party system behind the connector, so it gets longer. */
export const DEFAULT_INVOKE_TIMEOUT_MS = 60_000;

/** DingTalk's largest page for connectors and actions. */
export const MAX_PAGE_SIZE = 50;

/** SearchActions' default integration type: plain actions, not integration flows. */
export const DEFAULT_INTEGRATION_TYPES: readonly string[] = ['basic'];
