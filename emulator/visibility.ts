// Which connectors and actions a caller sees and may use, and the consent link for those it may not.
// A caller sees its own organisation's catalogue only: an asset of another organisation is unknown
// to it (4004), exactly like an asset that does not exist.

import { orgOf, type SeedAction, type SeedConnector, type SeedOrg } from './seed';
import type { Caller, EmulatorState } from './state';

const NO_ORG: SeedOrg = { corpId: '', connectors: [], actions: [], triggers: [], syncAppIds: [] };

/** The caller's organisation (an unknown one has an empty catalogue: fail closed). */
export function orgOfCaller(state: EmulatorState, caller: Caller): SeedOrg {
	return orgOf(caller.corpId, state.orgs) ?? NO_ORG;
}

/** Inside the caller's catalogue, and for a suite inside its approved scope. */
export function visibleConnector(state: EmulatorState, caller: Caller, connector: SeedConnector): boolean {
	return orgOfCaller(state, caller).connectors.includes(connector) && (caller.mode === 'corp' || connector.inSuiteScope);
}

/** The caller's connector with this id, if it sees it. */
export function findVisibleConnector(state: EmulatorState, caller: Caller, connectorId: unknown): SeedConnector | undefined {
	const connector = orgOfCaller(state, caller).connectors.find((c) => c.id === connectorId);
	return connector && visibleConnector(state, caller, connector) ? connector : undefined;
}

export function findVisibleAction(state: EmulatorState, caller: Caller, connectAssetUri: string): SeedAction | undefined {
	const org = orgOfCaller(state, caller);
	const action = org.actions.find((a) => a.connectAssetUri === connectAssetUri);
	if (!action) return undefined;
	return findVisibleConnector(state, caller, action.connectorId) ? action : undefined;
}

export function authorized(caller: Caller, action: SeedAction): boolean {
	return caller.mode === 'corp' || action.authorizedForSuite;
}

/** The link an administrator opens to consent to the calling suite using the action. */
export function authorityUrl(caller: Caller, action: SeedAction): string {
	const consent = `https://open-dev.dingtalk.com/connect/authorize?suiteKey=${caller.suiteKey ?? ''}&connectAssetUri=${encodeURIComponent(action.connectAssetUri)}`;
	return `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(consent)}`;
}
