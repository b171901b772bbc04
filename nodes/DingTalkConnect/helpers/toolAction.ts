import type { ResourceMapperField } from 'n8n-workflow';

import { isPlainObject, type JsonSchema } from './jsonSchema';
import { fromAiExpression, inlineSchema } from './toolFields';

/**
 * What the AI Agent is told about the action itself. n8n fixes a tool's description before the
 * node runs, from its parameters only, and an expression there sees a list's value (the
 * connectAssetUri), not its name. The one thing the editor writes from DingTalk's answer is the
 * resource mapper (its `schema`), so the tool variant's fields end with a hidden field carrying the
 * action's facts (name, connector, what it does), which the default Tool Description puts into its
 * words with one `{{ }}` insert (TOOL_DESCRIPTION).
 */
export const ACTION_SUMMARY_FIELD_ID = '@dingtalkAction';

/**
 * The default Tool Description: plain words around one insert, the facts of the chosen action
 * (before its fields are loaded, its connectAssetUri). A user may rewrite the words and keep the
 * insert, or replace it all with their own text.
 */
export const TOOL_DESCRIPTION = [
	'=Runs the DingTalk Connect action {{ ($parameter.parameters ?? $parameter.toolInput)?.schema?.find(field => field.id === ',
	`"${ACTION_SUMMARY_FIELD_ID}")?.displayName ?? $parameter.action }}. `,
	'Its parameters are the action’s input; it returns the action’s output as JSON.',
].join('');

/** The field of JSON mode's one `$fromAI` parameter (the whole input). */
export const WHOLE_INPUT_FIELD_ID = 'input';

// A whole input schema is longer than a field's; models read a few thousand characters well.
const MAX_WHOLE_INPUT_DESCRIPTION = 6000;

export interface ActionFacts {
	name?: string;
	description?: string;
	connectorName?: string;
	connectAssetUri: string;
}

function clean(text: unknown): string {
	return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
}

/** The facts the Tool Description puts in: "“Create To-do” of the connector “To-do”: Creates a to-do …". */
export function actionFacts(facts: ActionFacts, schema: JsonSchema | undefined): string {
	const name = clean(facts.name) || facts.connectAssetUri;
	const connector = clean(facts.connectorName);
	const description = clean(facts.description) || clean(schema?.description);
	const what = description && description !== name ? `: ${description.replace(/[.。]$/, '')}` : '';
	return `“${name}”${connector ? ` of the connector “${connector}”` : ''}${what}`;
}

/** The hidden field that carries the facts (never shown, never sent: it is not a schema property). */
export function actionSummaryField(facts: string): ResourceMapperField {
	return {
		id: ACTION_SUMMARY_FIELD_ID,
		displayName: facts,
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: false,
		readOnly: true,
		type: 'string',
	};
}

/** JSON mode as a tool: one required `$fromAI` json parameter described by the whole input schema. */
export function wholeInputField(schema: JsonSchema | undefined): ResourceMapperField {
	const shape = isPlainObject(schema) ? inlineSchema(schema, schema, 0) : { type: 'object' };
	const description = `The whole input of the action as one JSON object. JSON Schema: ${JSON.stringify(shape)}`;
	return {
		id: WHOLE_INPUT_FIELD_ID,
		displayName: 'Input',
		required: true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
		defaultValue: fromAiExpression(WHOLE_INPUT_FIELD_ID, description, 'json', undefined, MAX_WHOLE_INPUT_DESCRIPTION),
	};
}
