import { validateInput, type InputProblem } from './inputValidation';
import { isPlainObject, schemaProperties, type JsonSchema } from './jsonSchema';
import { fieldShape, type FieldShape } from './schemaToFields';

function isUnset(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
	// defineProperty so that a property called "__proto__" is data, not a prototype change.
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

interface DateTimeLike {
	toISO: () => string | null;
	toISODate?: () => string | null;
}

function isDateTimeLike(value: unknown): value is DateTimeLike {
	return typeof value === 'object' && value !== null && typeof (value as DateTimeLike).toISO === 'function';
}

function toDateText(value: unknown, dateOnly: boolean): unknown {
	if (isDateTimeLike(value)) {
		const text = dateOnly && typeof value.toISODate === 'function' ? value.toISODate() : value.toISO();
		return text ?? value;
	}
	if (value instanceof Date && !Number.isNaN(value.getTime())) {
		const text = value.toISOString();
		return dateOnly ? text.slice(0, 10) : text;
	}
	if (typeof value === 'string') {
		const text = value.trim();
		// n8n's date picker always yields a date-time; a date-only field wants just the day.
		return dateOnly && /^\d{4}-\d{2}-\d{2}[T ]/.test(text) ? text.slice(0, 10) : text;
	}
	return value;
}

function problemsOf(schema: JsonSchema | undefined, key: string, value: unknown): InputProblem[] {
	const own = (path: string) => path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`);
	return validateInput(schema, { [key]: value }).filter((problem) => own(problem.path));
}

type Converted = { value: unknown } | { problem: string };

function convert(schema: JsonSchema | undefined, key: string, shape: FieldShape, value: unknown): Converted {
	if (shape.json === 'object' || shape.json === 'array') {
		if (typeof value !== 'string') return { value };
		try {
			return { value: JSON.parse(value) };
		} catch {
			return { problem: `is not valid JSON (expected ${shape.json === 'array' ? 'a JSON array' : 'a JSON object'})` };
		}
	}
	if (shape.json === 'any') {
		if (typeof value !== 'string') return { value };
		let parsed: unknown;
		try {
			parsed = JSON.parse(value);
		} catch {
			return { value };
		}
		// The field takes JSON or text: prefer whichever reading the schema accepts, JSON first.
		if (problemsOf(schema, key, parsed).length === 0) return { value: parsed };
		if (problemsOf(schema, key, value).length === 0) return { value };
		return { value: parsed };
	}
	switch (shape.type) {
		case 'dateTime':
			return { value: toDateText(value, shape.dateOnly === true) };
		case 'number':
			if (typeof value === 'string' && Number.isFinite(Number(value.trim()))) return { value: Number(value.trim()) };
			return { value };
		case 'boolean':
			if (value === 'true' || value === 'false') return { value: value === 'true' };
			return { value };
		case 'options': {
			// n8n may hand numeric or boolean choices back as text; map them to the schema's own value.
			const match = shape.options?.find((option) => option.value === value || String(option.value) === String(value));
			return { value: match ? match.value : value };
		}
		case 'string':
			if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
			return { value };
		default:
			return { value };
	}
}

function extrasAllowed(schema: JsonSchema | undefined): boolean {
	if (!isPlainObject(schema)) return true;
	const { additionalProperties } = schema;
	return additionalProperties === true || isPlainObject(additionalProperties);
}

/**
 * Turns the resource mapper's values into the input object sent to DingTalk: JSON text of object and
 * array fields parsed, dates as ISO strings, unset fields (null, undefined, '') dropped, and only the
 * schema's properties kept unless its additionalProperties explicitly allows more (stale fields of an
 * older schema version would otherwise be sent).
 */
export function mapperValuesToInput(
	schema: JsonSchema | undefined,
	values: Record<string, unknown> | null | undefined,
): { input: Record<string, unknown>; problems: InputProblem[] } {
	const input: Record<string, unknown> = {};
	const problems: InputProblem[] = [];
	if (!isPlainObject(values)) return { input, problems };

	const properties = schemaProperties(schema);
	const keepExtras = extrasAllowed(schema);
	const declared = Object.keys(properties).filter((key) => Object.prototype.hasOwnProperty.call(values, key));
	const extras = Object.keys(values).filter((key) => !Object.prototype.hasOwnProperty.call(properties, key));

	for (const key of declared) {
		const value = values[key];
		if (isUnset(value)) continue;
		const converted = convert(schema, key, fieldShape(schema, properties[key]), value);
		if ('problem' in converted) problems.push({ path: key, message: converted.problem });
		else setOwn(input, key, converted.value);
	}
	if (keepExtras) {
		for (const key of extras) {
			if (!isUnset(values[key])) setOwn(input, key, values[key]);
		}
	}
	return { input, problems };
}
