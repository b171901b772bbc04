import { appTypeOf, credentialField, readAppScope, type DingTalkContext } from './appScope';
import { dingTalkApiRequest } from './request';
import { rememberSuiteTicket } from './suiteTickets';

/**
 * A trigger received a suite ticket for its third-party app: every credential of that suite in this
 * process uses it from its next token fetch, and this credential fetches one now, which stores the
 * ticket in it (n8n keeps what preAuthentication returns), so other processes read it too.
 */
export async function keepPushedSuiteTicket(this: DingTalkContext, ticket: string): Promise<void> {
	const { credentials } = await readAppScope.call(this);
	if (appTypeOf(credentials) !== 'thirdParty') return;
	rememberSuiteTicket(credentialField(credentials, 'suiteKey'), ticket);
	await dingTalkApiRequest.call(this, {
		method: 'GET',
		path: '/v1.0/connector/assets/connectors',
		qs: { type: 'self_built', maxResults: 1 },
		kind: 'read',
		renewToken: true,
	});
}
