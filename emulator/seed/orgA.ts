// Org A, the demo organisation: 62 connectors, the rich actions, generated actions that echo their
// input (one connector has more than a page of them), and three triggers.

import { defineAction } from './actions';
import { connectorByKey, ORG_A_CONNECTOR_KEYS, ORG_A_CONNECTORS } from './connectors';
import { DEMO_CORP_ID, SYNC_APP_IDS } from './credentials';
import { hexId } from './ids';
import { alwaysFails, addNumbers, createTodo, echoForm, emptySchema, integrationFlow, lookupUser, RICH_ACTIONS, sendWorkNotice } from './richActions';
import { echoOutput, genericInput, genericRecordInput } from './schemas';
import type { JsonSchema, SeedAction, SeedAsset, SeedConnector, SeedTrigger } from './types';
import { SEED_USERS } from './users';

const actions: SeedAction[] = [...RICH_ACTIONS];

const bulkConnector = connectorByKey('bulk');
for (let i = 1; i <= 56; i++) {
	const n = String(i).padStart(2, '0');
	actions.push(
		defineAction(bulkConnector, `bulk${n}`, {
			name: i % 2 ? `批量操作 ${n} Bulk Operation ${n}` : `Bulk Operation ${n}`,
			description: `Generated batch operation #${n}; echoes its input`,
			inputSchema: i % 3 === 0 ? genericRecordInput : genericInput,
			outputSchema: echoOutput,
			behaviour: 'echo',
		}),
	);
}

const GENERATED_ACTIONS: Array<[string, string, JsonSchema]> = [
	['queryRecords', '查询记录 Query Records', genericInput],
	['createRecord', '创建记录 Create Record', genericRecordInput],
	['updateRecord', 'Update Record', genericRecordInput],
];

const RICH_KEYS = new Set(['todo', 'calculator', 'directory', 'worknotice', 'forms', 'bulk']);
let unauthorisedForSuite: SeedAction | undefined;
for (const [index, connector] of ORG_A_CONNECTORS.entries()) {
	if (RICH_KEYS.has(ORG_A_CONNECTOR_KEYS[index])) continue;
	const count = connector.type === 'official' ? 2 : 3;
	for (const [actionKey, name, schema] of GENERATED_ACTIONS.slice(0, count)) {
		// The org has not yet consented to the suites using the write actions of some in-scope connectors.
		const authorizedForSuite = !(connector.type === 'third_party' && connector.inSuiteScope && actionKey === 'createRecord');
		const action = defineAction(connector, actionKey, {
			name,
			description: `${connector.name}: ${name}`,
			inputSchema: schema,
			outputSchema: echoOutput,
			behaviour: 'echo',
			authorizedForSuite,
		});
		actions.push(action);
		if (!authorizedForSuite && !unauthorisedForSuite) unauthorisedForSuite = action;
	}
}
const outsideSuiteScopeConnector = ORG_A_CONNECTORS.find((c) => !c.inSuiteScope) as SeedConnector;
const outsideSuiteScope = actions.find((a) => a.connectorId === outsideSuiteScopeConnector.id) as SeedAction;
const officialInScope = actions.find(
	(a) => ORG_A_CONNECTORS.find((c) => c.id === a.connectorId)?.type === 'official' && a.authorizedForSuite,
) as SeedAction;

const triggers: SeedTrigger[] = [
	{ triggerId: `G-TRG-${hexId('trigger:todoDone', 20)}`, connectorId: connectorByKey('todo').id, name: '待办完成 To-do Done' },
	{ triggerId: `G-TRG-${hexId('trigger:employeeJoined', 20)}`, connectorId: connectorByKey('hr').id, name: '员工入职 Employee Joined' },
	{ triggerId: `G-TRG-${hexId('trigger:orderPaid', 20)}`, connectorId: connectorByKey('erp').id, name: 'Order Paid' },
];

export function asset(action: SeedAction): SeedAsset {
	return {
		connectorId: action.connectorId,
		connectorProviderCorpId: action.providerCorpId,
		actionId: action.id,
		connectAssetUri: action.connectAssetUri,
	};
}

/** Org A's view of the platform. */
export const SEED = {
	corpId: DEMO_CORP_ID,
	connectors: ORG_A_CONNECTORS,
	actions: actions as readonly SeedAction[],
	triggers: triggers as readonly SeedTrigger[],
	users: SEED_USERS,
	syncAppIds: SYNC_APP_IDS,
	/** The connector whose action list pages (more than 50 basic actions). */
	bulkConnectorId: bulkConnector.id,
};

export const SEED_ASSETS = {
	createTodo: asset(createTodo),
	addNumbers: asset(addNumbers),
	lookupUser: asset(lookupUser),
	sendWorkNotice: asset(sendWorkNotice),
	echoForm: asset(echoForm),
	emptySchema: asset(emptySchema),
	alwaysFails: asset(alwaysFails),
	unauthorisedForSuite: asset(unauthorisedForSuite as SeedAction),
	integrationFlow: asset(integrationFlow),
	/** A third_party action outside the suite's approved scope: unknown (4004) to the suite. */
	outsideSuiteScope: asset(outsideSuiteScope),
	/** An official action inside the suite's scope and authorised. */
	officialInScope: asset(officialInScope),
};
