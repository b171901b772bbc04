// Which connectors and actions a caller sees and may use, and the consent link for those it may not.

import { DEMO_CREDENTIALS, SEED, type SeedAction, type SeedConnector } from './seed';
import type { Caller } from './state';

export function visibleConnector(caller: Caller, connector: SeedConnector): boolean {
	return caller.mode === 'corp' || connector.inSuiteScope;
}

export function findVisibleAction(caller: Caller, connectAssetUri: string): SeedAction | undefined {
	const action = SEED.actions.find((a) => a.connectAssetUri === connectAssetUri);
	if (!action) return undefined;
	const connector = SEED.connectors.find((c) => c.id === action.connectorId) as SeedConnector;
	return visibleConnector(caller, connector) ? action : undefined;
}

export function authorized(caller: Caller, action: SeedAction): boolean {
	return caller.mode === 'corp' || action.authorizedForSuite;
}

export function authorityUrl(action: SeedAction): string {
	const consent = `https://open-dev.dingtalk.com/connect/authorize?suiteKey=${DEMO_CREDENTIALS.suite.suiteKey}&connectAssetUri=${encodeURIComponent(action.connectAssetUri)}`;
	return `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(consent)}`;
}
