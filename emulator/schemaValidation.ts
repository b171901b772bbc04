// The subset of JSON Schema that connector input schemas use, checked the way the Connect platform
// checks an invoke's input: the first problem found is reported, naming the field.

import type { JsonSchema } from './seed';

// ISO 8601 date-time with a time zone (RFC 3339), as JSON Schema's "date-time" format demands.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
	const actual = typeOf(value);
	if (type === 'number') return actual === 'number' || actual === 'integer';
	return actual === type;
}

/** Returns a message naming the first invalid field, or undefined when the value fits the schema. */
export function validateAgainstSchema(value: unknown, schema: JsonSchema, path = 'input'): string | undefined {
	const type = schema.type as string | string[] | undefined;
	if (type !== undefined) {
		const types = Array.isArray(type) ? type : [type];
		if (!types.some((t) => matchesType(value, t))) {
			return `${path} must be of type ${types.join(' or ')}, got ${typeOf(value)}`;
		}
	}
	if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
		return `${path} must be one of ${JSON.stringify(schema.enum)}`;
	}
	if (typeof value === 'string') {
		if (schema.format === 'date-time' && (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
			return `${path} must be a date-time (ISO 8601, e.g. 2024-06-30T18:00:00+08:00)`;
		}
		if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
			return `${path} must be at least ${schema.minLength} characters long`;
		}
		if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
			return `${path} must be at most ${schema.maxLength} characters long`;
		}
	}
	if (typeof value === 'number') {
		if (typeof schema.minimum === 'number' && value < schema.minimum) return `${path} must be >= ${schema.minimum}`;
		if (typeof schema.maximum === 'number' && value > schema.maximum) return `${path} must be <= ${schema.maximum}`;
	}
	if (Array.isArray(value)) {
		if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
			return `${path} must have at least ${schema.minItems} items`;
		}
		const items = schema.items as JsonSchema | undefined;
		if (items) {
			for (const [index, item] of value.entries()) {
				const problem = validateAgainstSchema(item, items, `${path}[${index}]`);
				if (problem) return problem;
			}
		}
	}
	if (typeOf(value) === 'object') {
		const record = value as Record<string, unknown>;
		const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
		for (const name of required) {
			if (record[name] === undefined) return `${path}.${name} is required`;
		}
		const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
		for (const [name, propertySchema] of Object.entries(properties)) {
			if (record[name] === undefined) continue;
			const problem = validateAgainstSchema(record[name], propertySchema, `${path}.${name}`);
			if (problem) return problem;
		}
	}
	return undefined;
}
