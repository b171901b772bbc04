// A third-party app kept alive by pushed suite tickets: a ticket a trigger received is used by the next
// token fetch of every credential of that suite, and stored in the credential for other processes.
import { DEMO_CREDENTIALS, SEED_ASSETS } from '../../../../emulator';
import { rememberSuiteTicket } from '../../../../nodes/DingTalkConnect/transport/suiteTickets';
import { resetProcessMemory } from '../../../harness/processMemory';
import { credentialData, invokeJson, outputJson, useTestbed } from './testbed';

const bed = useTestbed({ reset: { previousSuiteTicketValid: false } });
beforeEach(() => {
	resetProcessMemory();
});

const ADD = invokeJson(SEED_ASSETS.addNumbers.connectAssetUri, '{"a": 2, "b": 5}');
const { suiteKey } = DEMO_CREDENTIALS.suite;

async function run(credentialId: string) {
	return await bed.harness.runNode({
		nodeType: 'dingTalkConnect',
		parameters: ADD,
		credentials: { dingTalkConnectApi: credentialId },
		workflow: { id: 'wf-tickets', name: 'Tickets' },
	});
}

/** DingTalk rotates the ticket twice, so the credential's own one is refused; the tokens issued so far stop too. */
function rotateTwice(): string {
	bed.emulator.rotateSuiteTicket(suiteKey);
	const ticket = bed.emulator.rotateSuiteTicket(suiteKey);
	bed.emulator.expireAllTokens();
	return ticket;
}

it('without a pushed ticket, a rotated ticket stops the credential with a readable error', async () => {
	bed.harness.setCredential('stale', 'dingTalkConnectApi', credentialData('suite', bed.emulator.url));
	rotateTwice();
	const result = await run('stale');
	expect(result.error?.message).toBe('The Suite Ticket is wrong or outdated (invalidSuiteTicket)');
});

it('a pushed ticket is used by the next token fetch of every credential of the suite, with one token call each, and stored', async () => {
	for (const id of ['ticket-1', 'ticket-2']) bed.harness.setCredential(id, 'dingTalkConnectApi', credentialData('suite', bed.emulator.url));
	const ticket = rotateTwice();
	const pushedAt = Date.now();
	rememberSuiteTicket(suiteKey, ticket, pushedAt);
	bed.emulator.resetCounters();

	for (const id of ['ticket-1', 'ticket-2']) expect(outputJson(await run(id))[0]).toMatchObject({ sum: 7 });
	expect(bed.emulator.counters().requests.corpAccessToken).toBe(2);
	const stored = bed.harness.getStoredCredential('ticket-1');
	expect(stored.suiteTicket).toBe(ticket);
	expect(stored.suiteTicketReceivedAt).toBe(String(pushedAt));
	// The request log never shows the ticket.
	expect(JSON.stringify(bed.emulator.log())).not.toContain(ticket);
});

it('another process, which never saw the push, reads the stored ticket: its next token fetch works at once', async () => {
	bed.harness.setCredential('shared', 'dingTalkConnectApi', credentialData('suite', bed.emulator.url));
	const ticket = rotateTwice();
	rememberSuiteTicket(suiteKey, ticket);
	outputJson(await run('shared'));
	// A second process: no pushed ticket in memory, no cached token coordination; only the stored credential.
	resetProcessMemory();
	bed.emulator.expireAllTokens();
	bed.emulator.resetCounters();
	expect(outputJson(await run('shared'))[0]).toMatchObject({ sum: 7 });
	expect(bed.emulator.counters().requests.corpAccessToken).toBe(1);
});

it('a ticket the user typed after the last push is kept until a newer push', async () => {
	bed.harness.setCredential('typed', 'dingTalkConnectApi', credentialData('suite', bed.emulator.url));
	const pushed = rotateTwice();
	rememberSuiteTicket(suiteKey, pushed, 1000);
	outputJson(await run('typed'));
	// The user pastes a ticket newer than that push (DingTalk rotated again); the old push stays in memory.
	const typed = rotateTwice();
	const stored = bed.harness.getStoredCredential('typed');
	bed.harness.setCredential('typed', 'dingTalkConnectApi', { ...stored, suiteTicket: typed });
	expect(outputJson(await run('typed'))[0]).toMatchObject({ sum: 7 });
	expect(bed.harness.getStoredCredential('typed').suiteTicket).toBe(typed);
	// A push newer than the one stored replaces it.
	const newer = rotateTwice();
	rememberSuiteTicket(suiteKey, newer, 2000);
	expect(outputJson(await run('typed'))[0]).toMatchObject({ sum: 7 });
	expect(bed.harness.getStoredCredential('typed').suiteTicket).toBe(newer);
});

it('Suite Ticket may stay empty for an app whose tickets are pushed', async () => {
	bed.harness.setCredential('empty', 'dingTalkConnectApi', { ...credentialData('suite', bed.emulator.url), suiteTicket: '' });
	const before = await run('empty');
	expect(before.error?.message).toBe('Suite Ticket is empty');
	rememberSuiteTicket(suiteKey, rotateTwice());
	expect(outputJson(await run('empty'))[0]).toMatchObject({ sum: 7 });
});
