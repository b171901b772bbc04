const MAX_DERIVED_LENGTH = 64;
const MAX_EXPLICIT_LENGTH = 128;
const SAFE_ID = /^[A-Za-z0-9_-]+$/;

// C0, DEL and C1 controls; checked by code so no regex holds raw control characters.
function hasControlCharacter(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true;
	}
	return false;
}

// 64-bit FNV-1a over UTF-16 code units, as 16 hex digits: a stable, dependency-free fingerprint
// for ids that cannot be used as they are (no crypto module may be imported by a community node).
function fingerprint(text: string): string {
	let hash = 0xcbf29ce484222325n;
	const prime = 0x100000001b3n;
	const mask = 0xffffffffffffffffn;
	for (let index = 0; index < text.length; index++) {
		hash ^= BigInt(text.charCodeAt(index));
		hash = (hash * prime) & mask;
	}
	return hash.toString(16).padStart(16, '0');
}

function keyFrom(prefix: string, id: string): string {
	const room = MAX_DERIVED_LENGTH - prefix.length;
	if (SAFE_ID.test(id) && id.length <= room) return `${prefix}${id}`;
	// Replacing unsafe characters could make two ids equal, so such ids are fingerprinted instead;
	// the readable part stays only as a hint for whoever looks at the instance in DingTalk.
	const readable = id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, room - 17);
	return `${prefix}${readable ? `${readable}-` : ''}${fingerprint(id)}`;
}

/**
 * The instance key used when the user sets none: one per workflow (stable across its runs and
 * distinct between workflows); for a workflow never saved (no id yet) one per node instead.
 */
export function deriveInstanceKey(context: { workflowId?: string; nodeId?: string; nodeName?: string }): string {
	const workflowId = context.workflowId?.trim();
	if (workflowId) return keyFrom('n8n-wf-', workflowId);
	const nodeId = context.nodeId?.trim();
	if (nodeId) return keyFrom('n8n-node-', nodeId);
	const nodeName = context.nodeName?.trim();
	if (nodeName) return keyFrom('n8n-name-', nodeName);
	return 'n8n-default';
}

/** Checks an instance key typed by the user; returns it trimmed, or what is wrong with it ("is empty"). */
export function validateInstanceKey(key: string): { key?: string; problem?: string } {
	const trimmed = typeof key === 'string' ? key.trim() : '';
	if (trimmed === '') return { problem: 'is empty' };
	if (trimmed.length > MAX_EXPLICIT_LENGTH) {
		return { problem: `is longer than ${MAX_EXPLICIT_LENGTH} characters` };
	}
	if (hasControlCharacter(trimmed)) return { problem: 'contains control characters' };
	return { key: trimmed };
}
