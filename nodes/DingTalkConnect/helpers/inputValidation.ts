import { dereference, isPlainObject, schemaRequired, type JsonSchema } from './jsonSchema';

/** One reason an input does not fit the action's schema; `path` is like 'attendees[1].name' ('' = the whole input). */
export interface InputProblem {
	path: string;
	message: string;
}

// Deeper schemas than this are almost certainly recursive via $ref; stop rather than loop.
const MAX_DEPTH = 32;
const MAX_DESCRIBED = 10;

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:[Zz]|[+-](\d{2})(?::?(\d{2}))?)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return day <= daysInMonth;
}

// ISO 8601 as DingTalk's Java side parses it: offset optional, 'T' or a space between date and time.
export function isIsoDateTime(value: string): boolean {
	const match = DATE_TIME.exec(value);
	if (!match) return false;
	const [, year, month, day, hour, minute, second, offsetHour, offsetMinute] = match;
	return (
		validDate(Number(year), Number(month), Number(day)) &&
		Number(hour) <= 23 &&
		Number(minute) <= 59 &&
		(second === undefined || Number(second) <= 60) &&
		(offsetHour === undefined || Number(offsetHour) <= 23) &&
		(offsetMinute === undefined || Number(offsetMinute) <= 59)
	);
}

export function isIsoDate(value: string): boolean {
	const match = DATE.exec(value);
	return match !== null && validDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function childPath(path: string, key: string): string {
	const segment = /^[^.[\]\s"]+$/.test(key) ? key : `[${JSON.stringify(key)}]`;
	if (segment.startsWith('[')) return `${path}${segment}`;
	return path ? `${path}.${segment}` : segment;
}

function jsonTypeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

function matchesType(type: string, value: unknown): boolean {
	const actual = jsonTypeOf(value);
	if (type === 'number') return (actual === 'number' || actual === 'integer') && Number.isFinite(value);
	return actual === type;
}

const TYPE_WORDS: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	integer: 'an integer',
	boolean: 'true or false',
	array: 'a list (JSON array)',
	object: 'an object',
	null: 'null',
};

function showValue(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a) && Array.isArray(b)) {
		return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
	}
	if (isPlainObject(a) && isPlainObject(b)) {
		const keys = Object.keys(a);
		return (
			keys.length === Object.keys(b).length &&
			keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key]))
		);
	}
	return false;
}

function compilePattern(pattern: string): RegExp | undefined {
	try {
		return new RegExp(pattern, 'u');
	} catch {
		try {
			return new RegExp(pattern);
		} catch {
			// A pattern JavaScript cannot compile is not the user's fault: skip the check.
			return undefined;
		}
	}
}

class Validator {
	readonly problems: InputProblem[] = [];

	constructor(private readonly root: JsonSchema) {}

	private add(path: string, message: string) {
		this.problems.push({ path, message });
	}

	private matches(schema: JsonSchema, value: unknown, path: string, depth: number): boolean {
		const branch = new Validator(this.root);
		branch.check(schema, value, path, depth);
		return branch.problems.length === 0;
	}

	check(raw: JsonSchema, value: unknown, path: string, depth: number): void {
		if (depth > MAX_DEPTH || !isPlainObject(raw)) return;
		const schema = dereference(this.root, raw);
		// A reference that cannot be resolved says nothing we can check.
		if (typeof schema.$ref === 'string') return;

		if (Array.isArray(schema.allOf)) {
			for (const part of schema.allOf) this.check(part, value, path, depth + 1);
		}
		if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) {
			if (!schema.anyOf.some((part) => this.matches(part, value, path, depth + 1))) {
				this.add(path, 'does not match any of the allowed forms');
			}
		}
		if (Array.isArray(schema.oneOf) && schema.oneOf.length > 0) {
			const count = schema.oneOf.filter((part) => this.matches(part, value, path, depth + 1)).length;
			if (count === 0) this.add(path, 'does not match any of the allowed forms');
			else if (count > 1) this.add(path, 'matches more than one of the allowed forms');
		}

		const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(
			(type): type is string => typeof type === 'string',
		);
		if (types.length > 0 && !types.some((type) => matchesType(type, value))) {
			const words = types.map((type) => TYPE_WORDS[type] ?? type);
			this.add(path, `must be ${words.join(' or ')}`);
			return;
		}

		if (Array.isArray(schema.enum) && !schema.enum.some((option) => deepEqual(option, value))) {
			this.add(path, `must be one of: ${schema.enum.map(showValue).join(', ')}`);
		}
		if (schema.const !== undefined && !deepEqual(schema.const, value)) {
			this.add(path, `must be ${showValue(schema.const)}`);
		}

		if (typeof value === 'string') this.checkString(schema, value, path);
		else if (typeof value === 'number') this.checkNumber(schema, value, path);
		else if (Array.isArray(value)) this.checkArray(schema, value, path, depth);
		else if (isPlainObject(value)) this.checkObject(schema, value, path, depth);
	}

	private checkString(schema: JsonSchema, value: string, path: string) {
		// JSON Schema counts characters as code points, so an emoji is one character.
		const length = [...value].length;
		if (typeof schema.minLength === 'number' && length < schema.minLength) {
			this.add(path, `must be at least ${schema.minLength} characters long`);
		}
		if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
			this.add(path, `must be at most ${schema.maxLength} characters long`);
		}
		if (typeof schema.pattern === 'string') {
			const pattern = compilePattern(schema.pattern);
			if (pattern && !pattern.test(value)) this.add(path, `must match the pattern ${schema.pattern}`);
		}
		if (schema.format === 'date-time' && !isIsoDateTime(value)) {
			this.add(path, 'must be an ISO 8601 date-time, e.g. 2024-05-01T09:30:00+08:00');
		}
		if (schema.format === 'date' && !isIsoDate(value)) {
			this.add(path, 'must be a date, e.g. 2024-05-01');
		}
	}

	private checkNumber(schema: JsonSchema, value: number, path: string) {
		if (typeof schema.minimum === 'number' && value < schema.minimum) {
			this.add(path, `must be at least ${schema.minimum}`);
		}
		if (typeof schema.maximum === 'number' && value > schema.maximum) {
			this.add(path, `must be at most ${schema.maximum}`);
		}
		if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
			this.add(path, `must be greater than ${schema.exclusiveMinimum}`);
		}
		if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) {
			this.add(path, `must be less than ${schema.exclusiveMaximum}`);
		}
	}

	private checkArray(schema: JsonSchema, value: unknown[], path: string, depth: number) {
		if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
			this.add(path, `must have at least ${schema.minItems} items`);
		}
		if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
			this.add(path, `must have at most ${schema.maxItems} items`);
		}
		const { items } = schema;
		value.forEach((item, index) => {
			const itemSchema = Array.isArray(items) ? items[index] : items;
			if (itemSchema) this.check(itemSchema, item, `${path}[${index}]`, depth + 1);
		});
	}

	private checkObject(schema: JsonSchema, value: Record<string, unknown>, path: string, depth: number) {
		for (const name of schemaRequired(schema)) {
			if (!Object.prototype.hasOwnProperty.call(value, name) || value[name] === undefined) {
				this.add(childPath(path, name), 'is required');
			}
		}
		const properties = isPlainObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
		// Schema order, so problems read in the order the fields are shown.
		for (const [name, property] of Object.entries(properties)) {
			if (Object.prototype.hasOwnProperty.call(value, name) && value[name] !== undefined) {
				this.check(property, value[name], childPath(path, name), depth + 1);
			}
		}
		for (const [name, item] of Object.entries(value)) {
			if (item === undefined || Object.prototype.hasOwnProperty.call(properties, name)) continue;
			if (schema.additionalProperties === false) {
				this.add(childPath(path, name), 'is not allowed');
			} else if (isPlainObject(schema.additionalProperties)) {
				this.check(schema.additionalProperties, item, childPath(path, name), depth + 1);
			}
		}
	}
}

/**
 * Checks an input against the action's input schema before anything is sent, returning every
 * problem found (an empty list means valid). Keywords outside the subset we read are ignored.
 */
export function validateInput(schema: JsonSchema | undefined, input: unknown): InputProblem[] {
	if (!isPlainObject(schema)) return [];
	const validator = new Validator(schema);
	validator.check(schema, input, '', 0);
	return validator.problems;
}

const PATH_SEGMENT = /^(?:\.?([^.[\]\s"]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
const MAX_SHOWN_VALUE = 200;

/** The value at a problem's path ('attendees[1].name', '["a b"]'), or undefined when there is none. */
export function valueAtPath(input: unknown, path: string): unknown {
	let rest = path;
	let value = input;
	while (rest) {
		const match = PATH_SEGMENT.exec(rest);
		if (!match) return undefined;
		const key = match[1] ?? match[2] ?? (JSON.parse(match[3]) as string);
		if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
		rest = rest.slice(match[0].length);
	}
	return value;
}

function sentWords(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	const chars = [...text];
	return chars.length > MAX_SHOWN_VALUE ? `${chars.slice(0, MAX_SHOWN_VALUE - 1).join('')}…` : text;
}

/**
 * One sentence naming each problem, for an error message ('Field "title" is required; field ...').
 * Given what was sent, each problem also repeats the value it is about ('(sent: 35)'), so that a
 * model reading the error sees its own answer beside what is allowed.
 */
export function describeProblems(problems: InputProblem[], sent?: { input: unknown }): string {
	const parts = problems.slice(0, MAX_DESCRIBED).map((problem, index) => {
		const subject = problem.path ? `field "${problem.path}"` : 'input';
		const value = sent ? valueAtPath(sent.input, problem.path) : undefined;
		const phrase = `${subject} ${problem.message}${value === undefined ? '' : ` (sent: ${sentWords(value)})`}`;
		return index === 0 ? phrase.charAt(0).toUpperCase() + phrase.slice(1) : phrase;
	});
	const rest = problems.length - MAX_DESCRIBED;
	if (rest > 0) parts.push(`and ${rest} more problem${rest === 1 ? '' : 's'}`);
	return parts.join('; ');
}
