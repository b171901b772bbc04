// Every organisation of the emulator, and the look-up of one by its corpId.

import { withBenchConnector } from './benchConnector';
import { SEED } from './orgA';
import { SEED_ORG_B } from './orgB';
import type { SeedOrg } from './types';

export const SEED_ORGS: readonly SeedOrg[] = [SEED, SEED_ORG_B];

/** The organisations an emulator serves: the seed's, org A with the bench connector when `benchActions` > 0. */
export function seedOrgs(benchActions = 0): readonly SeedOrg[] {
	return benchActions > 0 ? [withBenchConnector(SEED, benchActions), SEED_ORG_B] : SEED_ORGS;
}

export function orgOf(corpId: string, orgs: readonly SeedOrg[] = SEED_ORGS): SeedOrg | undefined {
	return orgs.find((org) => org.corpId === corpId);
}

/** An action of any organisation, by its asset URI (for the control routes). */
export function anyActionOf(connectAssetUri: string, orgs: readonly SeedOrg[] = SEED_ORGS) {
	for (const org of orgs) {
		const action = org.actions.find((a) => a.connectAssetUri === connectAssetUri);
		if (action) return action;
	}
	return undefined;
}
