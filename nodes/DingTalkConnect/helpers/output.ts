import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from './jsonSchema';

/**
 * Turns InvokeInstance's outputJson (a JSON string) into an item's json. Text that is not JSON is
 * handed back as { ok: false, raw } because the action did run: the caller decides how to report it.
 */
export function parseOutputJson(raw: unknown): { ok: true; json: IDataObject } | { ok: false; raw: string } {
	if (raw === undefined || raw === null) return { ok: true, json: {} };
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return { ok: true, json: {} };
		try {
			value = JSON.parse(raw);
		} catch {
			return { ok: false, raw };
		}
		// Some connectors double-encode their output: unwrap a string that itself holds an object or array.
		if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
			try {
				value = JSON.parse(value);
			} catch {
				// Keep the inner string: it is a legitimate string result that merely looks like JSON.
			}
		}
	}
	if (value === null) return { ok: true, json: {} };
	if (isPlainObject(value)) return { ok: true, json: value as IDataObject };
	return { ok: true, json: { result: value as IDataObject['result'] } };
}
