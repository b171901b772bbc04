import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** One operation: its own properties, and what it does for one input item. */
export interface OperationModule {
	description: INodeProperties[];
	/** `signal` aborts when the execution is stopped or, without "Continue On Fail", an item failed. */
	execute(this: IExecuteFunctions, itemIndex: number, signal?: AbortSignal): Promise<IDataObject | IDataObject[]>;
	/** How many items may be in flight at once; operations without it run one item at a time. */
	concurrency?(this: IExecuteFunctions): number;
}
