// A fresh process (every `n8n execute`, each queue-mode worker) has never listed the connector's
// actions, which alone carry the authorisation link: the node must look it up when DingTalk says 4003.
import { SEED_ASSETS } from '../../../../emulator';
import { byId, invokeJson, useTestbed } from './testbed';

const bed = useTestbed();

const unauthorised = SEED_ASSETS.unauthorisedForSuite;
const input = '{"record": {"title": "Q3 budget"}}';

it('still names the problem when no connector is given to look the link up', async () => {
	const result = await bed.run('suite', invokeJson(unauthorised.connectAssetUri, input), { workflowId: 'wf-4003-uri' });

	const error = result.error as Error & { description?: string };
	expect(`${error.message} ${error.description}`).toMatch(/authoris/i);
	expect(error.description).not.toMatch(/Open this link/);
	expect(bed.emulator.counters().executed.invokeInstance).toBe(0);
});

it('shows the authorisation link of an unauthorised action in a process that never listed it', async () => {
	const parameters = { ...invokeJson(unauthorised.connectAssetUri, input), connector: byId(unauthorised.connectorId) };
	const result = await bed.run('suite', parameters, { workflowId: 'wf-4003-fresh' });

	const error = result.error as Error & { description?: string };
	expect(error.description).toMatch(/^Open this link in the DingTalk client as an administrator to authorise: dingtalk:\/\//);
	expect(bed.emulator.counters().executed.invokeInstance).toBe(0);
});
