// n8n's webhook processes each load the package: a module loaded anew stands for another process or a
// restart. The static data goes through JSON between requests, as n8n reads and saves it with the workflow.
import type { IDataObject } from 'n8n-workflow';

import type * as WebhookModule from '../../../../../nodes/DingTalkConnectTrigger/callback/webhook';
import { decryptMessage } from '../../../../../nodes/DingTalkConnectTrigger/helpers/callbackCrypto';
import { AES_KEY, APP_KEY, USER_ADD_ORG, signedRequest } from '../helpers/callbackFixtures';
import { fakeContext } from './webhookFakes';

function startProcess(): typeof WebhookModule {
	let loaded: typeof WebhookModule | undefined;
	jest.isolateModules(() => {
		loaded = jest.requireActual<typeof WebhookModule>('../../../../../nodes/DingTalkConnectTrigger/callback/webhook');
	});
	return loaded!;
}

/** The workflow row: static data read for each request and saved after it, if the node changed it. */
class WorkflowRow {
	staticData = '{}';

	async callback(process: typeof WebhookModule, repeatCheck: string | undefined, request: ReturnType<typeof signedRequest>) {
		const staticData = JSON.parse(this.staticData) as IDataObject;
		const before = JSON.stringify(staticData);
		const parameters = repeatCheck === undefined ? {} : { 'options.repeatCheck': repeatCheck };
		const { context, captured } = fakeContext(request, { parameters, staticData });
		const result = await process.answerCallback.call(context);
		if (JSON.stringify(staticData) !== before) this.staticData = JSON.stringify(staticData);
		expect(captured.status).toBe(200);
		expect(decryptMessage(AES_KEY, (captured.body as { encrypt: string }).encrypt, APP_KEY)).toEqual({ ok: true, value: 'success' });
		return result.workflowData?.[0].map((item) => item.json.eventId) ?? [];
	}
}

const push = (nonce: string) => signedRequest(USER_ADD_ORG, { nonce });

describe('HTTP trigger repeat check across webhook processes and restarts', () => {
	it('with Every Process, a repeat that reaches another process or comes after a restart starts nothing', async () => {
		const row = new WorkflowRow();
		const [one, two] = [startProcess(), startProcess()];
		expect(await row.callback(one, 'workflow', push('first'))).toEqual(['evt-1']);
		expect(await row.callback(two, 'workflow', push('again'))).toEqual([]);
		expect(await row.callback(startProcess(), 'workflow', push('after-restart'))).toEqual([]);
		const stored = (JSON.parse(row.staticData) as IDataObject)[one.ACCEPTED_EVENTS_KEY];
		expect(stored).toMatch(/^[A-Za-z0-9_-]{16}$/);
	});

	it('with This Process Only (the default), the other process runs the repeat again and static data stays untouched', async () => {
		const row = new WorkflowRow();
		const [one, two] = [startProcess(), startProcess()];
		expect(await row.callback(one, undefined, push('first'))).toEqual(['evt-1']);
		expect(await row.callback(one, 'process', push('same-process'))).toEqual([]);
		expect(await row.callback(two, undefined, push('other-process'))).toEqual(['evt-1']);
		expect(row.staticData).toBe('{}');
	});
});
