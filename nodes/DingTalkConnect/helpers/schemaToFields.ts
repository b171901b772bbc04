import type { FieldType, INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';

import {
	dereference,
	describedProperty,
	isPlainObject,
	nonNullTypes,
	schemaProperties,
	schemaRequired,
	type JsonSchema,
} from './jsonSchema';

/**
 * How one property is offered in the resource mapper. `json` says the value travels as JSON text in
 * n8n: 'object'/'array' for those types, 'any' for schemas that do not map onto one n8n type
 * (oneOf/anyOf, unresolved $ref, type lists, no type), which get a string field accepting JSON or text.
 */
export interface FieldShape {
	type: FieldType;
	json?: 'object' | 'array' | 'any';
	options?: INodePropertyOptions[];
	dateOnly?: boolean;
}

const DATE_FORMATS = new Set(['date-time', 'date']);

function enumOptions(schema: JsonSchema): INodePropertyOptions[] | undefined {
	const values = Array.isArray(schema.enum)
		? schema.enum
		: schema.const !== undefined
			? [schema.const]
			: undefined;
	if (!values) return undefined;
	// null only says the field may be left empty, which an unset n8n field already expresses.
	const choices = values.filter((value) => value !== null);
	if (choices.length === 0) return undefined;
	if (!choices.every((value) => ['string', 'number', 'boolean'].includes(typeof value))) return undefined;
	const names = Array.isArray(schema.enumNames) ? schema.enumNames : undefined;
	return choices.map((value) => {
		const index = (schema.enum ?? []).indexOf(value);
		const given = names && index >= 0 ? names[index] : undefined;
		const name = typeof given === 'string' && given !== '' ? given : String(value);
		return { name: name === '' ? '(Empty)' : name, value: value as string | number | boolean };
	});
}

/** Works out the n8n field type for one property schema (dereferenced against the root). */
export function fieldShape(root: JsonSchema | undefined, property: JsonSchema): FieldShape {
	const schema = isPlainObject(property) ? dereference(root, property) : {};
	if (typeof schema.$ref === 'string') return { type: 'string', json: 'any' };

	const options = enumOptions(schema);
	if (options) return { type: 'options', options };

	const types = nonNullTypes(schema);
	if (types.length === 0) {
		if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf) || Array.isArray(schema.allOf)) {
			return { type: 'string', json: 'any' };
		}
		if (isPlainObject(schema.properties)) return { type: 'object', json: 'object' };
		if (schema.items !== undefined) return { type: 'array', json: 'array' };
		return { type: 'string', json: 'any' };
	}
	if (types.length > 1) return { type: 'string', json: 'any' };

	switch (types[0]) {
		case 'string':
			if (typeof schema.format === 'string' && DATE_FORMATS.has(schema.format)) {
				return { type: 'dateTime', dateOnly: schema.format === 'date' };
			}
			return { type: 'string' };
		case 'number':
		case 'integer':
			return { type: 'number' };
		case 'boolean':
			return { type: 'boolean' };
		case 'array':
			return { type: 'array', json: 'array' };
		case 'object':
			return { type: 'object', json: 'object' };
		default:
			return { type: 'string', json: 'any' };
	}
}

// n8n's resource mapper (2.x and 1.x) shows a field's displayName and nothing else from it: no description
// or hint (see fieldHints). The label is the schema's title alone, so that it is never cut off.
export function fieldLabel(name: string, property: JsonSchema): string {
	const title = typeof property.title === 'string' ? property.title.trim() : '';
	return title || name;
}

// n8n's editor shows an unset boolean field as a switch turned ON (it hands the switch '' for "no value",
// which Vue reads as true) while nothing is sent. A choice of true/false shows an unset value as empty.
const BOOLEAN_CHOICES: INodePropertyOptions[] = [
	{ name: 'True', value: true },
	{ name: 'False', value: false },
];

// n8n's JSON editor lints its text with JSON.parse, so an empty one shows an error mark. An optional object
// or array, empty until someone fills it, is a text field that takes JSON text or an expression instead.
function mapperType(shape: FieldShape, required: boolean): FieldType {
	if (shape.type === 'boolean') return 'options';
	return shape.json && !required ? 'string' : shape.type;
}

function defaultValue(property: JsonSchema, shape: FieldShape): ResourceMapperField['defaultValue'] {
	const value = property.default;
	if (value === undefined) return undefined;
	if (shape.type === 'options') {
		return shape.options?.some((option) => option.value === value) ? (value as string | number | boolean) : undefined;
	}
	if (shape.json && typeof value === 'object' && value !== null) return JSON.stringify(value);
	if (shape.type === 'number') return typeof value === 'number' ? value : undefined;
	if (shape.type === 'boolean') return typeof value === 'boolean' ? value : undefined;
	if (shape.type === 'string' || shape.type === 'dateTime') {
		return typeof value === 'string' ? value : shape.json === 'any' ? JSON.stringify(value) : undefined;
	}
	return undefined;
}

/** One resource-mapper field per top-level property of the action's input schema, in schema order. */
export function schemaToFields(schema: JsonSchema | undefined): ResourceMapperField[] {
	const required = new Set(schemaRequired(schema));
	return Object.entries(schemaProperties(schema)).map(([name, raw]) => {
		const described = describedProperty(schema, raw);
		const shape = fieldShape(schema, isPlainObject(raw) ? raw : {});
		const field: ResourceMapperField = {
			id: name,
			displayName: fieldLabel(name, described),
			required: required.has(name),
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: mapperType(shape, required.has(name)),
		};
		const options = shape.type === 'boolean' ? BOOLEAN_CHOICES : shape.options;
		if (options) field.options = options;
		const initial = defaultValue(described, shape);
		if (initial !== undefined) field.defaultValue = initial;
		return field;
	});
}

