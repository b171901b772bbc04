import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { boundedStore } from '../../processMemory/processMemory';
import { credentialField } from './appScope';

/** A suite ticket DingTalk pushed to a trigger of this process, and when it arrived (ms). */
export interface PushedTicket {
	ticket: string;
	receivedAt: number;
}

// A ticket belongs to the third-party app (its suiteKey), whichever organisation a credential acts for.
const pushedTickets = boundedStore<string, PushedTicket>('pushedSuiteTickets');

/** Keeps the newest ticket pushed for a suite; the next token fetch of every credential of that suite uses it. */
export function rememberSuiteTicket(suiteKey: string, ticket: string, receivedAt = Date.now()): void {
	const key = suiteKey.trim();
	if (key === '' || ticket === '') return;
	const known = pushedTickets.get(key);
	if (known && known.receivedAt > receivedAt) return;
	pushedTickets.set(key, { ticket, receivedAt });
}

/**
 * The ticket a token fetch sends: the credential's own, unless a newer one was pushed. A ticket the user
 * typed is replaced only by one pushed after the credential last stored a pushed ticket
 * (`suiteTicketReceivedAt`, written beside it by preAuthentication).
 */
export function effectiveSuiteTicket(credentials: ICredentialDataDecryptedObject): { ticket: string; pushed?: PushedTicket } {
	const own = credentialField(credentials, 'suiteTicket');
	const pushed = pushedTickets.get(credentialField(credentials, 'suiteKey'));
	if (pushed === undefined || pushed.ticket === own) return { ticket: own };
	const storedAt = Number(credentials.suiteTicketReceivedAt);
	const ownIsOlder = own === '' || !Number.isFinite(storedAt) || storedAt <= 0 || pushed.receivedAt > storedAt;
	return ownIsOlder ? { ticket: pushed.ticket, pushed } : { ticket: own };
}
