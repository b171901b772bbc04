// A thin HTTP client for the emulator contract tests: real HTTP, every status returned (never thrown).
import axios, { type AxiosResponse } from 'axios';

import { DEMO_CREDENTIALS } from '../../emulator';

export const PATHS = {
	accessToken: '/v1.0/oauth2/accessToken',
	corpAccessToken: '/v1.0/oauth2/corpAccessToken',
	connectors: '/v1.0/connector/assets/connectors',
	actions: '/v1.0/connector/assets/actions/search',
	detail: '/v1.0/connector/assets/actions/details/query',
	instances: '/v1.0/connector/instances',
	invoke: '/v1.0/connector/instances/invoke',
	sync: '/v1.0/connector/triggers/data/sync',
} as const;

export type Answer = AxiosResponse<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function connectClient(baseURL: string) {
	const http = axios.create({ baseURL, validateStatus: () => true, timeout: 10000 });
	const headers = (token?: string) => (token === undefined ? {} : { 'x-acs-dingtalk-access-token': token });
	const client = {
		http,
		get: (path: string, token?: string, params?: Record<string, unknown>): Promise<Answer> =>
			http.get(path, { headers: headers(token), params }),
		post: (path: string, token: string | undefined, body: unknown): Promise<Answer> =>
			http.post(path, body, { headers: headers(token) }),
		delete: (path: string, token: string | undefined, params: Record<string, unknown>): Promise<Answer> =>
			http.delete(path, { headers: headers(token), params }),
		async corpToken(): Promise<string> {
			const answer = await http.post(PATHS.accessToken, DEMO_CREDENTIALS.corp);
			if (answer.status !== 200) throw new Error(`corp token: ${answer.status} ${JSON.stringify(answer.data)}`);
			return answer.data.accessToken as string;
		},
		async suiteToken(): Promise<string> {
			const answer = await http.post(PATHS.corpAccessToken, DEMO_CREDENTIALS.suite);
			if (answer.status !== 200) throw new Error(`suite token: ${answer.status} ${JSON.stringify(answer.data)}`);
			return answer.data.accessToken as string;
		},
		/** Org B's enterprise internal app. */
		async corpBToken(): Promise<string> {
			const answer = await http.post(PATHS.accessToken, DEMO_CREDENTIALS.corpB);
			if (answer.status !== 200) throw new Error(`corp B token: ${answer.status} ${JSON.stringify(answer.data)}`);
			return answer.data.accessToken as string;
		},
		/** The second third-party app, acting for org A. */
		async suiteBToken(): Promise<string> {
			const answer = await http.post(PATHS.corpAccessToken, DEMO_CREDENTIALS.suiteB);
			if (answer.status !== 200) throw new Error(`suite B token: ${answer.status} ${JSON.stringify(answer.data)}`);
			return answer.data.accessToken as string;
		},
		async createInstance(token: string, connectAssetUri: string, instanceKey: string): Promise<Answer> {
			return client.post(PATHS.instances, token, { connectAssetUri, instanceKey });
		},
		async invoke(token: string, connectAssetUri: string, instanceKey: string, input: unknown): Promise<Answer> {
			return client.post(PATHS.invoke, token, { connectAssetUri, instanceKey, inputJsonString: JSON.stringify(input) });
		},
	};
	return client;
}

export type ConnectClient = ReturnType<typeof connectClient>;

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until early in a one-second window, so that a short burst falls into one rate-limit window. */
export async function startOfSecond(): Promise<void> {
	const into = Date.now() % 1000;
	if (into > 700) await sleep(1000 - into + 5);
}
