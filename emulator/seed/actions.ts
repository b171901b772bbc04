// Defining an action of a connector: its deterministic id and asset URI, and what it does when invoked.

import { assetUri, hexId } from './ids';
import type { ActionOutcome, ActionRun, SeedAction, SeedConnector } from './types';

export function ok(output: unknown): ActionOutcome {
	return { output };
}

/** What a generated action does: answers its own id and the input unchanged. */
export const echoRun: ActionRun = (input, context) => ok({ actionId: context.actionId, echo: input });

export type ActionFields = Pick<SeedAction, 'name' | 'description' | 'inputSchema' | 'outputSchema' | 'behaviour'> &
	Partial<Pick<SeedAction, 'integrationType' | 'authorizedForSuite' | 'run'>>;

export function defineAction(connector: SeedConnector, key: string, fields: ActionFields): SeedAction {
	const id = `G-ACT-${hexId(`action:${connector.id}:${key}`, 20)}`;
	return {
		id,
		connectorId: connector.id,
		icon: connector.icon,
		providerCorpId: connector.providerCorpId,
		connectAssetUri: assetUri(connector.providerCorpId, id),
		integrationType: 'basic',
		authorizedForSuite: true,
		versionId: `v${1 + (id.charCodeAt(7) % 5)}`,
		run: echoRun,
		...fields,
	};
}
