import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import * as invoke from '../../../../../nodes/DingTalkConnect/actions/action/invoke.operation';
import * as connectorGetMany from '../../../../../nodes/DingTalkConnect/actions/connector/getMany.operation';
import { router } from '../../../../../nodes/DingTalkConnect/actions/router';
import { testNode } from '../../../../harness/fixtures/testNode';

/** A context whose operation is Connector → Get Many, with its execute replaced per test. */
function context(
	items: number,
	continueOnFail: boolean,
	parameters: Record<string, unknown> = {},
	cancelSignal?: AbortSignal,
) {
	const values: Record<string, unknown> = { resource: 'connector', operation: 'getMany', ...parameters };
	return {
		getExecutionCancelSignal: () => cancelSignal,
		getInputData: () => Array.from({ length: items }, (_, i) => ({ json: { i } })),
		getNodeParameter: (name: string) => values[name],
		getNode: () => testNode,
		continueOnFail: () => continueOnFail,
		helpers: {
			returnJsonArray: (data: object | object[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (data: object[], { itemData }: { itemData: { item: number } }) =>
				data.map((entry) => ({ ...entry, pairedItem: itemData })),
		},
	} as unknown as IExecuteFunctions;
}

describe('router', () => {
	afterEach(() => jest.restoreAllMocks());

	it('returns one entry per item, in input order, paired to its item', async () => {
		jest.spyOn(connectorGetMany, 'execute').mockImplementation(async (itemIndex: number) => [{ itemIndex }]);
		const [out] = await router.call(context(4, false));
		expect(out.map((item) => item.json.itemIndex)).toEqual([0, 1, 2, 3]);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});

	it('turns each failed item into an error item under Continue On Fail', async () => {
		jest.spyOn(connectorGetMany, 'execute').mockImplementation(async (itemIndex: number) => {
			if (itemIndex % 2) throw new NodeOperationError(testNode, `Item ${itemIndex}: bad`, { description: 'why' });
			return [{ ok: itemIndex }];
		});
		const [out] = await router.call(context(4, true));
		expect(out.map((item) => item.json)).toEqual([
			{ ok: 0 },
			{ error: 'Item 1: bad', errorDescription: 'why' },
			{ ok: 2 },
			{ error: 'Item 3: bad', errorDescription: 'why' },
		]);
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('fails with the first failed item, and starts no item after it', async () => {
		const started: number[] = [];
		jest.spyOn(connectorGetMany, 'execute').mockImplementation(async (itemIndex: number) => {
			started.push(itemIndex);
			if (itemIndex === 1) throw new NodeApiError(testNode, { message: 'refused' }, { message: 'refused', itemIndex });
			return [];
		});
		await expect(router.call(context(5, false))).rejects.toThrow('refused');
		expect(started).toEqual([0, 1]);
	});

	describe('with several items in flight', () => {
		const invokeParameters = { resource: 'action', operation: 'invoke' };
		const delay = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

		it('reports the first failure in time, starts no item after it, and tells the items in flight to stop', async () => {
			jest.spyOn(invoke, 'concurrency').mockReturnValue(3);
			const started: number[] = [];
			const signals: AbortSignal[] = [];
			jest.spyOn(invoke, 'execute').mockImplementation(async (itemIndex: number, signal?: AbortSignal) => {
				started.push(itemIndex);
				if (signal) signals.push(signal);
				// Item 2 fails first (10 ms); item 0 fails later (30 ms); item 1 would succeed at 50 ms.
				const plan: Record<number, [number, boolean]> = { 0: [30, false], 1: [50, true], 2: [10, false] };
				const [ms, ok] = plan[itemIndex] ?? [5, true];
				await delay(ms);
				if (!ok) throw new NodeOperationError(testNode, `Item ${itemIndex} failed`, { itemIndex });
				return {};
			});
			const error = await router.call(context(10, false, invokeParameters)).catch((caught: unknown) => caught);
			expect((error as Error).message).toBe('Item 2 failed');
			expect(started).toEqual([0, 1, 2]);
			expect(signals.every((signal) => signal.aborted)).toBe(true);
			expect(signals[0].reason).toBe('another item failed and the node stopped');
		});

		it('Stop: no item starts after n8n cancels the execution, and the run fails as stopped', async () => {
			jest.spyOn(invoke, 'concurrency').mockReturnValue(2);
			const cancel = new AbortController();
			const started: number[] = [];
			jest.spyOn(invoke, 'execute').mockImplementation(async (itemIndex: number, signal?: AbortSignal) => {
				started.push(itemIndex);
				if (itemIndex === 3) cancel.abort();
				await delay(5);
				expect(signal?.aborted).toBe(itemIndex >= 2);
				return {};
			});
			await expect(router.call(context(20, true, invokeParameters, cancel.signal))).rejects.toThrow('The execution was stopped');
			expect(started).toEqual([0, 1, 2, 3]);
		});
	});

	it('wraps an unexpected error in a NodeOperationError naming the item', async () => {
		jest.spyOn(connectorGetMany, 'execute').mockImplementation(async () => {
			throw new TypeError('oops');
		});
		const error = await router.call(context(1, false)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
	});

	it('refuses an operation the resource does not have', async () => {
		await expect(router.call(context(1, false, { operation: 'delete' }))).rejects.toThrow(
			'The operation "delete" of the resource "connector" is not supported',
		);
	});
});
