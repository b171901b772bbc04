import { NodeOperationError, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import { appIdentity } from '../../DingTalkConnect/transport/appScope';
import { CREDENTIAL_TYPE } from '../../DingTalkConnect/transport/constants';
import { callbackKeysFrom } from '../helpers/callbackKeys';
import { CALLBACK_REPLAY_WINDOW_MS, registerStore, STORES } from '../../processMemory/processMemory';
import { RecentIds } from '../../events/recentIds';
import { organisationOf, receivedAtIn, toOutputItem } from '../../events/event';
import { eventTypesOf } from '../../events/eventTypesProperty';
import { keepSuiteTickets } from '../../events/handOnSuiteTickets';
import { handleCallback } from './handleCallback';

// The webhook has no long-lived instance to own its memory, so one bounded set serves every listening
// node, each key carrying the workflow, the node and the app. It outlives the replay window.
const recentCallbacks = registerStore(
	'recentCallbacks',
	new RecentIds({ maxSize: STORES.recentCallbacks.maxEntries, maxAgeMs: STORES.recentCallbacks.maxAgeMs }),
);

/** Answers one DingTalk callback: the encrypted "success" for accepted requests and repeats, a bare 4xx otherwise. */
export async function answerCallback(this: IWebhookFunctions, recent: RecentIds = recentCallbacks): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const node = this.getNode();
	// A test listener and the active workflow each see an event once.
	const identity = JSON.stringify([this.getWorkflow().id ?? '', node.id, this.getMode(), appIdentity(credentials)]);
	const nowMs = Date.now();
	const outcome = handleCallback(this.getQueryData(), this.getBodyData(), {
		keys: callbackKeysFrom(credentials),
		identity,
		eventTypes: eventTypesOf.call(this),
		recent,
		nowMs,
		replayWindowMs: CALLBACK_REPLAY_WINDOW_MS,
	});
	const response = this.getResponseObject();
	if (outcome.kind === 'refused') {
		this.logger.warn(`DingTalk callback refused: ${outcome.reason}`, { node: node.name });
		// No reason in the body: the sender learns nothing about which check failed.
		response.status(outcome.status).json({ message: 'Request refused' });
		return { noWebhookResponse: true };
	}
	if (outcome.kind === 'probe') {
		response.status(200).json(outcome.reply);
		return { noWebhookResponse: true };
	}
	if (outcome.repeats > 0) {
		this.logger.info(`DingTalk callback repeated ${outcome.repeats} event(s) already accepted: answered success, started nothing for them`, {
			node: node.name,
		});
	}
	let workflowData: IWebhookResponseData['workflowData'];
	try {
		const context = { organisation: organisationOf(credentials), receivedAt: receivedAtIn(this.getTimezone(), nowMs) };
		workflowData = outcome.events.length === 0 ? undefined : [outcome.events.map((event) => toOutputItem(event, context))];
		// Answered before the execution is created, well inside DingTalk's 1,500 ms.
		response.status(200).json(outcome.reply);
	} catch (error) {
		// Neither the success nor the events went out: DingTalk pushes them again, and that push must run.
		for (const seenId of outcome.seenIds) recent.forget(identity, seenId);
		throw new NodeOperationError(node, error as Error);
	}
	// In the background: the workflow starts at once, whatever the token call takes.
	if (outcome.suiteTickets.length > 0) void keepSuiteTickets.call(this, outcome.suiteTickets);
	return workflowData === undefined ? { noWebhookResponse: true } : { noWebhookResponse: true, workflowData };
}
