// Action schemas that tests change while the emulator runs: GetActionDetail shows the new schema and
// invoke validates against it at once, for every caller, until reset.

import type { ActionSchemaPatch } from './types';
import { anyActionOf, type JsonSchema, type SeedAction } from './seed';
import type { EmulatorState } from './state';
import { clone, isRecord } from './jsonValues';

export function inputSchemaOf(state: EmulatorState, action: SeedAction): JsonSchema {
	return state.actionSchemas.get(action.connectAssetUri)?.inputSchema ?? action.inputSchema;
}

export function outputSchemaOf(state: EmulatorState, action: SeedAction): JsonSchema {
	return state.actionSchemas.get(action.connectAssetUri)?.outputSchema ?? action.outputSchema;
}

export function setActionSchema(state: EmulatorState, connectAssetUri: unknown, patch: unknown): void {
	const action = typeof connectAssetUri === 'string' ? anyActionOf(connectAssetUri, state.orgs) : undefined;
	if (!action) throw new Error('setActionSchema needs the connectAssetUri of a seed action');
	if (!isRecord(patch)) throw new Error('setActionSchema needs { inputSchema?, outputSchema? }');
	for (const key of ['inputSchema', 'outputSchema']) {
		if (patch[key] !== undefined && !isRecord(patch[key])) throw new Error(`${key} must be a JSON Schema object`);
	}
	const { inputSchema, outputSchema } = patch as ActionSchemaPatch;
	if (inputSchema === undefined && outputSchema === undefined) throw new Error('setActionSchema needs inputSchema, outputSchema or both');
	state.actionSchemas.set(action.connectAssetUri, {
		inputSchema: clone(inputSchema ?? inputSchemaOf(state, action)),
		outputSchema: clone(outputSchema ?? outputSchemaOf(state, action)),
	});
}
