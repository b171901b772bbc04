import type { ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';

import { settle } from '../DingTalkConnect/helpers/settle';
import { keepPushedSuiteTicket } from '../DingTalkConnect/transport';
import type { DingTalkEvent } from './helpers/event';

/** Hands every suite ticket among the events to the credential's token, so the third-party app keeps working. */
export async function keepSuiteTickets(this: IWebhookFunctions | ITriggerFunctions, events: DingTalkEvent[]): Promise<void> {
	for (const event of events) {
		if (event.suiteTicket === undefined) continue;
		const kept = await settle(keepPushedSuiteTicket.call(this, event.suiteTicket));
		// The ticket is kept in memory either way; the error text carries no secret.
		if (!kept.ok) {
			this.logger.warn(`DingTalk pushed a suite ticket, but no token could be fetched with it: ${(kept.error as Error).message}`);
		}
	}
}
