// The throughput baseline: a client written the way DingTalk's Java sample calls the platform: for
// every item a token fetch, an instance creation and the invoke, one item after the other, no retry.
import axios from 'axios';

import { DEMO_CREDENTIALS } from '../emulator';

export interface NaiveItemResult {
	ok: boolean;
	output?: Record<string, unknown>;
	error?: string;
}

export async function runNaiveClient(
	baseUrl: string,
	connectAssetUri: string,
	instanceKey: string,
	inputs: Array<Record<string, unknown>>,
): Promise<NaiveItemResult[]> {
	const http = axios.create({ baseURL: baseUrl, timeout: 60_000 });
	const results: NaiveItemResult[] = [];
	for (const input of inputs) {
		try {
			const token = await http.post<{ accessToken: string }>('/v1.0/oauth2/accessToken', DEMO_CREDENTIALS.corp);
			const headers = { 'x-acs-dingtalk-access-token': token.data.accessToken };
			await http.post('/v1.0/connector/instances', { connectAssetUri, instanceKey }, { headers });
			const answer = await http.post<{ outputJson?: string; errorCode?: string; errorMessage?: string }>(
				'/v1.0/connector/instances/invoke',
				{ connectAssetUri, instanceKey, inputJsonString: JSON.stringify(input) },
				{ headers },
			);
			const { errorCode, errorMessage, outputJson } = answer.data;
			if (errorCode && errorCode !== '0') {
				results.push({ ok: false, error: `${errorCode}: ${errorMessage ?? ''}` });
			} else {
				results.push({ ok: true, output: JSON.parse(outputJson ?? '{}') as Record<string, unknown> });
			}
		} catch (error) {
			const status = axios.isAxiosError(error) ? error.response?.status : undefined;
			results.push({ ok: false, error: status === undefined ? (error as Error).message : `HTTP ${status}` });
		}
	}
	return results;
}
