import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { answerCallback } from '../../../../../nodes/DingTalkConnectTrigger/callback/webhook';
import { RecentIds } from '../../../../../nodes/events/recentIds';
import { resetProcessMemory, STORES } from '../../../../../nodes/processMemory/processMemory';
import { CREDENTIALS, USER_ADD_ORG, signedRequest } from '../helpers/callbackFixtures';
import { fakeContext } from './webhookFakes';

/** A webhook context whose credential reads are counted, answering what `credentials()` says now. */
function countingContext(request: { query: unknown; body: unknown }, credentials: () => IDataObject) {
	const { context, captured } = fakeContext(request);
	const reads = { count: 0 };
	const counted = Object.assign(Object.create(context) as IWebhookFunctions, {
		getCredentials: async () => {
			reads.count++;
			return credentials();
		},
	});
	return { context: counted, captured, reads };
}

const recent = () => new RecentIds({ maxSize: 100, maxAgeMs: 60_000 });

describe('DingTalk Connect Trigger webhook: the credential read', () => {
	beforeEach(() => resetProcessMemory());
	afterEach(() => jest.useRealTimers());

	it('reads the credential from n8n once for the callbacks of a few seconds, not once per callback', async () => {
		const seen = recent();
		let reads = 0;
		for (let i = 0; i < 20; i++) {
			const { context, reads: counted } = countingContext(signedRequest({ ...USER_ADD_ORG, eventId: `evt-${i}` }), () => CREDENTIALS);
			const result = await answerCallback.call(context, seen);
			expect(result.workflowData?.[0]).toHaveLength(1);
			reads += counted.count;
		}
		expect(reads).toBe(1);
	});

	it('reads it again once the kept one is older than the store allows', async () => {
		jest.useFakeTimers({ now: Date.UTC(2026, 11, 5, 9, 30) });
		const seen = recent();
		let reads = 0;
		for (const [i, step] of [0, STORES.callbackCredentials.maxAgeMs].entries()) {
			jest.advanceTimersByTime(step);
			const { context, reads: counted } = countingContext(signedRequest({ ...USER_ADD_ORG, eventId: `evt-${i}` }), () => CREDENTIALS);
			await answerCallback.call(context, seen);
			reads += counted.count;
		}
		expect(reads).toBe(2);
	});

	it('checks a request the kept keys refuse against the credential as it is now (edited a moment ago)', async () => {
		const seen = recent();
		const before = countingContext(signedRequest(USER_ADD_ORG), () => ({ ...CREDENTIALS, eventToken: 'the-old-token' }));
		await answerCallback.call(before.context, seen);
		expect(before.captured.status).toBe(403);
		const edited = countingContext(signedRequest({ ...USER_ADD_ORG, eventId: 'evt-2' }), () => CREDENTIALS);
		const result = await answerCallback.call(edited.context, seen);
		expect(edited.reads.count).toBe(1);
		expect(edited.captured.status).toBe(200);
		expect(result.workflowData?.[0]).toHaveLength(1);
	});
});
