import { isSafeObjectProperty, type ResourceMapperField } from 'n8n-workflow';

import { dereference, describedProperty, isPlainObject, schemaProperties, schemaRequired, type JsonSchema } from './jsonSchema';
import { fieldShape, schemaToFields, type FieldShape } from './schemaToFields';

/**
 * The node as an AI Agent tool. n8n builds the tool's parameter schema only from the
 * `$fromAI(key, description, type, default)` calls in the node's parameters, so each resource-mapper
 * field of the tool variant is pre-filled (`defaultValue`) with one such call that carries what the
 * action's JSON Schema says about the property. n8n's schema types are string, number, boolean and
 * json (which reaches the model as any JSON value: LangChain drops its anyOf), so integer, enum,
 * format and the type and shape of objects and arrays travel in the description.
 *
 * Required or not: a `$fromAI` call without a default is required for the model; one with a default
 * is optional only if n8n's own schema accepts that default (a number, boolean or json key cannot
 * default to "unset"). So an optional property takes its schema default when it has one of its type;
 * otherwise it travels as text defaulting to '' (which the node leaves out), its real type in the
 * description, and the node reads the text back as the schema says ("5" → 5, JSON text → object).
 */
export type FromAiType = 'string' | 'number' | 'boolean' | 'json';

// n8n's rule for $fromAI keys (from-ai-parse-utils: 1–64 letters, digits, '_' or '-').
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_DESCRIPTION = 1000;
const MAX_ENUM_SHOWN = 50;

/** The node type's last segment ends with "Tool" for the variant n8n generates for `usableAsTool`. */
export function isToolNodeType(nodeType: string): boolean {
	return (nodeType.split('.').pop() ?? '').endsWith('Tool');
}

// n8n reads a tool's arguments under "query" first, and keeps "tool"/"toolParameters" for $tool.
const RESERVED_KEYS = new Set(['query', 'tool', 'toolParameters']);

function acceptedKey(name: string): boolean {
	return KEY_PATTERN.test(name) && isSafeObjectProperty(name) && !RESERVED_KEYS.has(name);
}

/**
 * A $fromAI key per property name: the name itself when n8n accepts it, else a safe stand-in
 * ("due.time" → "due_time", "标题" → "field_1", "query" → "query_value"), unique among them all.
 */
export function toolKeys(names: string[]): Map<string, string> {
	const keys = new Map<string, string>();
	// Names that are keys as they are come first, so that a stand-in never takes one of them.
	const taken = new Set(names.filter(acceptedKey));
	names.forEach((name, index) => {
		if (acceptedKey(name)) {
			keys.set(name, name);
			return;
		}
		const cleaned = RESERVED_KEYS.has(name)
			? `${name}_value`
			: name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 56);
		const key = /[A-Za-z0-9]/.test(cleaned) && isSafeObjectProperty(cleaned) ? cleaned : `field_${index + 1}`;
		let unique = key;
		for (let n = 2; taken.has(unique); n++) unique = `${key.slice(0, 60)}_${n}`;
		taken.add(unique);
		keys.set(name, unique);
	});
	return keys;
}

function fromAiType(shape: FieldShape): FromAiType {
	if (shape.json === 'object' || shape.json === 'array') return 'json';
	if (shape.type === 'options') {
		const values = (shape.options ?? []).map((option) => option.value);
		if (values.length && values.every((value) => typeof value === 'number')) return 'number';
		if (values.length && values.every((value) => typeof value === 'boolean')) return 'boolean';
		return 'string';
	}
	if (shape.type === 'number') return 'number';
	if (shape.type === 'boolean') return 'boolean';
	return 'string';
}

function typeWords(schema: JsonSchema, shape: FieldShape): string {
	const declared = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
	if (shape.json === 'any') return declared ? `${declared} (as JSON or text)` : 'JSON or text';
	if (shape.type === 'dateTime') return shape.dateOnly ? 'string, format date' : 'string, format date-time';
	if (typeof declared === 'string') return typeof schema.format === 'string' ? `${declared}, format ${schema.format}` : declared;
	return shape.json ?? shape.type;
}

function enumWords(schema: JsonSchema): string | undefined {
	const values = Array.isArray(schema.enum) ? schema.enum : schema.const !== undefined ? [schema.const] : undefined;
	if (!values || values.length === 0) return undefined;
	const names = Array.isArray(schema.enumNames) ? schema.enumNames : [];
	const shown = values.slice(0, MAX_ENUM_SHOWN).map((value, index) => {
		const name = names[index];
		const text = JSON.stringify(value);
		return typeof name === 'string' && name !== '' && name !== String(value) ? `${text} (${name})` : text;
	});
	const more = values.length > MAX_ENUM_SHOWN ? `, … ${values.length - MAX_ENUM_SHOWN} more` : '';
	return `Allowed values: ${shown.join(', ')}${more}`;
}

// Only the keywords a model needs to build a valid value, so nested shapes stay short.
const SHAPE_KEYWORDS = [
	'type', 'title', 'description', 'enum', 'const', 'format', 'properties', 'required', 'items', 'additionalProperties',
	'oneOf', 'anyOf', 'allOf', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'default',
];

export function inlineSchema(root: JsonSchema | undefined, raw: unknown, depth: number): unknown {
	if (Array.isArray(raw)) return raw.map((item) => inlineSchema(root, item, depth));
	if (!isPlainObject(raw)) return raw;
	const schema = dereference(root, raw as JsonSchema);
	if (depth > 6 || typeof schema.$ref === 'string') return {};
	const out: Record<string, unknown> = {};
	for (const keyword of SHAPE_KEYWORDS) {
		if (schema[keyword] === undefined) continue;
		const value = schema[keyword];
		if (keyword === 'properties' && isPlainObject(value)) {
			const properties: Record<string, unknown> = {};
			for (const [name, child] of Object.entries(value)) {
				Object.defineProperty(properties, name, {
					value: inlineSchema(root, child, depth + 1),
					enumerable: true,
					writable: true,
					configurable: true,
				});
			}
			out.properties = properties;
		} else if (['items', 'additionalProperties', 'oneOf', 'anyOf', 'allOf'].includes(keyword)) {
			out[keyword] = inlineSchema(root, value, depth + 1);
		} else {
			out[keyword] = value;
		}
	}
	return out;
}

/** What the model is told about one property: its name, meaning, type, allowed values, format and shape. */
export function toolFieldDescription(
	root: JsonSchema | undefined,
	name: string,
	key: string,
	property: JsonSchema,
	shape: FieldShape,
): string {
	const title = typeof property.title === 'string' ? property.title.trim() : '';
	const description = typeof property.description === 'string' ? property.description.trim() : '';
	const parts: string[] = [];
	const label = [title, key !== name ? `input property "${name}"` : ''].filter(Boolean).join(', ');
	if (label) parts.push(label);
	if (description && description !== title) parts.push(description);
	parts.push(`Type: ${typeWords(property, shape)}`);
	const allowed = enumWords(property);
	if (allowed) parts.push(allowed);
	if (shape.type === 'dateTime' && !shape.dateOnly) {
		parts.push("ISO 8601, e.g. 2024-06-30T18:00:00+08:00; without an offset it is read in the workflow's time zone");
	}
	if (shape.type === 'dateTime' && shape.dateOnly) parts.push('e.g. 2024-06-30');
	if (shape.json === 'object' || shape.json === 'array') {
		parts.push(`JSON Schema: ${JSON.stringify(inlineSchema(root, property, 0))}`);
	}
	if (property.default !== undefined) parts.push(`Default: ${JSON.stringify(property.default)}`);
	return parts.join('. ');
}

/**
 * n8n's marker for a parameter "defined automatically by the model": the editor shows its own
 * override state (and its ✨ button) only for a value starting `={{ <marker> $fromAI(`. The same text as
 * n8n-workflow's FROM_AI_AUTO_GENERATED_MARKER, written out because older n8n-workflow versions lack it.
 */
export const FROM_AI_MARKER = '/*n8n-auto-generated-fromAI-override*/';

/**
 * Text as a backtick-quoted string inside `{{ }}`, the quoting n8n's editor writes for a $fromAI
 * description and reads back into its description box: one line (n8n's $fromAI parser keeps no
 * newlines), backslashes escaped, no backtick or `${` to end or interpolate the string, braces that
 * would close the expression split, and no nested `$fromAI` that n8n would parse as another
 * parameter. Cut to a length a model reads.
 */
export function quoteForExpression(text: string, max = MAX_DESCRIPTION): string {
	let safe = text.replace(/\s+/g, ' ').trim().replace(/\$fromai/gi, 'fromAI').replace(/`/g, "'");
	const chars = [...safe];
	if (chars.length > max) safe = `${chars.slice(0, max - 1).join('')}…`;
	while (/\}\}|\{\{|\$\{/.test(safe)) safe = safe.replace(/\}\}/g, '} }').replace(/\{\{/g, '{ {').replace(/\$\{/g, '$ {');
	return `\`${safe.replace(/\\/g, '\\\\')}\``;
}

/** The default that keeps an optional property optional for the model (see above), or undefined. */
function typedDefault(property: JsonSchema, type: FromAiType): string | undefined {
	const value = property.default;
	if (type === 'string' && typeof value === 'string') return quoteForExpression(value);
	if (type === 'number' && typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (type === 'boolean' && typeof value === 'boolean') return String(value);
	return undefined;
}

/**
 * The `$fromAI` expression for one property (without a default when the schema requires it), marked
 * and quoted as n8n's editor writes the ones it generates, so that the editor shows the field as
 * defined by the model and lets the user edit its description or take it back.
 */
export function fromAiExpression(
	key: string,
	description: string,
	type: FromAiType,
	defaultValue?: string,
	maxDescription = MAX_DESCRIPTION,
): string {
	const args = [`'${key}'`, quoteForExpression(description, maxDescription), `'${type}'`];
	if (defaultValue !== undefined) args.push(defaultValue);
	return `={{ ${FROM_AI_MARKER} $fromAI(${args.join(', ')}) }}`;
}

/**
 * The resource-mapper fields of the tool variant: the node's own fields, each pre-filled with a
 * `$fromAI` call keyed by the property name, typed and described from the schema, and required as
 * the schema says.
 */
export function schemaToToolFields(schema: JsonSchema | undefined): ResourceMapperField[] {
	const properties = schemaProperties(schema);
	const required = new Set(schemaRequired(schema));
	const keys = toolKeys(Object.keys(properties));
	return schemaToFields(schema).map((field) => {
		const raw = properties[field.id];
		const property = describedProperty(schema, raw);
		const shape = fieldShape(schema, isPlainObject(raw) ? raw : {});
		const key = keys.get(field.id) ?? field.id;
		const ownType = fromAiType(shape);
		const ownDefault = typedDefault(property, ownType);
		const optionalAsText = !required.has(field.id) && ownDefault === undefined && ownType !== 'string';
		const type = optionalAsText ? 'string' : ownType;
		let description = toolFieldDescription(schema, field.id, key, property, shape);
		if (optionalAsText) description += ownType === 'json' ? '. Give it as JSON text' : '. Give it as text';
		const toolField: ResourceMapperField = {
			...field,
			// Stored as text so that n8n's resource-mapper check passes every answer through ('' would be 0
			// for a number field, "30" no choice of an options field); the node reads values as the schema says.
			type: 'string',
			defaultValue: fromAiExpression(key, description, type, required.has(field.id) ? undefined : (ownDefault ?? "''")),
		};
		delete toolField.options;
		return toolField;
	});
}

