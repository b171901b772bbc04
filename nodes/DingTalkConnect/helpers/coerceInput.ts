import { boundedStore } from '../../processMemory/processMemory';
import { dereference, isPlainObject, nonNullTypes, type JsonSchema } from './jsonSchema';

// The same guard as the validator's: deeper schemas are almost certainly recursive via $ref.
const MAX_DEPTH = 32;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})((?:[.,]\d+)?))?$/;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A zone's formatter, and the offset it gave for the last whole second asked for. */
interface ZoneFormat {
	format: Intl.DateTimeFormat;
	second?: number;
	offset?: number;
}

// `null`: a zone Intl does not know, remembered so it is not tried again.
const zoneFormats = boundedStore<string, ZoneFormat | null>('timeZoneFormats');

function zoneFormat(timeZone: string): ZoneFormat | undefined {
	let zone = zoneFormats.get(timeZone);
	if (zone === undefined) {
		try {
			zone = {
				format: new Intl.DateTimeFormat('en-US', {
					timeZone,
					hourCycle: 'h23',
					year: 'numeric',
					month: '2-digit',
					day: '2-digit',
					hour: '2-digit',
					minute: '2-digit',
					second: '2-digit',
				}),
			};
		} catch {
			zone = null;
		}
		zoneFormats.set(timeZone, zone);
	}
	return zone ?? undefined;
}

/** Minutes east of UTC in `timeZone` at the UTC instant `utcMillis`; undefined for an unknown zone. */
export function offsetMinutes(timeZone: string, utcMillis: number): number | undefined {
	const zone = zoneFormat(timeZone);
	if (zone === undefined) return undefined;
	// The answer depends on the whole second only; formatToParts costs about 0.1 ms, and a trigger taking
	// 50 events a second asks for the same second 50 times (each event's receivedAt).
	const second = Math.floor(utcMillis / 1000);
	if (zone.second === second) return zone.offset;
	const parts = zone.format.formatToParts(new Date(utcMillis));
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
	const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	const offset = Number.isFinite(wall) ? Math.round((wall - second * 1000) / 60_000) : undefined;
	zone.second = second;
	zone.offset = offset;
	return offset;
}

export function formatOffset(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const absolute = Math.abs(minutes);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/**
 * A date-time without an offset ("2024-06-30T18:00", "2024-06-30 18:00:00") read as wall-clock time
 * in `timeZone` and written as ISO 8601 with seconds and that zone's offset at that moment
 * ("2024-06-30T18:00:00+08:00"). Anything else, or an unknown zone, is returned unchanged.
 */
export function withOffset(value: string, timeZone: string | undefined): string {
	const match = LOCAL_DATE_TIME.exec(value.trim());
	if (!match || !timeZone) return value;
	const [, year, month, day, hour, minute, second = '00', fraction = ''] = match;
	const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
	if (!Number.isFinite(wall)) return value;
	// The offset at the guessed instant, then again at the corrected one (they differ only near a DST change).
	const first = offsetMinutes(timeZone, wall);
	if (first === undefined) return value;
	const offset = offsetMinutes(timeZone, wall - first * 60_000) ?? first;
	return `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.replace(',', '.')}${formatOffset(offset)}`;
}

function coerceScalar(schema: JsonSchema, value: string, timeZone: string | undefined): unknown {
	const text = value.trim();
	if (Array.isArray(schema.enum)) {
		if (schema.enum.includes(value)) return value;
		const match = schema.enum.find((option) => ['number', 'boolean'].includes(typeof option) && String(option) === text);
		if (match !== undefined) return match;
	}
	const types = nonNullTypes(schema);
	if (types.includes('string')) {
		return schema.format === 'date-time' ? withOffset(value, timeZone) : value;
	}
	if ((types.includes('integer') || types.includes('number')) && NUMERIC.test(text)) return Number(text);
	if (types.includes('boolean') && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
	return value;
}

function coerce(root: JsonSchema, raw: unknown, value: unknown, timeZone: string | undefined, depth: number): unknown {
	if (depth > MAX_DEPTH || !isPlainObject(raw)) return value;
	const schema = dereference(root, raw as JsonSchema);
	if (typeof value === 'string') return coerceScalar(schema, value, timeZone);
	if (Array.isArray(value)) {
		const { items } = schema;
		if (items === undefined) return value;
		return value.map((item, index) => coerce(root, Array.isArray(items) ? items[index] : items, item, timeZone, depth + 1));
	}
	if (isPlainObject(value)) {
		const properties = isPlainObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
		const extra = isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
		const out: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value)) {
			const child = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : extra;
			setOwn(out, key, coerce(root, child, item, timeZone, depth + 1));
		}
		return out;
	}
	return value;
}

/**
 * Reads the answers a person or a model naturally gives as the schema means them, before the input
 * is checked. The rule, applied wherever the schema describes the value (nested objects and arrays too):
 * - text that spells one of a non-text enum's values becomes that value ("30" → 30, "true" → true);
 * - numeric text becomes a number where the schema wants an integer or a number and not a string ("30" → 30);
 * - "true"/"false" (any case) become booleans where the schema wants a boolean and not a string;
 * - a date-time without an offset, where the schema says `format: date-time`, is read in `timeZone`
 *   (the workflow's) and gets that zone's offset ("2024-06-30T18:00" → "2024-06-30T18:00:00+08:00").
 * Nothing else changes: values that still do not fit are left for validation to report. Returns a copy.
 */
export function coerceInput(schema: JsonSchema | undefined, input: unknown, timeZone?: string): unknown {
	if (!isPlainObject(schema)) return input;
	return coerce(schema, schema, input, timeZone, 0);
}
