import { NodeApiError, type JsonObject } from 'n8n-workflow';

import { dingTalkApiRequest, getDingTalkErrorCode } from '../transport';
import { credentialKey, type DingTalkContext } from './credentialKey';
import { registerCache } from './ttlCache';

export const INSTANCES_PATH = '/v1.0/connector/instances';

interface InstanceEntry {
	generation: number;
	ready: Promise<void>;
}

// An instance lives until somebody deletes it; a deleted one is noticed (4004) and created again.
const instances = registerCache(new Map<string, InstanceEntry>());
const MAX_INSTANCES = 5_000;

function instanceCacheKey(context: DingTalkContext, connectAssetUri: string, instanceKey: string) {
	return `${credentialKey(context)}|${connectAssetUri}|${instanceKey}`;
}

/**
 * Whether DingTalk refused a creation because the instance is already there. Its code for that is
 * unknown, so a 409 or any code that speaks of existence counts: either way the instance is ready.
 */
export function isAlreadyExists(error: unknown): boolean {
	const code = getDingTalkErrorCode(error) ?? '';
	const httpCode = (error as { httpCode?: string | null })?.httpCode;
	return httpCode === '409' || /exist/i.test(code);
}

export async function createInstance(
	this: DingTalkContext,
	connectAssetUri: string,
	instanceKey: string,
	itemIndex?: number,
): Promise<{ created: boolean; versionId?: string }> {
	try {
		const answer = await dingTalkApiRequest.call(this, {
			method: 'POST',
			path: INSTANCES_PATH,
			body: { connectAssetUri, instanceKey },
			kind: 'create',
			itemIndex,
			connectAssetUri,
		});
		return { created: true, versionId: answer.versionId as string | undefined };
	} catch (error) {
		if (isAlreadyExists(error)) return { created: false };
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

function startCreation(
	key: string,
	generation: number,
	create: () => Promise<unknown>,
): InstanceEntry {
	const entry: InstanceEntry = { generation, ready: create().then(() => undefined) };
	instances.set(key, entry);
	entry.ready.catch(() => {
		if (instances.get(key) === entry) instances.delete(key);
	});
	if (instances.size > MAX_INSTANCES) {
		const oldest = instances.keys().next().value;
		if (oldest !== undefined) instances.delete(oldest);
	}
	return entry;
}

/**
 * Creates the instance once per (credential, asset, key) in this process; concurrent items share the
 * creation. Returns the generation the caller relied on, for `recreateInstance`.
 */
export async function ensureInstance(
	this: DingTalkContext,
	connectAssetUri: string,
	instanceKey: string,
	itemIndex?: number,
): Promise<number> {
	const key = instanceCacheKey(this, connectAssetUri, instanceKey);
	const entry =
		instances.get(key) ??
		startCreation(key, 1, async () => await createInstance.call(this, connectAssetUri, instanceKey, itemIndex));
	await entry.ready;
	return entry.generation;
}

/**
 * Creates the instance again after DingTalk said it does not exist (4004). Items that saw the same
 * missing instance share one creation: only the first one past `seenGeneration` creates.
 */
export async function recreateInstance(
	this: DingTalkContext,
	connectAssetUri: string,
	instanceKey: string,
	seenGeneration: number,
	itemIndex?: number,
): Promise<number> {
	const key = instanceCacheKey(this, connectAssetUri, instanceKey);
	const current = instances.get(key);
	const entry =
		current && current.generation > seenGeneration
			? current
			: startCreation(
					key,
					seenGeneration + 1,
					async () => await createInstance.call(this, connectAssetUri, instanceKey, itemIndex),
				);
	await entry.ready;
	return entry.generation;
}
