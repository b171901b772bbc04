import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import * as action from './action';
import * as connector from './connector';
import * as instance from './instance';
import type { NodeMap, OperationMap } from './node.type';
import type { OperationModule } from './operation.type';
import * as triggerEvent from './triggerEvent';

const operations: OperationMap = {
	action: { invoke: action.invoke, getMany: action.getMany, get: action.get },
	connector: { getMany: connector.getMany },
	instance: { create: instance.create, delete: instance.delete },
	triggerEvent: { send: triggerEvent.send },
};

function findOperation(context: IExecuteFunctions): OperationModule {
	const resource = context.getNodeParameter('resource', 0) as keyof NodeMap;
	const operation = context.getNodeParameter('operation', 0) as string;
	const found = (operations[resource] as Record<string, OperationModule> | undefined)?.[operation];
	if (!found) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" of the resource "${resource}" is not supported`,
		);
	}
	return found;
}

function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const description = (error as { description?: unknown } | null)?.description;
	return {
		json: {
			error: error instanceof Error ? error.message : String(error),
			...(typeof description === 'string' ? { errorDescription: description } : {}),
		},
		pairedItem: { item: itemIndex },
	};
}

/**
 * One run's stop: aborted when n8n stops the execution, or when an item fails without "Continue On
 * Fail". Operations hand it to the transport, so that waits end and nothing more is sent.
 */
function watchStop(context: IExecuteFunctions): { run: AbortController; release: () => void } {
	const run = new AbortController();
	const cancel = context.getExecutionCancelSignal?.();
	const onCancel = () => run.abort('the execution was stopped');
	if (cancel?.aborted) onCancel();
	cancel?.addEventListener('abort', onCancel, { once: true });
	return { run, release: () => cancel?.removeEventListener('abort', onCancel) };
}

/**
 * Runs the chosen operation for every input item, up to the operation's concurrency at once, and
 * returns exactly one output entry per input item, in input order. Under "Continue On Fail" a failed
 * item becomes an error item; otherwise the first failure stops new items, items still waiting for
 * their turn are not sent, and the node fails with that first failure once the items in flight settled.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = findOperation(this);
	const concurrency = Math.max(1, Math.min(items.length, operation.concurrency?.call(this) ?? 1));
	const { run, release } = watchStop(this);

	const results: INodeExecutionData[][] = new Array(items.length);
	let firstFailure: { index: number; error: unknown } | undefined;
	let next = 0;

	const worker = async () => {
		while (next < items.length && !run.signal.aborted) {
			const itemIndex = next++;
			try {
				const data = await operation.execute.call(this, itemIndex, run.signal);
				results[itemIndex] = this.helpers.constructExecutionMetaData(
					this.helpers.returnJsonArray(data as IDataObject | IDataObject[]),
					{ itemData: { item: itemIndex } },
				);
			} catch (error) {
				if (this.continueOnFail() && !run.signal.aborted) {
					results[itemIndex] = [errorItem(error, itemIndex)];
				} else if (firstFailure === undefined) {
					// The first failure in time is the cause: items failing after it were stopped because of it.
					firstFailure = { index: itemIndex, error };
					run.abort('another item failed and the node stopped');
				}
			}
		}
	};
	try {
		await Promise.all(Array.from({ length: concurrency }, worker));
	} finally {
		release();
	}

	if (firstFailure) {
		const { error, index } = firstFailure;
		if (error instanceof NodeOperationError || error instanceof NodeApiError) throw error;
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: index });
	}
	if (run.signal.aborted) {
		throw new NodeOperationError(this.getNode(), 'The execution was stopped', {
			description: 'Items that had not been sent to DingTalk yet were not sent.',
		});
	}
	return [results.flat()];
}
