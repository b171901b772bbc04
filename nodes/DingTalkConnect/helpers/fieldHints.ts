import type { InputProblem } from './inputValidation';
import { describedProperty, schemaProperties, type JsonSchema } from './jsonSchema';
import { fieldLabel } from './schemaToFields';

// The first segment of a problem's path ('attendees[1].name' → attendees, '["a b"].c' → a b).
const FIRST_SEGMENT = /^(?:([^.[\]\s"]+)|\[("(?:[^"\\]|\\.)*")\])/;

function topLevelName(path: string): string | undefined {
	const match = FIRST_SEGMENT.exec(path);
	if (!match) return undefined;
	return match[1] ?? (JSON.parse(match[2]) as string);
}

function exampleText(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What the schema says of one top-level property beyond its title: its description, and its first
 * example when the description does not already hold it ('ISO 8601, e.g. 2024-06-30T18:00:00+08:00').
 * Undefined when the schema says nothing more.
 */
export function fieldHint(schema: JsonSchema | undefined, name: string): string | undefined {
	const properties = schemaProperties(schema);
	if (!Object.prototype.hasOwnProperty.call(properties, name)) return undefined;
	const property = describedProperty(schema, properties[name]);
	const description = typeof property.description === 'string' ? property.description.trim() : '';
	const examples = Array.isArray(property.examples) ? property.examples : [];
	const example = examples.length && examples[0] !== undefined ? exampleText(examples[0]) : '';
	const parts = [description, example && !description.includes(example) ? `e.g. ${example}` : ''].filter(Boolean);
	return parts.length ? parts.join(', ') : undefined;
}

/**
 * The hints of the fields a list of problems is about, each after the label the panel shows for it
 * ('截止时间 Due Time: ISO 8601, …'), joined into one sentence; '' when the schema gives none. n8n's
 * resource mapper shows a field's title and nothing else, so the hint reaches a person with the error.
 */
export function problemHints(schema: JsonSchema | undefined, problems: InputProblem[]): string {
	const names = [...new Set(problems.map((problem) => topLevelName(problem.path)).filter((name): name is string => name !== undefined))];
	return names
		.map((name) => {
			const hint = fieldHint(schema, name);
			return hint && `${fieldLabel(name, describedProperty(schema, schemaProperties(schema)[name]))}: ${hint}`;
		})
		.filter((text): text is string => Boolean(text))
		.join('; ');
}
