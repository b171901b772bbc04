import { isPlainObject, resolveRef, type JsonSchema } from '../../DingTalkConnect/helpers/jsonSchema';

// Deeper schemas than this are almost certainly recursive via $ref; the rest reads as "any value".
const MAX_DEPTH = 16;

// The keywords MCP clients read and pass on to a model; the rest ($schema, $id, definitions, vendor
// extensions, draft-4 leftovers) is dropped, references are written out in place.
const VALUE_KEYWORDS = [
	'type', 'title', 'description', 'default', 'enum', 'const', 'format', 'minimum', 'maximum', 'exclusiveMinimum',
	'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems',
] as const;
const LIST_KEYWORDS = ['anyOf', 'oneOf', 'allOf'] as const;

function validType(type: unknown): boolean {
	return typeof type === 'string' || (Array.isArray(type) && type.every((name) => typeof name === 'string'));
}

function copyValueKeywords(schema: JsonSchema, out: JsonSchema) {
	const target = out as Record<string, unknown>;
	for (const keyword of VALUE_KEYWORDS) {
		if (schema[keyword] !== undefined) target[keyword] = schema[keyword];
	}
	if (out.type !== undefined && !validType(out.type)) delete out.type;
	for (const text of ['title', 'description', 'format', 'pattern'] as const) {
		if (out[text] !== undefined && typeof out[text] !== 'string') delete out[text];
	}
	if (out.enum !== undefined && !Array.isArray(out.enum)) delete out.enum;
	// Draft 4's boolean exclusive bounds are numbers since draft 6; clients on 2020-12 reject the booleans.
	for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
		if (typeof out[exclusive] !== 'boolean') continue;
		if (out[exclusive] && typeof out[bound] === 'number') {
			out[exclusive] = out[bound];
			delete out[bound];
		} else delete out[exclusive];
	}
	if (out.description === undefined && typeof out.title === 'string') out.description = out.title;
}

function reduce(root: JsonSchema, raw: unknown, depth: number, refs: readonly string[]): JsonSchema {
	if (!isPlainObject(raw) || depth > MAX_DEPTH) return {};
	const schema = raw as JsonSchema;
	const ref = schema.$ref;
	if (typeof ref === 'string') {
		const target = refs.includes(ref) ? undefined : resolveRef(root, ref);
		// A remote, unresolvable or recursive reference: any value, with what the property says of itself.
		const written: Record<string, unknown> = target ? reduce(root, target, depth + 1, [...refs, ref]) : {};
		for (const own of ['title', 'description', 'default'] as const) {
			if (schema[own] !== undefined) written[own] = schema[own];
		}
		if (written.description === undefined && typeof written.title === 'string') written.description = written.title;
		return written as JsonSchema;
	}
	const out: JsonSchema = {};
	copyValueKeywords(schema, out);
	if (isPlainObject(schema.properties)) {
		out.properties = Object.fromEntries(
			Object.entries(schema.properties).map(([name, property]) => [name, reduce(root, property, depth + 1, refs)]),
		);
	}
	if (Array.isArray(schema.required)) out.required = schema.required.filter((name) => typeof name === 'string');
	if (Array.isArray(schema.items)) {
		// Tuple items (draft 4–2019) are read by few clients: any of the listed forms.
		const forms = schema.items.map((item) => reduce(root, item, depth + 1, refs));
		out.items = forms.length === 1 ? forms[0] : { anyOf: forms };
	} else if (schema.items !== undefined) out.items = reduce(root, schema.items, depth + 1, refs);
	if (typeof schema.additionalProperties === 'boolean') out.additionalProperties = schema.additionalProperties;
	else if (isPlainObject(schema.additionalProperties)) out.additionalProperties = reduce(root, schema.additionalProperties, depth + 1, refs);
	for (const keyword of LIST_KEYWORDS) {
		const list = schema[keyword];
		if (Array.isArray(list) && list.length > 0) out[keyword] = list.map((part) => reduce(root, part, depth + 1, refs));
	}
	return out;
}

/**
 * An action's input schema as MCP's `inputSchema`: references written out, definitions dropped, every
 * keyword of meaning kept (types including integer, enums, formats, required, bounds, nested objects and
 * arrays, titles, descriptions, defaults). The root is always an object; an action without a readable
 * schema takes any object.
 */
export function toInputSchema(schema: JsonSchema | undefined): JsonSchema {
	if (!isPlainObject(schema)) return { type: 'object' };
	const reduced = reduce(schema, schema, 0, []);
	return { ...reduced, type: 'object' };
}

function loosen(schema: JsonSchema): JsonSchema {
	const out: JsonSchema = {};
	for (const [keyword, value] of Object.entries(schema)) {
		if (keyword === 'properties' && isPlainObject(value)) {
			out.properties = Object.fromEntries(Object.entries(value).map(([name, part]) => [name, loosen(part as JsonSchema)]));
		} else if (keyword === 'items' && isPlainObject(value)) out.items = loosen(value as JsonSchema);
		else if ((LIST_KEYWORDS as readonly string[]).includes(keyword) && Array.isArray(value)) {
			out[keyword] = value.map((part) => loosen(part as JsonSchema));
		} else if (['type', 'title', 'description'].includes(keyword)) out[keyword] = value;
	}
	if (typeof out.type === 'string') out.type = [out.type, 'null'];
	else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
	return out;
}

/**
 * An action's output schema as MCP's `outputSchema`, or undefined when DingTalk gives none. Clients check
 * the structured result against it, and DingTalk's outputs are looser than their schemas (nulls, missing
 * fields, extra fields), so it keeps the shape, types and descriptions and drops required, enums and bounds.
 * An output that is not an object is given under `result` (see parseOutputJson), and so is its schema.
 */
export function toOutputSchema(schema: JsonSchema | undefined): JsonSchema | undefined {
	if (!isPlainObject(schema)) return undefined;
	const reduced = loosen(reduce(schema, schema, 0, []));
	const types = Array.isArray(reduced.type) ? reduced.type.filter((type) => type !== 'null') : [];
	const isObject = types.length === 0 ? isPlainObject(reduced.properties) : types.length === 1 && types[0] === 'object';
	if (isObject) return { ...reduced, type: 'object' };
	return { type: 'object', properties: { result: reduced } };
}
