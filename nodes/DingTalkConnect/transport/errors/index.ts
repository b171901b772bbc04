export type { DingTalkFailure, FailureContext, FailureKind, FailureText, FullResponse } from './types';
export { classifyResponse, headerValue, kindOfCode, parseBody, type ClassifiedResponse } from './classify';
export { classifyNetworkError } from './network';
export { describeFailure, tokenFailureText } from './texts';
export { redactSecrets } from './redact';
export { addAuthorityUrl, buildNodeApiError, getDingTalkErrorCode, getFailureKind } from './build';
