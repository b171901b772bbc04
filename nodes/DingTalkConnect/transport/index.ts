// The only code that talks to DingTalk: operations, caches and dropdowns call these.
export { dingTalkApiRequest, type DingTalkRequest } from './request';
export { dingTalkApiRequestAllItems, dingTalkApiRequestPage, type DingTalkPage } from './paging';
export { readAppScope, type AppScope, type AppTarget, type DingTalkContext } from './appScope';
export type { CallKind } from './retry';
export type { DingTalkFailure, FailureKind } from './errors';
export { DEFAULT_RETRY_POLICY, getRetryPolicy, resetRetryPolicy, setRetryPolicy } from './retry';
export { addAuthorityUrl, getDingTalkErrorCode, getFailureKind } from './errors';
export { checkBaseUrl } from './baseUrl';
export * from './constants';
export { keepPushedSuiteTicket } from './pushedTicket';
