import { NodeApiError, type IDataObject } from 'n8n-workflow';

import {
	dingTalkApiRequest,
	getDingTalkErrorCode,
	getFailureKind,
	readAppScope,
	type AppTarget,
	type DingTalkContext,
	type FailureKind,
} from '../transport';
import { boundedStore } from '../../processMemory/processMemory';
import { settle, type Settled } from '../helpers/settle';

export const INSTANCES_PATH = '/v1.0/connector/instances';

/**
 * DingTalk documents what a missing instance is (4004), not what creating an existing one answers. So an
 * invoke goes first, as if the instance were there, and only a "not found" creates it; whatever the
 * creation answers, the invoke after it decides.
 */
interface InstanceCreations {
	/** How many creations this process started for the instance; an invoke notes it when it is sent. */
	started: number;
	/** The latest creation, shared by every item that saw the instance missing before it began. */
	latest?: Promise<Settled<IDataObject>>;
}

const creations = boundedStore<string, InstanceCreations>('instanceCreations');

// Refusals that say nothing about the instance: a creation answered with one of these cannot have made it.
const CREATION_CANNOT_CURE: ReadonlySet<FailureKind> = new Set<FailureKind>([
	'expiredToken',
	'missingToken',
	'tokenRejected',
	'permissionDenied',
	'ipNotAllowed',
	'notAuthorised',
	'quotaExhausted',
	'ipBanned',
	'throttled',
	'cancelled',
]);

// Refusals whose code DingTalk does not document: for an explicit creation, one of them may mean "it is there".
const UNDOCUMENTED_REFUSALS: ReadonlySet<FailureKind> = new Set<FailureKind>(['apiError', 'connectorError']);

function creationsOf(key: string): InstanceCreations {
	let entry = creations.get(key);
	if (entry === undefined) {
		entry = { started: 0 };
		creations.set(key, entry);
	}
	return entry;
}

async function instanceKeyOf(context: DingTalkContext, connectAssetUri: string, instanceKey: string, target: AppTarget): Promise<string> {
	const scope = await readAppScope.call(context, target);
	return `${scope.key}|${connectAssetUri}|${instanceKey}`;
}

function sendCreation(
	context: DingTalkContext,
	connectAssetUri: string,
	instanceKey: string,
	itemIndex?: number,
	authCorpId?: string,
): Promise<IDataObject> {
	return dingTalkApiRequest.call(context, {
		method: 'POST',
		path: INSTANCES_PATH,
		body: { connectAssetUri, instanceKey },
		kind: 'create',
		itemIndex,
		connectAssetUri,
		authCorpId,
	});
}

/** What DingTalk answered, in words, for an error that names several answers. */
function answerText(error: unknown): string {
	if (!(error instanceof NodeApiError)) return error instanceof Error ? `"${error.message}"` : 'an error';
	const context = error.context as IDataObject;
	const code = getDingTalkErrorCode(error);
	const parts = [code ?? (error.httpCode ? `HTTP ${error.httpCode}` : error.message)];
	if (code !== undefined && error.httpCode) parts.push(`HTTP ${error.httpCode}`);
	if (typeof context.requestId === 'string') parts.push(`request ID ${context.requestId}`);
	return parts.length > 1 ? `${parts[0]} (${parts.slice(1).join(', ')})` : parts[0];
}

/** The invoke after a creation still found no instance: say what each of the three calls answered. */
function stillMissing(firstInvoke: unknown, creation: Settled<IDataObject>, secondInvoke: unknown): unknown {
	if (!(secondInvoke instanceof NodeApiError)) return secondInvoke;
	const created = creation.ok ? 'succeeded' : `answered ${answerText(creation.error)}`;
	secondInvoke.description =
		`The invoke answered ${answerText(firstInvoke)}; creating the instance then ${created}; ` +
		`the invoke after it answered ${answerText(secondInvoke)}. Check the Connect Asset URI and that this app may use it ` +
		'(give the request IDs to DingTalk support if the problem persists).';
	return secondInvoke;
}

/**
 * Runs `send` (an invoke) against the instance (connectAssetUri, instanceKey) of the credential's app. If
 * DingTalk says it does not exist, nothing ran: it is created, once for all items that saw it missing,
 * and `send` runs once more. Only a refusal that a creation cannot cure (authentication, permission,
 * 4003, quota, rate) ends it early.
 */
export async function withInstance(
	this: DingTalkContext,
	connectAssetUri: string,
	instanceKey: string,
	target: AppTarget & { itemIndex: number },
	send: () => Promise<IDataObject>,
): Promise<IDataObject> {
	const entry = creationsOf(await instanceKeyOf(this, connectAssetUri, instanceKey, target));
	if (entry.latest !== undefined) await entry.latest;
	const startedBefore = entry.started;
	const first = await settle(send());
	if (first.ok) return first.value;
	if (getFailureKind(first.error) !== 'notFound') throw first.error;

	if (entry.started === startedBefore || entry.latest === undefined) {
		entry.started++;
		entry.latest = settle(sendCreation(this, connectAssetUri, instanceKey, target.itemIndex, target.authCorpId));
	}
	const creation = await entry.latest;
	if (!creation.ok && CREATION_CANNOT_CURE.has(getFailureKind(creation.error) ?? 'apiError')) throw creation.error;
	const second = await settle(send());
	if (second.ok) return second.value;
	if (getFailureKind(second.error) === 'notFound') throw stillMissing(first.error, creation, second.error);
	throw second.error;
}

/**
 * Instance → Create. DingTalk documents no answer for an instance that exists, so a refusal whose
 * meaning is not documented is reported beside the item (`created: false`) instead of failing it.
 */
export async function createInstance(
	this: DingTalkContext,
	connectAssetUri: string,
	instanceKey: string,
	itemIndex: number,
): Promise<IDataObject> {
	const creation = await settle(sendCreation(this, connectAssetUri, instanceKey, itemIndex));
	if (creation.ok) {
		const { versionId } = creation.value;
		return { created: true, ...(typeof versionId === 'string' ? { versionId } : {}) };
	}
	const kind = getFailureKind(creation.error);
	if (kind === undefined || !UNDOCUMENTED_REFUSALS.has(kind) || !(creation.error instanceof NodeApiError)) throw creation.error;
	const context = creation.error.context as IDataObject;
	return {
		created: false,
		dingTalkAnswer: {
			httpStatus: creation.error.httpCode !== null ? Number(creation.error.httpCode) : null,
			code: context.dingTalkCode ?? null,
			message: context.dingTalkMessage ?? null,
			requestId: context.requestId ?? null,
		},
	};
}

/**
 * Deletes the instance (the sample's DELETE call; DingTalk documents none). An instance that is already
 * gone (not found) counts as deleted: nothing is left. A later invoke creates it again.
 */
export async function deleteInstance(
	this: DingTalkContext,
	connectAssetUri: string,
	instanceKey: string,
	itemIndex: number,
): Promise<{ deleted: boolean }> {
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
