// Org B, a second organisation with its own corp app: five self-built connectors named "Org B · …"
// (2-4 actions each, one of them a rich echo), the official connectors every organisation sees, and
// no third-party ones. Org A's apps never see B's connectors, nor B's app A's.

import { defineAction, ok } from './actions';
import { buildConnector, ORG_A_CONNECTORS } from './connectors';
import { DEMO_CREDENTIALS, ORG_B_CORP_ID } from './credentials';
import { hexId } from './ids';
import { asset, SEED } from './orgA';
import { echoOutput, genericInput, genericRecordInput } from './schemas';
import type { JsonSchema, SeedAction, SeedConnector, SeedOrg, SeedTrigger } from './types';

// Each connector's short name and what it holds: its key, name and description follow one pattern.
const OWN_SPECS: Array<[name: string, holds: string]> = [
	['Helpdesk', 'tickets of the service desk'],
	['Inventory', 'stock and warehouses'],
	['Payroll', 'payslips and salary runs'],
	['Fleet', 'vehicles and drivers'],
	['Labs', 'an echo for tests that need to tell the organisations apart'],
];

const own: SeedConnector[] = OWN_SPECS.map(([name, holds]) =>
	buildConnector({ key: `orgb-${name.toLowerCase()}`, name: `Org B · ${name}`, description: `Org B: ${holds}` }, 'self_built', ORG_B_CORP_ID),
);

const echoInput: JsonSchema = {
	title: 'Org B · Echo',
	type: 'object',
	required: ['message'],
	properties: {
		message: { type: 'string', title: 'Message', description: 'Any text, e.g. hello from org B', minLength: 1 },
		count: { type: 'integer', title: 'Count', minimum: 0 },
	},
};

const echo = defineAction(own[4], 'orgBEcho', {
	name: 'Org B · Echo',
	description: 'Answers the input and the organisation the caller acts for',
	inputSchema: echoInput,
	outputSchema: {
		type: 'object',
		properties: { corpId: { type: 'string' }, echo: echoInput },
	},
	behaviour: 'orgEcho',
	run: (input, context) => ok({ corpId: context.corpId, echo: input }),
});

const GENERATED: Array<[string, string, JsonSchema]> = [
	['queryRecords', 'Org B · Query Records', genericInput],
	['createRecord', 'Org B · Create Record', genericRecordInput],
	['updateRecord', 'Org B · Update Record', genericRecordInput],
	['archiveRecord', 'Org B · Archive Record', genericRecordInput],
];

// Helpdesk 4, Inventory 3, Payroll 2, Fleet 3 generated actions; Labs: the echo and one generated action.
const GENERATED_COUNTS = [4, 3, 2, 3, 1];
const ownActions: SeedAction[] = own.flatMap((connector, index) => [
	...(connector === own[4] ? [echo] : []),
	...GENERATED.slice(0, GENERATED_COUNTS[index]).map(([key, name, schema]) =>
		defineAction(connector, key, { name, description: `${connector.name}: ${name}`, inputSchema: schema, outputSchema: echoOutput, behaviour: 'echo' }),
	),
]);

const official = ORG_A_CONNECTORS.filter((c) => c.type === 'official');
const officialIds = new Set(official.map((c) => c.id));

const triggers: SeedTrigger[] = [{ triggerId: `G-TRG-${hexId('trigger:orgbTicketClosed', 20)}`, connectorId: own[0].id, name: 'Org B · Ticket Closed' }];

/** Org B's view of the platform; `ownConnectors` and `ownActions` are the self-built ones. */
export const SEED_ORG_B: SeedOrg & { ownConnectors: readonly SeedConnector[]; ownActions: readonly SeedAction[] } = {
	corpId: ORG_B_CORP_ID,
	connectors: [...own, ...official],
	actions: [...ownActions, ...SEED.actions.filter((a) => officialIds.has(a.connectorId))],
	triggers,
	syncAppIds: [DEMO_CREDENTIALS.corpB.appKey],
	ownConnectors: own,
	ownActions,
};

/** Assets of org B, invocable by org B's corp app only. */
export const SEED_ASSETS_B = {
	/** Answers `{ corpId, echo: input }`: the org the caller acts for and its input. */
	echo: asset(echo),
	/** A generated action of the Helpdesk connector (echoes `{ actionId, echo }`). */
	queryRecords: asset(ownActions.find((a) => a.connectorId === own[0].id) as SeedAction),
};
