import type { IDataObject } from 'n8n-workflow';

import { decryptMessage, signatureMatches, successReply, type CallbackReply, type CryptoFailure } from '../helpers/callbackCrypto';
import { readCallbackContent, type ContentFailure } from '../helpers/callbackContent';
import type { CallbackKeys, KeysFailure } from '../helpers/callbackKeys';
import { isFresh, readCallbackRequest, type RequestFailure } from '../helpers/callbackRequest';
import type { RecentSightings } from '../../events/recentIds';
import { isKept, type DingTalkEvent } from '../../events/event';

export type CallbackFailure = RequestFailure | CryptoFailure | ContentFailure | KeysFailure;

/** The HTTP status of each refusal: the request's fault is a 4xx, a credential the user must fix a 500. */
export const FAILURE_STATUS: Record<CallbackFailure, number> = {
	'missing signature': 400,
	'missing timestamp': 400,
	'missing nonce': 400,
	'bad timestamp': 400,
	'stale timestamp': 403,
	'missing encrypt': 400,
	'encrypt too large': 413,
	'encrypt not base64': 400,
	'bad AES key': 500,
	'signature mismatch': 403,
	'bad ciphertext': 400,
	'bad padding': 400,
	'length past the end': 400,
	'wrong closing key': 403,
	'not JSON': 400,
	'no event type': 400,
	'bad bizData': 400,
	'credential has no Event Token': 500,
	'credential has no valid Event AES Key': 500,
	'credential has no closing key': 500,
};

export type CallbackOutcome =
	| { kind: 'refused'; status: number; reason: CallbackFailure }
	| { kind: 'probe'; eventType: string; reply: CallbackReply }
	| {
			kind: 'events';
			reply: CallbackReply;
			events: DingTalkEvent[];
			/** The ids this request added to `recent`: forgotten if neither the reply nor the events can go out. */
			seenIds: string[];
			repeats: number;
			filtered: number;
			suiteTickets: string[];
	  };

export interface CallbackContext {
	keys: { ok: true; keys: CallbackKeys } | { ok: false; reason: KeysFailure };
	/** Joins the app and the listening node, so each workflow sees each event once. */
	identity: string;
	eventTypes: string[];
	recent: RecentSightings;
	nowMs: number;
	replayWindowMs: number;
}

function refuse(reason: CallbackFailure): CallbackOutcome {
	return { kind: 'refused', status: FAILURE_STATUS[reason], reason };
}

/** Checks, opens and reads one callback request; every check fails closed. */
export function handleCallback(query: unknown, body: unknown, context: CallbackContext): CallbackOutcome {
	const read = readCallbackRequest(query, body);
	if (!read.ok) return refuse(read.reason);
	if (!context.keys.ok) return refuse(context.keys.reason);
	const { keys } = context.keys;
	const { request } = read;
	if (!isFresh(request.timestamp, context.nowMs, context.replayWindowMs)) return refuse('stale timestamp');
	if (!signatureMatches(keys.token, request.timestamp, request.nonce, request.encrypt, request.signature)) {
		return refuse('signature mismatch');
	}
	const opened = decryptMessage(keys.aesKey, request.encrypt, keys.ownerKey);
	if (!opened.ok) return refuse(opened.reason);
	const parsed = readCallbackContent(opened.value, request.headers as IDataObject);
	if (!parsed.ok) return refuse(parsed.reason);

	// Only a signed, decrypted request gets this far, so a forged one can never pass for a repeat.
	const reply = successReply(keys, request.timestamp, request.nonce);
	const { content } = parsed;
	if (content.kind === 'probe') return { kind: 'probe', eventType: content.eventType, reply };

	const events: DingTalkEvent[] = [];
	const seenIds: string[] = [];
	const suiteTickets: string[] = [];
	let repeats = 0;
	let filtered = 0;
	for (const event of content.events) {
		// An id of its own, or the hash of the plaintext, which DingTalk's re-encrypted retry keeps.
		const seenId = event.eventId;
		// DingTalk pushes again when it missed the encrypted success: a repeat gets it again and starts nothing.
		if (!context.recent.firstSighting(context.identity, seenId)) {
			repeats++;
			continue;
		}
		seenIds.push(seenId);
		// Suite tickets count whatever the Events filter says: the credential needs them either way.
		if (event.suiteTicket !== undefined) suiteTickets.push(event.suiteTicket);
		if (!isKept(context.eventTypes, event)) {
			filtered++;
			continue;
		}
		events.push(event);
	}
	return { kind: 'events', reply, events, seenIds, repeats, filtered, suiteTickets };
}
