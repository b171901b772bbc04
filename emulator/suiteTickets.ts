// Suite tickets: DingTalk pushes a suite a new ticket every few minutes. `rotateSuiteTicket` plays
// that push; whether the ticket it replaced still gets a token is `previousSuiteTicketValid`.

import { randomBytes } from 'node:crypto';

import { DEMO_CREDENTIALS, SUITE_APPS, type SuiteApp } from './seed';
import type { EmulatorState } from './state';

export function suiteTicketAccepted(state: EmulatorState, suite: SuiteApp, ticket: unknown): boolean {
	if (typeof ticket !== 'string' || ticket === '') return false;
	const record = state.suiteTickets.get(suite.suiteKey);
	if (ticket === currentSuiteTicket(state, suite)) return true;
	return state.config.previousSuiteTicketValid && record?.previous !== undefined && ticket === record.previous;
}

/** The suite's ticket now (its seed ticket until the first rotation). */
export function currentSuiteTicket(state: EmulatorState, suite: SuiteApp): string {
	return state.suiteTickets.get(suite.suiteKey)?.current ?? suite.suiteTicket;
}

/** Gives the suite a new ticket and returns it; the current one becomes the previous one. */
export function rotateSuiteTicket(state: EmulatorState, suiteKey: string = DEMO_CREDENTIALS.suite.suiteKey): string {
	const suite = SUITE_APPS.find((s) => s.suiteKey === suiteKey);
	if (!suite) throw new Error('rotateSuiteTicket needs the suiteKey of a demo suite');
	const current = currentSuiteTicket(state, suite);
	const ticket = `ticket-${randomBytes(16).toString('hex')}`;
	state.suiteTickets.set(suiteKey, { current: ticket, previous: current });
	return ticket;
}
