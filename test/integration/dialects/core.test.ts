// The node's core cases against every dialect of the emulator: each plays one plausible set of answers
// to what DingTalk does not document (a second creation, a missing instance, error keys, an expired
// token's status, page tokens, list fields). Whatever DingTalk answers, every case must hold.
import { DIALECT_NAMES, SEED, SEED_ASSETS } from '../../../emulator';
import { resetProcessMemory } from '../../harness/processMemory';
import { MODES, actionInputFields, byId, byUri, credentialData, invokeFields, invokeJson, outputJson, useTestbed, type Mode } from '../nodes/DingTalkConnect/testbed';

const ADD = SEED_ASSETS.addNumbers.connectAssetUri;
const rows = [{ json: { a: 1, b: 2 } }, { json: { a: 3, b: 4 } }, { json: { a: 5, b: 6 } }];
const addFromRow = invokeJson(ADD, '={{ JSON.stringify({ a: $json.a, b: $json.b }) }}');
const sums = [3, 7, 11];

const bulkActions = SEED.actions.filter((action) => action.connectorId === SEED.bulkConnectorId && action.integrationType === 'basic');
const visibleConnectors = (mode: Mode) =>
	SEED.connectors.filter((connector) => mode === 'corp' || connector.type === 'self_built' || connector.inSuiteScope);

describe.each(DIALECT_NAMES)('dialect %s', (dialect) => {
	const bed = useTestbed({ dialect, resetCounters: true });
	let workflowNumber = 0;
	const newWorkflow = () => `wf-${dialect}-${++workflowNumber}`;
	const invokeLog = () => bed.emulator.log().filter((entry) => entry.api === 'invokeInstance');

	it('plays the dialect it was started with', () => {
		expect(bed.emulator.dialect).toBe(dialect);
	});

	describe.each(MODES)('%s app', (mode) => {
		const credentials = { dingTalkConnectApi: mode };

		it('lists every connector in the dropdown and pages a connector with more than 50 actions to the end', async () => {
			const connectors = await bed.harness.listSearch({ nodeType: 'dingTalkConnect', method: 'searchConnectors', parameters: {}, credentials });
			expect(connectors.results.map((result) => result.value).sort()).toEqual(visibleConnectors(mode).map((connector) => connector.id).sort());

			const actions = await bed.harness.listSearch({
				nodeType: 'dingTalkConnect',
				method: 'searchActions',
				parameters: { connector: byId(SEED.bulkConnectorId) },
				credentials,
			});
			expect(bulkActions.length).toBeGreaterThan(50);
			expect(actions.results.map((result) => result.value).sort()).toEqual(bulkActions.map((action) => action.connectAssetUri).sort());
			expect(bed.emulator.counters().requests.searchActions).toBe(Math.ceil(bulkActions.length / 50));
		});

		it("builds the fields from the action's schema", async () => {
			const fields = await actionInputFields(bed, mode, SEED_ASSETS.echoForm.connectAssetUri);
			expect(fields.find((field) => field.id === 'age')).toEqual(expect.objectContaining({ type: 'number', required: true }));
		});

		it('invokes every item once in a new process, creating the missing instance once', async () => {
			const out = outputJson(await bed.run(mode, addFromRow, { items: rows, workflowId: newWorkflow() }));

			expect(out.map((json) => json.sum)).toEqual(sums);
			const { requests, executed } = bed.emulator.counters();
			expect(requests.createInstance).toBe(1);
			expect(executed.invokeInstance).toBe(3);
		});

		/**
		 * Runs the rows in one workflow, then `between` (what DingTalk or n8n did meanwhile), then again
		 * on zeroed counters: every sum must come back; returns the second run's counters.
		 */
		async function runAgainAfter(between: () => void) {
			const workflowId = newWorkflow();
			await bed.run(mode, addFromRow, { items: rows, workflowId });
			between();
			bed.emulator.resetCounters();

			const out = outputJson(await bed.run(mode, addFromRow, { items: rows, workflowId }));

			expect(out.map((json) => json.sum)).toEqual(sums);
			return bed.emulator.counters();
		}

		it('a second process invokes at once: one call per item, no creation', async () => {
			const { requests } = await runAgainAfter(resetProcessMemory);
			expect(requests.createInstance).toBe(0);
			expect(requests.invokeInstance).toBe(3);
		});

		it('an instance deleted in DingTalk while the process keeps running is created again once, and every item runs', async () => {
			const { requests, executed } = await runAgainAfter(() => expect(bed.emulator.deleteInstances({ connectAssetUri: ADD })).toBeGreaterThan(0));
			expect(requests.createInstance).toBe(1);
			expect(executed.invokeInstance).toBe(3);
		});

		it('refreshes an expired token once and runs every item', async () => {
			const { requests, executed } = await runAgainAfter(() => bed.emulator.expireAllTokens());
			expect(requests.accessToken + requests.corpAccessToken).toBe(1);
			expect(executed.invokeInstance).toBe(3);
		});

		it('under Continue On Fail, a bad item fails alone and the others run', async () => {
			const items = [{ json: { a: 1, b: 2 } }, { json: { a: 'x', b: 2 } }, { json: { a: 5, b: 6 } }];
			const parameters = invokeJson(ADD, '={{ JSON.stringify($json) }}');
			const out = outputJson(await bed.run(mode, parameters, { items, continueOnFail: true, workflowId: newWorkflow() }));

			expect(out).toHaveLength(3);
			expect(out[0].sum).toBe(3);
			expect(out[1].error).toMatch(/Item 1/);
			expect(out[2].sum).toBe(11);
			expect(invokeLog().filter((entry) => entry.executed)).toHaveLength(2);
		});

		it('an action DingTalk does not know fails in words that name it, not a network error', async () => {
			const missing = 'dca://nowhere.connect.dingtalk.com/nowhere/action/G-ACT-MISSING';
			const out = outputJson(await bed.run(mode, invokeFields(missing, {}), { continueOnFail: true, workflowId: newWorkflow() }));

			expect(String(out[0].error)).toMatch(/does not exist/);
			expect(String(out[0].error)).not.toMatch(/connection|host/i);
		});

		it('Instance → Create, then Delete twice: created, deleted, then nothing left to delete', async () => {
			const instanceKey = `managed-${dialect}-${mode}`;
			const instance = (operation: 'create' | 'delete') => ({ resource: 'instance', operation, action: byUri(ADD), instanceKey });
			const [created] = outputJson(await bed.run(mode, instance('create')));
			const [again] = outputJson(await bed.run(mode, instance('create')));
			const [deleted] = outputJson(await bed.run(mode, instance('delete')));
			const [gone] = outputJson(await bed.run(mode, instance('delete')));

			expect(created.created).toBe(true);
			// A second creation: DingTalk's answer is undocumented; it is reported, never an error.
			expect(typeof again.created).toBe('boolean');
			expect(deleted.deleted).toBe(true);
			expect(bed.emulator.instances().some((record) => record.instanceKey === instanceKey)).toBe(false);
			// Deleting a missing instance: "not found" or a plain success, never an error.
			expect(typeof gone.deleted).toBe('boolean');
		});
	});

	it('Get tells whether the organisation authorised the action, with or without the authorized field', async () => {
		const get = async (asset: { connectorId: string; connectAssetUri: string }) =>
			outputJson(await bed.run('suite', { resource: 'action', operation: 'get', connector: byId(asset.connectorId), action: byUri(asset.connectAssetUri) }))[0];
		const refused = await get(SEED_ASSETS.unauthorisedForSuite);
		const allowed = await get(SEED_ASSETS.addNumbers);

		expect(refused.authorized).toBe(false);
		expect(String(refused.authorityUrl)).toMatch(/^dingtalk:\/\//);
		expect(allowed.authorized).toBe(true);
	});

	it('a suite credential keeps working after another credential of the same suite fetched a newer token', async () => {
		bed.harness.setCredential('suite-again', 'dingTalkConnectApi', credentialData('suite', bed.emulator.url));
		const runAs = async (credential: string, workflowId: string) =>
			outputJson(
				await bed.harness.runNode({
					nodeType: 'dingTalkConnect',
					parameters: addFromRow,
					credentials: { dingTalkConnectApi: credential },
					items: rows,
					workflow: { id: workflowId, name: 'Suite tokens' },
				}),
			);
		const workflowId = newWorkflow();
		expect((await runAs('suite', workflowId)).map((json) => json.sum)).toEqual(sums);
		bed.harness.setCredential('suite-again', 'dingTalkConnectApi', { ...credentialData('suite', bed.emulator.url), accessToken: '' });
		expect((await runAs('suite-again', workflowId)).map((json) => json.sum)).toEqual(sums);
		expect((await runAs('suite', workflowId)).map((json) => json.sum)).toEqual(sums);
		expect(bed.emulator.counters().requests.corpAccessToken).toBeGreaterThanOrEqual(1);
	});
});
