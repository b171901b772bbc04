import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

export type DingTalkContext = IExecuteFunctions | ILoadOptionsFunctions;

/** Caches are per credential: two credentials may belong to two organisations. */
export function credentialKey(context: DingTalkContext): string {
	const credential = context.getNode().credentials?.dingTalkConnectApi;
	return credential?.id ?? credential?.name ?? '';
}
