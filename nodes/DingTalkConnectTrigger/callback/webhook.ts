import { NodeOperationError, type ICredentialDataDecryptedObject, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import { appIdentity } from '../../DingTalkConnect/transport/appScope';
import { callbackKeysFrom } from '../helpers/callbackKeys';
import { boundedStore, CALLBACK_REPLAY_WINDOW_MS, registerStore, STORES } from '../../processMemory/processMemory';
import { RecentIds, type RecentSightings } from '../../events/recentIds';
import { organisationOf, receivedAtIn, toOutputItem } from '../../events/event';
import { eventTypesOf } from '../../events/eventTypesProperty';
import { keepSuiteTickets } from '../../events/handOnSuiteTickets';
import { AcceptedEvents, sightingsOfBoth } from './acceptedEvents';
import { callbackCredentials } from './callbackCredentials';
import { handleCallback } from './handleCallback';

// The webhook has no long-lived instance to own its memory, so one bounded set serves every listening
// node, each key carrying the workflow, the node and the app. It outlives the replay window.
const recentCallbacks = registerStore(
	'recentCallbacks',
	new RecentIds({ maxSize: STORES.recentCallbacks.maxEntries, maxAgeMs: STORES.recentCallbacks.maxAgeMs }),
);

const acceptedEventLists = boundedStore<string, AcceptedEvents>('acceptedEventLists');

/** The static data key of the list of accepted events. */
export const ACCEPTED_EVENTS_KEY = 'acceptedEvents';
const SHARED_LIST_MAX_ENTRIES = 5_000;

/**
 * The memory a callback is checked against: this process's, or with "All n8n Processes" also the list in
 * the workflow's static data, which n8n reads for every request and saves once the webhook has answered.
 */
function sightingsFor(context: IWebhookFunctions, local: RecentSightings): { recent: RecentSightings; shared?: AcceptedEvents } {
	if (context.getNodeParameter('options.repeatCheck', 'process') !== 'workflow') return { recent: local };
	const key = JSON.stringify([context.getWorkflow().id ?? '', context.getNode().id]);
	let shared = acceptedEventLists.get(key);
	if (shared === undefined) {
		shared = new AcceptedEvents({ maxEntries: SHARED_LIST_MAX_ENTRIES, maxAgeMs: STORES.recentCallbacks.maxAgeMs });
		acceptedEventLists.set(key, shared);
	}
	shared.read(context.getWorkflowStaticData('node')[ACCEPTED_EVENTS_KEY]);
	return { recent: sightingsOfBoth(local, shared), shared };
}

/** Answers one DingTalk callback: the encrypted "success" for accepted requests and repeats, a bare 4xx otherwise. */
export async function answerCallback(this: IWebhookFunctions, local: RecentSightings = recentCallbacks): Promise<IWebhookResponseData> {
	const node = this.getNode();
	const nowMs = Date.now();
	const { recent, shared } = sightingsFor(this, local);
	const eventTypes = eventTypesOf.call(this);
	const answer = (credentials: ICredentialDataDecryptedObject) => {
		// A test listener and the active workflow each see an event once.
		const identity = JSON.stringify([this.getWorkflow().id ?? '', node.id, this.getMode(), appIdentity(credentials)]);
		const outcome = handleCallback(this.getQueryData(), this.getBodyData(), {
			keys: callbackKeysFrom(credentials),
			identity,
			eventTypes,
			recent,
			nowMs,
			replayWindowMs: CALLBACK_REPLAY_WINDOW_MS,
		});
		return { credentials, identity, outcome };
	};
	const read = await callbackCredentials.call(this);
	let { credentials, identity, outcome } = answer(read.credentials);
	// Refused with kept keys: the credential may have just been edited, so the request is checked against n8n's
	// answer. A refused request recorded no event, so checking it twice counts nothing twice.
	if (outcome.kind === 'refused' && !read.fresh) ({ credentials, identity, outcome } = answer((await callbackCredentials.call(this, true)).credentials));
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
	// n8n saves the changed static data once this returns, in whichever process took the request.
	if (shared !== undefined && outcome.seenIds.length > 0) this.getWorkflowStaticData('node')[ACCEPTED_EVENTS_KEY] = shared.stored;
	// In the background: the workflow starts at once, whatever the token call takes.
	if (outcome.suiteTickets.length > 0) void keepSuiteTickets.call(this, outcome.suiteTickets);
	return workflowData === undefined ? { noWebhookResponse: true } : { noWebhookResponse: true, workflowData };
}
