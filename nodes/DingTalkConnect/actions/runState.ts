import type { IExecuteFunctions } from 'n8n-workflow';

const stopping = new WeakMap<IExecuteFunctions, () => boolean>();

/** Lets the router tell operations that the run is failing, so that requests not yet sent stay unsent. */
export function watchRunStopping(context: IExecuteFunctions, isStopping: () => boolean): void {
	stopping.set(context, isStopping);
}

/** True once an item failed without "Continue On Fail": no further action may be sent. */
export function isRunStopping(context: IExecuteFunctions): boolean {
	return stopping.get(context)?.() ?? false;
}
