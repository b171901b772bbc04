// The dialects' names, apart from their knobs: types.ts names the running one, dialects.ts sets its config.

export type DialectName = 'sdk' | 'gateway' | 'errorCode' | 'status400';

export const DIALECT_NAMES: readonly DialectName[] = ['sdk', 'gateway', 'errorCode', 'status400'];
