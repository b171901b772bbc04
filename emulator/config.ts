// Checking a configuration patch before it is applied (the control route takes it from other processes).

import { DEFAULT_CONFIG, type EmulatorConfig } from './types';
import { validateFaultRule } from './faults';
import { clone, isRecord } from './jsonValues';

export function validateConfigPatch(patch: unknown): Partial<EmulatorConfig> {
	if (!isRecord(patch)) throw new Error('config patch must be an object');
	const known = Object.keys(DEFAULT_CONFIG);
	for (const key of Object.keys(patch)) {
		if (!known.includes(key)) throw new Error(`unknown config key ${key}`);
	}
	if (patch.expiredTokenStatus !== undefined && patch.expiredTokenStatus !== 400 && patch.expiredTokenStatus !== 401) {
		throw new Error('expiredTokenStatus must be 400 or 401');
	}
	if (patch.connectErrorCarrier !== undefined && !['body', 'errorCode'].includes(patch.connectErrorCarrier as string)) {
		throw new Error("connectErrorCarrier must be 'body' or 'errorCode'");
	}
	if (patch.instanceExists !== undefined && !['succeed', 'error'].includes(patch.instanceExists as string)) {
		throw new Error("instanceExists must be 'succeed' or 'error'");
	}
	for (const key of ['qpsLimit', 'tokenLifetimeSeconds', 'seed']) {
		if (patch[key] !== undefined && (typeof patch[key] !== 'number' || (patch[key] as number) < 0)) {
			throw new Error(`${key} must be a non-negative number`);
		}
	}
	for (const key of ['suiteKeepsPreviousToken', 'previousSuiteTicketValid']) {
		if (patch[key] !== undefined && typeof patch[key] !== 'boolean') throw new Error(`${key} must be true or false`);
	}
	const result = clone(patch) as Partial<EmulatorConfig>;
	if (patch.faults !== undefined) {
		if (!Array.isArray(patch.faults)) throw new Error('faults must be an array');
		result.faults = patch.faults.map(validateFaultRule);
	}
	return result;
}
