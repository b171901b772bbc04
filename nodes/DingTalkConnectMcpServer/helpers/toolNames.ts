import { createHash } from 'crypto';

/** What a tool's name is made from. */
export interface NameSource {
	connectAssetUri: string;
	actionName: string;
	actionId: string;
	connectorName: string;
	connectorId: string;
}

// MCP clients (and the model APIs behind them) accept tool names of at most 64 of these characters.
export const MAX_TOOL_NAME_LENGTH = 64;
const MAX_CONNECTOR_PART = 24;
const SUFFIX_LENGTH = 6;

/** Latin letters and digits of a name, lower case, other runs as '_' ("待办中心 To-do Center" → "to_do_center"). */
export function slug(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

function cut(text: string, length: number): string {
	return text.slice(0, length).replace(/_+$/, '');
}

/** `<connector>__<action>` from their names (their IDs when a name has no Latin letters or digits), at most 64 characters. */
export function baseToolName(source: NameSource): string {
	const connector = cut(slug(source.connectorName) || slug(source.connectorId) || 'connector', MAX_CONNECTOR_PART);
	const action = slug(source.actionName) || slug(source.actionId) || 'action';
	return cut(`${connector}__${action}`, MAX_TOOL_NAME_LENGTH);
}

function suffixOf(connectAssetUri: string): string {
	return createHash('sha256').update(connectAssetUri).digest('hex').slice(0, SUFFIX_LENGTH);
}

/**
 * A unique name per action (by connectAssetUri), the same whatever order the actions come in. Actions whose
 * names read the same each get a short hash of their connectAssetUri appended, so none depends on another's position.
 */
export function toolNames(sources: NameSource[]): Map<string, string> {
	const groups = new Map<string, NameSource[]>();
	for (const source of sources) {
		const base = baseToolName(source).toLowerCase();
		groups.set(base, [...(groups.get(base) ?? []), source]);
	}
	const names = new Map<string, string>();
	for (const [base, members] of groups) {
		const distinct = new Set(members.map((member) => member.connectAssetUri));
		for (const member of members) {
			const suffix = `_${suffixOf(member.connectAssetUri)}`;
			names.set(
				member.connectAssetUri,
				distinct.size === 1 ? base : `${cut(base, MAX_TOOL_NAME_LENGTH - suffix.length)}${suffix}`,
			);
		}
	}
	return names;
}
