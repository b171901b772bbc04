import type { IExecuteFunctions } from 'n8n-workflow';

import { isToolNodeType } from '../helpers/toolFields';

/** Whether this run is an AI Agent's call of the tool variant: the model, not a person, reads its errors. */
export function runsAsTool(context: Pick<IExecuteFunctions, 'getNode'>): boolean {
	return isToolNodeType(context.getNode().type);
}

/**
 * An error message about one input item: "Item 2: the field …" in a workflow, where items are counted;
 * "The field …" for an AI Agent's tool call, whose one "item" is the model's call and means nothing to it.
 */
export function itemMessage(context: Pick<IExecuteFunctions, 'getNode'>, itemIndex: number, text: string): string {
	return runsAsTool(context) ? text.charAt(0).toUpperCase() + text.slice(1) : `Item ${itemIndex}: ${text}`;
}
