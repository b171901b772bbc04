/** The subset of JSON Schema the node reads; unknown keywords are tolerated and ignored. */
export interface JsonSchema {
	type?: string | string[];
	title?: string;
	description?: string;
	format?: string;
	enum?: unknown[];
	const?: unknown;
	default?: unknown;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	items?: JsonSchema | JsonSchema[];
	additionalProperties?: boolean | JsonSchema;
	oneOf?: JsonSchema[];
	anyOf?: JsonSchema[];
	allOf?: JsonSchema[];
	$ref?: string;
	minLength?: number;
	maxLength?: number;
	minimum?: number;
	maximum?: number;
	pattern?: string;
	[keyword: string]: unknown;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses GetActionDetail's inputSchema/outputSchema. DingTalk serialises them as JSON strings, but
 * '', '{}', null, an object or garbage all occur in the wild, so nothing here throws.
 */
export function parseSchema(raw: unknown): JsonSchema | undefined {
	let value: unknown = raw;
	// Some connectors double-encode the schema (a JSON string holding a JSON string).
	for (let depth = 0; depth < 2 && typeof value === 'string'; depth++) {
		const text = value.trim();
		if (text === '') return undefined;
		try {
			value = JSON.parse(text);
		} catch {
			return undefined;
		}
	}
	if (!isPlainObject(value)) return undefined;
	if (Object.keys(value).length === 0) return undefined;
	return value as JsonSchema;
}

/** The schema's `properties` as an object, whatever the schema declares as its type. */
export function schemaProperties(schema: JsonSchema | undefined): Record<string, JsonSchema> {
	const properties = schema?.properties;
	return isPlainObject(properties) ? (properties as Record<string, JsonSchema>) : {};
}

export function schemaRequired(schema: JsonSchema | undefined): string[] {
	const required = schema?.required;
	return Array.isArray(required) ? required.filter((name): name is string => typeof name === 'string') : [];
}

/** The declared types, without 'null' (n8n has no null type; an unset field stands for null). */
export function nonNullTypes(schema: JsonSchema): string[] {
	const { type } = schema;
	const types = Array.isArray(type) ? type : typeof type === 'string' ? [type] : [];
	return types.filter((name): name is string => typeof name === 'string' && name !== 'null');
}

/**
 * Resolves a local `$ref` ('#/definitions/x', '#/$defs/x', '#' or any JSON pointer into the root).
 * Remote references cannot be fetched by a node, so they resolve to undefined.
 */
export function resolveRef(root: JsonSchema | undefined, ref: string): JsonSchema | undefined {
	if (!root || !ref.startsWith('#')) return undefined;
	const pointer = ref.slice(1);
	if (pointer === '') return root;
	if (!pointer.startsWith('/')) return undefined;
	let node: unknown = root;
	for (const rawToken of pointer.slice(1).split('/')) {
		let token: string;
		try {
			token = decodeURIComponent(rawToken).replace(/~1/g, '/').replace(/~0/g, '~');
		} catch {
			return undefined;
		}
		if (!isPlainObject(node) || !Object.prototype.hasOwnProperty.call(node, token)) return undefined;
		node = node[token];
	}
	return isPlainObject(node) ? (node as JsonSchema) : undefined;
}

/** Follows `$ref` chains from the root, guarding against cycles; returns the schema itself when it has none. */
export function dereference(root: JsonSchema | undefined, schema: JsonSchema): JsonSchema {
	let current = schema;
	const seen = new Set<string>();
	while (typeof current.$ref === 'string' && !seen.has(current.$ref)) {
		seen.add(current.$ref);
		const target = resolveRef(root, current.$ref);
		if (!target) return current;
		current = target;
	}
	return current;
}

/**
 * A property as it reads: its `$ref` followed, with the title, description and default the property gives
 * itself kept over the target's. Anything that is not a schema object reads as `{}`.
 */
export function describedProperty(root: JsonSchema | undefined, raw: unknown): JsonSchema {
	if (!isPlainObject(raw)) return {};
	const described: JsonSchema = { ...dereference(root, raw) };
	if (typeof raw.title === 'string') described.title = raw.title;
	if (typeof raw.description === 'string') described.description = raw.description;
	if (raw.default !== undefined) described.default = raw.default;
	return described;
}
