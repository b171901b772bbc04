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
import { watchRunStopping } from './runState';
import * as triggerEvent from './triggerEvent';

const operations: OperationMap = {
	action: { invoke: action.invoke, getMany: action.getMany, get: action.get },
	connector: { getMany: connector.getMany },
	instance: { create: instance.create },
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

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the chosen operation for every input item, up to the operation's concurrency at once, and
 * returns exactly one output entry per input item, in input order. Under "Continue On Fail" a failed
 * item becomes an error item; otherwise the first failure stops new items, items still waiting for
 * their turn are not sent, and the node fails once the items in flight have settled.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = findOperation(this);
	const concurrency = Math.max(1, Math.min(items.length, operation.concurrency?.call(this) ?? 1));

	const results: INodeExecutionData[][] = new Array(items.length);
	const failure: { first?: { index: number; error: unknown } } = {};
	let next = 0;
	// The first failure in time is the cause: items failing after it were stopped because of it.
	const recordFailure = (index: number, error: unknown) => {
		failure.first ??= { index, error };
	};
	watchRunStopping(this, () => failure.first !== undefined);

	const worker = async () => {
		while (next < items.length && !failure.first) {
			const itemIndex = next++;
			try {
				const data = await operation.execute.call(this, itemIndex);
				results[itemIndex] = this.helpers.constructExecutionMetaData(
					this.helpers.returnJsonArray(data as IDataObject | IDataObject[]),
					{ itemData: { item: itemIndex } },
				);
			} catch (error) {
				if (this.continueOnFail()) {
					results[itemIndex] = [
						{
							json: {
								error: errorMessage(error),
								...(typeof (error as { description?: unknown }).description === 'string'
									? { errorDescription: (error as { description: string }).description }
									: {}),
							},
							pairedItem: { item: itemIndex },
						},
					];
				} else {
					recordFailure(itemIndex, error);
				}
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));

	if (failure.first) {
		const { error, index } = failure.first;
		if (error instanceof NodeOperationError || error instanceof NodeApiError) {
			throw error;
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: index });
	}
	return [results.flat()];
}
