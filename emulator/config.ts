// Checking a configuration patch before it is applied (the control route takes it from other processes).

import { DEFAULT_CONFIG, type EmulatorConfig } from './types';
import { validateFaultRule } from './faults';
import { clone, isRecord } from './jsonValues';

/** Knobs that take one of a few strings. */
const CHOICES: Partial<Record<keyof EmulatorConfig, readonly string[]>> = {
	connectErrorCarrier: ['body', 'errorCode'],
	deleteMissing: ['notFound', 'succeed'],
	errorKeys: ['lower', 'capitalised'],
	pageTokens: ['opaque', 'number', 'numericString'],
	lastPageToken: ['empty', 'absent'],
	totalCount: ['sdk', 'number', 'string'],
	streamPing: ['periodic', 'none'],
};

const BOOLEANS: readonly (keyof EmulatorConfig)[] = ['suiteKeepsPreviousToken', 'previousSuiteTicketValid', 'hasMoreField', 'authorizedField'];

function isErrorStatus(value: unknown): boolean {
	return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599;
}

function validateSecondCreation(value: unknown): void {
	if (value === 'succeed') return;
	const valid =
		isRecord(value) &&
		Object.keys(value).every((key) => key === 'status' || key === 'code') &&
		isErrorStatus(value.status) &&
		(value.code === undefined || (typeof value.code === 'string' && value.code !== ''));
	if (!valid) throw new Error("secondCreation must be 'succeed' or { status: 400..599, code?: non-empty string }");
}

export function validateConfigPatch(patch: unknown): Partial<EmulatorConfig> {
	if (!isRecord(patch)) throw new Error('config patch must be an object');
	const known = Object.keys(DEFAULT_CONFIG);
	for (const key of Object.keys(patch)) {
		if (!known.includes(key)) throw new Error(`unknown config key ${key}`);
	}
	if (patch.expiredTokenStatus !== undefined && patch.expiredTokenStatus !== 400 && patch.expiredTokenStatus !== 401) {
		throw new Error('expiredTokenStatus must be 400 or 401');
	}
	for (const [key, choices] of Object.entries(CHOICES)) {
		if (patch[key] !== undefined && !choices.includes(patch[key] as string)) {
			throw new Error(`${key} must be one of ${choices.map((choice) => `'${choice}'`).join(', ')}`);
		}
	}
	if (patch.secondCreation !== undefined) validateSecondCreation(patch.secondCreation);
	if (patch.notFoundStatus !== undefined && !isErrorStatus(patch.notFoundStatus)) throw new Error('notFoundStatus must be an HTTP status 400..599');
	if (patch.notFoundCode !== undefined && (typeof patch.notFoundCode !== 'string' || patch.notFoundCode === '')) {
		throw new Error('notFoundCode must be a non-empty string');
	}
	for (const key of ['qpsLimit', 'tokenLifetimeSeconds', 'seed']) {
		if (patch[key] !== undefined && (typeof patch[key] !== 'number' || (patch[key] as number) < 0)) {
			throw new Error(`${key} must be a non-negative number`);
		}
	}
	for (const key of BOOLEANS) {
		if (patch[key] !== undefined && typeof patch[key] !== 'boolean') throw new Error(`${key} must be true or false`);
	}
	const result = clone(patch) as Partial<EmulatorConfig>;
	if (patch.faults !== undefined) {
		if (!Array.isArray(patch.faults)) throw new Error('faults must be an array');
		result.faults = patch.faults.map(validateFaultRule);
	}
	return result;
}
