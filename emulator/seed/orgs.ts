// Every organisation of the emulator, and the look-up of one by its corpId.

import { SEED } from './orgA';
import { SEED_ORG_B } from './orgB';
import type { SeedOrg } from './types';

export const SEED_ORGS: readonly SeedOrg[] = [SEED, SEED_ORG_B];

export function orgOf(corpId: string): SeedOrg | undefined {
	return SEED_ORGS.find((org) => org.corpId === corpId);
}

/** An action of any organisation, by its asset URI (for the control routes). */
export function anyActionOf(connectAssetUri: string) {
	for (const org of SEED_ORGS) {
		const action = org.actions.find((a) => a.connectAssetUri === connectAssetUri);
		if (action) return action;
	}
	return undefined;
}
