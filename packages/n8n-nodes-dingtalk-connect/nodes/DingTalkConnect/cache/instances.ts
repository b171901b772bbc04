import type { IDataObject } from 'n8n-workflow';

import { dingTalkApiRequest, getDingTalkErrorCode, getFailureKind, readAppScope, type AppTarget, type DingTalkContext } from '../transport';
import { settle } from '../helpers/settle';
import { registerCache } from './ttlCache';

export const INSTANCES_PATH = '/v1.0/connector/instances';

// An instance lives until somebody deletes it; a deleted one is noticed (4004) and created again.
const instances = registerCache(new Map<string, Promise<void>>());
const MAX_INSTANCES = 5_000;

// DingTalk documents no code for creating an instance that exists; these are the plausible ones, matched exactly.
const ALREADY_EXISTS_CODES = new Set([
	'InstanceAlreadyExists',
	'instanceAlreadyExists',
	'Instance.AlreadyExists',
	'AlreadyExists',
	'InstanceExists',
]);

/** Whether DingTalk refused a creation because the instance is already there: then it is ready. */
export function isAlreadyExists(error: unknown): boolean {
	const code = getDingTalkErrorCode(error);
	if (code !== undefined) return ALREADY_EXISTS_CODES.has(code);
	return (error as { httpCode?: string | null } | null)?.httpCode === '409';
}

export async function createInstance(
	this: DingTalkContext,
	connectAssetUri: string,
	instanceKey: string,
	itemIndex?: number,
	authCorpId?: string,
): Promise<{ created: boolean; versionId?: string }> {
	const creation = await settle(
		dingTalkApiRequest.call(this, {
			method: 'POST',
			path: INSTANCES_PATH,
			body: { connectAssetUri, instanceKey },
			kind: 'create',
			itemIndex,
			connectAssetUri,
			authCorpId,
		}),
	);
	if (creation.ok) {
		const { versionId } = creation.value;
		return { created: true, versionId: typeof versionId === 'string' ? versionId : undefined };
	}
	if (isAlreadyExists(creation.error)) return { created: false };
	throw creation.error;
}

/**
 * Deletes the instance (the sample's DELETE call; DingTalk documents none) and forgets it, so that a
 * later invoke creates it again. An instance that is already gone (4004) counts as deleted: nothing is left.
 */
export async function deleteInstance(
	this: DingTalkContext,
	connectAssetUri: string,
	instanceKey: string,
	itemIndex: number,
): Promise<{ deleted: boolean }> {
	const scope = await readAppScope.call(this, { itemIndex });
	instances.delete(`${scope.key}|${connectAssetUri}|${instanceKey}`);
	const deletion = await settle(
		dingTalkApiRequest.call(this, {
			method: 'DELETE',
			path: INSTANCES_PATH,
			qs: { connectAssetUri, instanceKey },
			kind: 'create',
			itemIndex,
			connectAssetUri,
		}),
	);
	if (deletion.ok) return { deleted: true };
	if (getFailureKind(deletion.error) === 'notFound') return { deleted: false };
	throw deletion.error;
}

function startCreation(key: string, create: () => Promise<unknown>): Promise<void> {
	const ready = create().then(() => undefined);
	instances.set(key, ready);
	ready.catch(() => {
		if (instances.get(key) === ready) instances.delete(key);
	});
	if (instances.size > MAX_INSTANCES) {
		const oldest = instances.keys().next().value;
		if (oldest !== undefined) instances.delete(oldest);
	}
	return ready;
}

/**
 * Runs `send` against the instance (connectAssetUri, instanceKey) of the credential's app, creating it
 * once per process first. If DingTalk says it does not exist (4004: deleted, or created under another
 * app), nothing ran: it is created again, once for all items that saw it missing, and `send` runs once more.
 */
export async function withInstance(
	this: DingTalkContext,
	connectAssetUri: string,
	instanceKey: string,
	target: AppTarget & { itemIndex: number },
	send: () => Promise<IDataObject>,
): Promise<IDataObject> {
	const { itemIndex, authCorpId } = target;
	const scope = await readAppScope.call(this, target);
	const key = `${scope.key}|${connectAssetUri}|${instanceKey}`;
	const create = async () => await createInstance.call(this, connectAssetUri, instanceKey, itemIndex, authCorpId);
	const seen = instances.get(key) ?? startCreation(key, create);
	await seen;
	const first = await settle(send());
	if (first.ok) return first.value;
	if (getFailureKind(first.error) !== 'notFound') throw first.error;
	const current = instances.get(key);
	await (current !== undefined && current !== seen ? current : startCreation(key, create));
	return await send();
}
