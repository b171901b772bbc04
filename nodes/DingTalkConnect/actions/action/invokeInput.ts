import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { coerceInput } from '../../helpers/coerceInput';
import { problemHints } from '../../helpers/fieldHints';
import { describeProblems, validateInput, type InputProblem } from '../../helpers/inputValidation';
import type { JsonSchema } from '../../helpers/jsonSchema';
import { mapperValuesToInput } from '../../helpers/mapperValues';
import { WHOLE_INPUT_FIELD_ID } from '../../helpers/toolAction';
import { itemMessage, runsAsTool } from '../itemMessage';

/**
 * The problems of one item's input; a model is also shown the values it sent beside what is allowed. The
 * schema's hints of those fields follow in the description, the one place the editor shows them.
 */
function inputError(
	context: IExecuteFunctions,
	itemIndex: number,
	problems: InputProblem[],
	input: unknown,
	schema: JsonSchema | undefined,
): NodeOperationError {
	const sent = runsAsTool(context) ? { input } : undefined;
	const hints = problemHints(schema, problems);
	return new NodeOperationError(context.getNode(), itemMessage(context, itemIndex, describeProblems(problems, sent)), {
		itemIndex,
		description: `Nothing was sent to DingTalk. Fix the input so that it matches the action's schema.${hints ? ` What the schema says: ${hints}` : ''}`,
	});
}

function readJsonInput(this: IExecuteFunctions, itemIndex: number): unknown {
	// As an AI Agent tool, JSON mode's input is the one $fromAI parameter of "Input" (see helpers/toolAction).
	const raw = runsAsTool(this)
		? this.getNodeParameter(`toolInput.value.${WHOLE_INPUT_FIELD_ID}`, itemIndex, undefined)
		: this.getNodeParameter('inputJson', itemIndex, '{}');
	if (typeof raw !== 'string') return raw;
	if (!raw.trim()) return undefined;
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), itemMessage(this, itemIndex, `the field "Input JSON" is not valid JSON`), {
			itemIndex,
			description: `${(error as Error).message}. Nothing was sent to DingTalk.`,
		});
	}
}

function readFieldsInput(this: IExecuteFunctions, itemIndex: number, schema: JsonSchema | undefined) {
	const mappingMode = this.getNodeParameter('parameters.mappingMode', itemIndex, 'defineBelow') as string;
	const values =
		mappingMode === 'autoMapInputData'
			? this.getInputData()[itemIndex]?.json
			: (this.getNodeParameter('parameters.value', itemIndex, {}) as Record<string, unknown> | null);
	const { input, problems } = mapperValuesToInput(schema, values);
	if (problems.length) throw inputError(this, itemIndex, problems, values, schema);
	return input;
}

/** The input of one item, checked against the action's schema before anything is sent. */
export function readInput(this: IExecuteFunctions, itemIndex: number, schema: JsonSchema | undefined): IDataObject {
	const mode = this.getNodeParameter('inputMode', itemIndex, 'fields') as string;
	const given = mode === 'json' ? readJsonInput.call(this, itemIndex) : readFieldsInput.call(this, itemIndex, schema);
	// "30" for an integer enum, "false" for a boolean, a date-time without offset: see coerceInput.
	const input = coerceInput(schema, given, this.getTimezone());
	if (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input)) {
		throw new NodeOperationError(
			this.getNode(),
			itemMessage(
				this,
				itemIndex,
				`the field "Input JSON" must hold a JSON object, not ${input === undefined ? 'nothing' : Array.isArray(input) ? 'an array' : typeof input === 'object' ? 'null' : `a ${typeof input}`}`,
			),
			{ itemIndex, description: 'Nothing was sent to DingTalk. An expression may have resolved to nothing.' },
		);
	}
	const problems = validateInput(schema, input);
	if (problems.length) throw inputError(this, itemIndex, problems, input, schema);
	return input as IDataObject;
}
