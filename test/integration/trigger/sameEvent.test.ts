// One DingTalk event pushed by HTTP callback and by Stream: both triggers must put out the same item, so
// that a workflow moved from one to the other reads the same fields. The emulator sends each delivery as
// DingTalk does: the envelope (type, id, corp, time) in the plaintext over HTTP, in the frame's headers
// over Stream; the time in seconds or milliseconds.
import type { IDataObject, INodeExecutionData, ITriggerResponse } from 'n8n-workflow';

import { DEMO_CORP_ID, startEmulator, type RunningEmulator } from '../../../emulator';
import type { CallbackVariant } from '../../../emulator/events';
import { startStream, type StreamDependencies } from '../../../nodes/DingTalkConnectStreamTrigger/stream/startStream';
import type { N8nHarness } from '../../harness';
import { corpCredential, wsSocket } from './emulatorBed';
import { makeHarness, startWebhookServer, triggerContext, type WebhookServer } from './testbed';

const TIME_ZONE = 'Asia/Shanghai';
// Short watchdog steps, so that no wait of the stopped client outlives the test.
const DEPENDENCIES: StreamDependencies = {
	...(typeof WebSocket === 'undefined' ? { createSocket: wsSocket } : {}),
	watchdog: { checkEveryMs: 100, silentMs: 5000, openTimeoutMs: 2000 },
};
const BORN_MS = 1783610513000;

let emulator: RunningEmulator;
let harness: N8nHarness;
let webhook: WebhookServer;
let stream: ITriggerResponse | undefined;
const emitted: INodeExecutionData[][][] = [];

beforeAll(async () => {
	emulator = await startEmulator();
	harness = makeHarness(corpCredential(emulator));
	// The list as the editor saves it, and a name typed in Other Event Types: both keep the event.
	webhook = await startWebhookServer(harness, { eventTypes: ['user_add_org'], otherEventTypes: '' }, TIME_ZONE);
	const { context } = triggerContext(harness, { eventTypes: [], otherEventTypes: 'user_add_org', robotMessages: false }, 'trigger', emitted, 'activate', TIME_ZONE);
	stream = await startStream.call(context, DEPENDENCIES);
	await emulator.events.stream.waitFor((stats) => stats.openNow === 1, 5000);
});

afterAll(async () => {
	await stream?.closeFunction?.();
	await emulator?.events.stream.waitFor((stats) => stats.openNow === 0, 5000);
	await webhook?.stop();
	await emulator?.stop();
});

const SECONDS: CallbackVariant = { signatureParam: 'signature', timestampParam: 'timestamp', timestampUnit: 'seconds' };
const MILLISECONDS: CallbackVariant = { signatureParam: 'msg_signature', timestampParam: 'timeStamp', timestampUnit: 'milliseconds' };

async function overHttp(fields: IDataObject, variant: CallbackVariant): Promise<IDataObject> {
	const runs = webhook.runs.length;
	const result = await emulator.events.pushCallbacks({ url: `${webhook.url}/webhook/abc/webhook`, app: 'corp', variant, events: [{ kind: 'business', eventType: 'user_add_org', fields }] });
	expect(result.records.map((record) => record.accepted)).toEqual([true]);
	expect(webhook.runs).toHaveLength(runs + 1);
	return webhook.runs[runs][0][0].json;
}

async function overStream(push: { eventId: string; eventBornTime: number; data: IDataObject }): Promise<IDataObject> {
	const before = emitted.length;
	emulator.events.stream.push([{ eventType: 'user_add_org', eventCorpId: DEMO_CORP_ID, ...push }], { app: 'corp' });
	await emulator.events.stream.waitFor((stats) => stats.acks.length > 0 && emitted.length > before, 5000);
	expect(emitted).toHaveLength(before + 1);
	return emitted[before][0][0].json;
}

describe('the same event through the HTTP callback trigger and the Stream trigger', () => {
	it.each([
		['its time in seconds (a string)', String(BORN_MS / 1000), SECONDS],
		['its time in milliseconds (a number)', BORN_MS, MILLISECONDS],
	])('gives the same item field by field when the callback carries %s', async (_what, eventTime, variant) => {
		const body = { UserId: ['u1', 'u2'], TimeStamp: String(BORN_MS) };
		const id = `same-${variant.timestampUnit}`;
		const http = await overHttp({ eventId: id, CorpId: DEMO_CORP_ID, EventTime: eventTime, ...body }, variant);
		const viaStream = await overStream({ eventId: id, eventBornTime: BORN_MS, data: body });

		expect(Object.keys(http).sort()).toEqual(Object.keys(viaStream).sort());
		expect(Object.keys(http).sort()).toEqual(['bornTime', 'corpId', 'data', 'eventId', 'eventType', 'headers', 'receivedAt']);
		// Every field but the two that belong to the delivery itself: when it arrived, and its transport headers.
		for (const field of Object.keys(http).filter((name) => !['receivedAt', 'headers'].includes(name))) {
			expect({ field, value: http[field] }).toEqual({ field, value: viaStream[field] });
		}
		expect(http).toMatchObject({ eventType: 'user_add_org', eventId: id, corpId: DEMO_CORP_ID, bornTime: BORN_MS, data: body });
		for (const item of [http, viaStream]) {
			expect(item.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
			expect(Math.abs(Date.parse(item.receivedAt as string) - Date.now())).toBeLessThan(60_000);
		}
	});
});
