import { NodeOperationError, type IDataObject, type ITriggerFunctions } from 'n8n-workflow';

import { CONNECTION_OPEN_PATH, readConnectionAnswer } from './connectionRequest';

const GATEWAY_TIMEOUT_MS = 15000;

function statusOf(error: unknown): number | undefined {
	const candidate = error as { httpCode?: unknown; response?: { status?: unknown }; statusCode?: unknown };
	const status = candidate?.response?.status ?? candidate?.statusCode ?? candidate?.httpCode;
	const value = Number(status);
	return Number.isInteger(value) && value >= 100 && value < 600 ? value : undefined;
}

/**
 * POST /v1.0/gateway/connections/open for a new endpoint and ticket. Errors are rebuilt from the
 * status alone: the request carried the client secret, so the library's error is never passed on.
 */
export async function openStreamConnection(this: ITriggerFunctions, baseUrl: string, body: IDataObject): Promise<string> {
	let answer: unknown;
	try {
		answer = await this.helpers.httpRequest({
			method: 'POST',
			url: `${baseUrl}${CONNECTION_OPEN_PATH}`,
			// Without Accept, the gateway answers in XML.
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body,
			json: true,
			timeout: GATEWAY_TIMEOUT_MS,
		});
	} catch (error) {
		const status = statusOf(error);
		throw new NodeOperationError(
			this.getNode(),
			status === undefined
				? 'Could not reach DingTalk to open a Stream connection'
				: `DingTalk refused to open a Stream connection (HTTP ${status})`,
			{
				description:
					"Check the credential's App Key and App Secret (Suite Key and Suite Secret for a third-party app), that the app uses Stream mode for events, and the Base URL.",
			},
		);
	}
	const read = readConnectionAnswer(answer);
	if (!read.ok) {
		throw new NodeOperationError(this.getNode(), `DingTalk's Stream gateway gave an unusable answer: ${read.reason}`);
	}
	return read.url;
}
