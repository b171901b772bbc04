import type { ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';

import { settle } from '../DingTalkConnect/helpers/settle';
import { keepPushedSuiteTicket } from '../DingTalkConnect/transport';

/** Hands the suite tickets DingTalk pushed to the credential's token, so the third-party app keeps working. */
export async function keepSuiteTickets(this: IWebhookFunctions | ITriggerFunctions, tickets: string[]): Promise<void> {
	for (const ticket of tickets) {
		const kept = await settle(keepPushedSuiteTicket.call(this, ticket));
		// The ticket is kept in memory either way; the error text carries no secret.
		if (!kept.ok) {
			const { message, description } = kept.error as { message?: string; description?: string };
			this.logger.warn(`DingTalk pushed a suite ticket, but no token could be fetched with it: ${message} ${description ?? ''}`.trim());
		}
	}
}
