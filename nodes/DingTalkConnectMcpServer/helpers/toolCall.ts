import type { IDataObject } from 'n8n-workflow';

import { coerceInput } from '../../DingTalkConnect/helpers/coerceInput';
import { describeProblems, validateInput } from '../../DingTalkConnect/helpers/inputValidation';
import type { JsonSchema } from '../../DingTalkConnect/helpers/jsonSchema';
import type { ToolCallResult } from '../protocol/types';

/**
 * A model's arguments read as the node reads an AI Agent's ("30" for an integer, "true" for a boolean,
 * a date-time without offset in the workflow's zone), then checked against the action's schema. A
 * failure names each field, the value sent and what is allowed.
 */
export function checkArguments(
	schema: JsonSchema | undefined,
	args: Record<string, unknown>,
	timeZone?: string,
): { ok: true; input: IDataObject } | { ok: false; text: string } {
	const input = coerceInput(schema, args, timeZone) as IDataObject;
	const problems = validateInput(schema, input);
	if (problems.length === 0) return { ok: true, input };
	return {
		ok: false,
		text: `${describeProblems(problems, { input })}. Nothing was sent to DingTalk: call the tool again with these fields corrected.`,
	};
}

/** The action's output as structured content, and the same as JSON text for clients that read only text. */
export function outputResult(output: IDataObject): ToolCallResult {
	return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
}

/** A failure the model reads as the tool's answer, so that it can correct the call. */
export function errorResult(text: string): ToolCallResult {
	return { content: [{ type: 'text', text }], isError: true };
}
