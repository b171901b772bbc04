// The DingTalk Connect node's API calls: its operations, caches and dropdowns go through these, and the
// triggers hand pushed suite tickets to keepPushedSuiteTicket. Not everything that talks to DingTalk
// comes through here: the credential fetches tokens with token.ts (preAuthentication) and tests with its
// own request, and the Stream trigger opens its gateway connection itself
// (DingTalkConnectStreamTrigger/stream/openConnection.ts). The credential and the triggers also import
// baseUrl.ts, appScope.ts and constants.ts directly. What the process keeps between calls is listed in
// nodes/processMemory/processMemory.ts.
export { dingTalkApiRequest, type DingTalkRequest } from './request';
export { dingTalkApiRequestAllItems } from './paging';
export { readAppScope, type AppScope, type AppTarget, type DingTalkContext } from './appScope';
export type { CallKind } from './retry';
export type { DingTalkFailure, FailureKind } from './errors';
export { addAuthorityUrl, getDingTalkErrorCode, getFailureKind } from './errors';
export { checkBaseUrl } from './baseUrl';
export * from './constants';
export { keepPushedSuiteTicket } from './pushedTicket';
