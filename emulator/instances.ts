// The instance APIs: CreateInstance, InvokeInstance and the sample's DELETE /v1.0/connector/instances.
// An instance belongs to an organisation: every app acting for it may use it, no other app sees it.

import type { InstanceFilter } from './types';
import { inputSchemaOf } from './actionSchemas';
import { alreadyExists, connectError, type Answer } from './http/answers';
import { validateAgainstSchema } from './schemaValidation';
import type { Caller, EmulatorState } from './state';
import { clone, nonEmptyString } from './jsonValues';
import { authorityUrl, authorized, findVisibleAction } from './visibility';

/** The full identity of an instance: organisation, asset and instanceKey. */
function instanceKeyOf(corpId: string, connectAssetUri: string, instanceKey: string): string {
	return `${corpId}\u0000${connectAssetUri}\u0000${instanceKey}`;
}

export function deleteInstances(state: EmulatorState, filter: InstanceFilter = {}): number {
	let deleted = 0;
	for (const [key, instance] of state.instances) {
		if (filter.connectAssetUri !== undefined && instance.connectAssetUri !== filter.connectAssetUri) continue;
		if (filter.instanceKey !== undefined && instance.instanceKey !== filter.instanceKey) continue;
		if (filter.corpId !== undefined && instance.corpId !== filter.corpId) continue;
		state.instances.delete(key);
		deleted++;
	}
	return deleted;
}

export function createInstance(state: EmulatorState, caller: Caller, body: Record<string, unknown>, requestId: string): Answer {
	const { config } = state;
	if (!nonEmptyString(body.connectAssetUri) || !nonEmptyString(body.instanceKey)) {
		return connectError(config, requestId, '4001', 'connectAssetUri and instanceKey are mandatory');
	}
	const action = findVisibleAction(state, caller, body.connectAssetUri);
	if (!action) return connectError(config, requestId, '4004', `The asset does not exist: ${body.connectAssetUri}`);
	const key = instanceKeyOf(caller.corpId, body.connectAssetUri, body.instanceKey);
	if (state.instances.has(key)) {
		if (config.secondCreation !== 'succeed') return alreadyExists(config.secondCreation, requestId, `The instance already exists: ${body.instanceKey}`);
		return { status: 200, json: { connectAssetUri: action.connectAssetUri, versionId: action.versionId } };
	}
	state.instances.set(key, {
		connectAssetUri: action.connectAssetUri,
		instanceKey: body.instanceKey,
		app: caller.app,
		corpId: caller.corpId,
		versionId: action.versionId,
	});
	return { status: 200, executed: true, json: { connectAssetUri: action.connectAssetUri, versionId: action.versionId } };
}

export function deleteInstance(state: EmulatorState, caller: Caller, query: Record<string, string>, requestId: string): Answer {
	if (!query.connectAssetUri || !query.instanceKey) return connectError(state.config, requestId, '4001', 'connectAssetUri and instanceKey are mandatory');
	const deleted = deleteInstances(state, { connectAssetUri: query.connectAssetUri, instanceKey: query.instanceKey, corpId: caller.corpId });
	if (deleted === 0) {
		// Not executed either way: nothing was deleted.
		if (state.config.deleteMissing === 'succeed') return { status: 200, json: { success: true } };
		return connectError(state.config, requestId, '4004', `The instance does not exist: ${query.instanceKey}`);
	}
	return { status: 200, executed: true, json: { success: true } };
}

export function invokeInstance(state: EmulatorState, caller: Caller, body: Record<string, unknown>, requestId: string): Answer {
	const { config } = state;
	if (!nonEmptyString(body.connectAssetUri) || !nonEmptyString(body.instanceKey)) {
		return connectError(config, requestId, '4001', 'connectAssetUri and instanceKey are mandatory');
	}
	let input: unknown = {};
	if (body.inputJsonString !== undefined && body.inputJsonString !== '') {
		if (typeof body.inputJsonString !== 'string') return connectError(config, requestId, '4001', 'inputJsonString must be a JSON string');
		try {
			input = JSON.parse(body.inputJsonString);
		} catch {
			return connectError(config, requestId, '4001', 'inputJsonString is not valid JSON');
		}
	}
	const action = findVisibleAction(state, caller, body.connectAssetUri);
	if (!action) return connectError(config, requestId, '4004', `The asset does not exist: ${body.connectAssetUri}`);
	if (!state.instances.has(instanceKeyOf(caller.corpId, body.connectAssetUri, body.instanceKey))) {
		return connectError(config, requestId, '4004', `The instance does not exist: ${body.instanceKey}`);
	}
	if (!authorized(caller, action)) {
		return connectError(config, requestId, '4003', `The app is not authorised for this asset; authorise it at ${authorityUrl(caller, action)}`);
	}
	const problem = validateAgainstSchema(input, inputSchemaOf(state, action));
	if (problem) {
		return { status: 200, json: { outputJson: '', instanceId: '', cost: 0, errorCode: 'INPUT_INVALID', errorMessage: problem } };
	}
	const started = Date.now();
	const outcome = action.run(input as Record<string, unknown>, { actionId: action.id, corpId: caller.corpId, next: (sequence) => state.next(sequence) });
	if ('failure' in outcome) {
		// No effect happens, so the request counts as not executed.
		return { status: 200, json: { outputJson: '', instanceId: '', ...outcome.failure } };
	}
	const { output } = outcome;
	const instanceId = `inv-${String(state.next('invocation')).padStart(6, '0')}`;
	state.invocations.push({
		connectAssetUri: action.connectAssetUri,
		instanceKey: body.instanceKey,
		input: clone(input),
		output: clone(output),
		instanceId,
		app: caller.app,
		corpId: caller.corpId,
	});
	return {
		status: 200,
		executed: true,
		json: { outputJson: JSON.stringify(output), instanceId, cost: Date.now() - started, errorCode: '0', errorMessage: '' },
	};
}
