import type { INodeExecutionData, IRun } from 'n8n-workflow';

import { startStream } from '../../../nodes/DingTalkConnectStreamTrigger/stream/startStream';
import { CREDENTIALS } from '../../unit/nodes/DingTalkConnectTrigger/helpers/callbackFixtures';
import { FakeClock, FakeSocket, eventFrame, settle } from '../../unit/nodes/DingTalkConnectStreamTrigger/stream/streamFakes';
import { makeHarness, startGateway, triggerContext, type DonePromise, type GatewayServer } from './testbed';

const ENDPOINT = 'wss://wss-open-connection.example.test/connect';
const IN_FLIGHT = 16;

let gateway: GatewayServer;

beforeEach(async () => {
	gateway = await startGateway(ENDPOINT);
});

afterEach(async () => {
	await gateway.stop();
});

async function activeStream(mode: 'trigger' | 'manual' = 'trigger') {
	const harness = makeHarness({ ...CREDENTIALS, baseUrl: gateway.url });
	const clock = new FakeClock();
	const sockets: FakeSocket[] = [];
	const emitted: INodeExecutionData[][][] = [];
	const done: Array<DonePromise | undefined> = [];
	const parameters = { eventTypes: '', robotMessages: false };
	const { context } = triggerContext(harness, parameters, mode, emitted, mode === 'manual' ? 'manual' : 'activate', undefined, [], done);
	const createSocket = (url: string) => {
		const socket = new FakeSocket(url);
		sockets.push(socket);
		void Promise.resolve().then(() => socket.open());
		return socket;
	};
	const response = await startStream.call(context, { createSocket, sleep: clock.sleep, now: () => clock.now });
	await response.manualTriggerFunction?.();
	await settle();
	const deliver = async (count: number, from = 0) => {
		for (let i = from; i < from + count; i++) sockets[0].serverSend(eventFrame(`evt-${i}`, `msg-${i}`));
		await settle();
	};
	const acked = () => sockets[0].sent.length;
	return { clock, emitted, done, deliver, acked, close: async () => await response.closeFunction?.() };
}

describe('DingTalk Connect Stream Trigger: executions in flight', () => {
	it(`runs at most ${IN_FLIGHT} executions at once; the next event waits un-acknowledged until one ends`, async () => {
		const stream = await activeStream();
		await stream.deliver(IN_FLIGHT + 4);
		expect(stream.emitted).toHaveLength(IN_FLIGHT);
		expect(stream.acked()).toBe(IN_FLIGHT);
		expect(stream.done.every((promise) => promise !== undefined)).toBe(true);

		stream.done[0]?.resolve({} as IRun);
		stream.done[1]?.reject(new Error('the execution could not be saved'));
		await settle();
		expect(stream.emitted).toHaveLength(IN_FLIGHT + 2);
		expect(stream.acked()).toBe(IN_FLIGHT + 2);
		// In arrival order: the events that waited go first.
		expect(stream.emitted.slice(IN_FLIGHT).map((data) => data[0][0].json.eventId)).toEqual([`evt-${IN_FLIGHT}`, `evt-${IN_FLIGHT + 1}`]);
		await stream.close();
	});

	it('takes the slots back after a minute when n8n never says the executions ended, and only once', async () => {
		const stream = await activeStream();
		await stream.deliver(IN_FLIGHT + 1);
		expect(stream.emitted).toHaveLength(IN_FLIGHT);
		await stream.clock.advance(59_000);
		expect(stream.emitted).toHaveLength(IN_FLIGHT);
		await stream.clock.advance(1_000);
		expect(stream.emitted).toHaveLength(IN_FLIGHT + 1);
		// Ending after all gives nothing back twice: one execution runs, so one slot short of the limit is free.
		for (const promise of stream.done.slice(0, IN_FLIGHT)) promise?.resolve({} as IRun);
		await stream.deliver(IN_FLIGHT, IN_FLIGHT + 1);
		expect(stream.emitted).toHaveLength(2 * IN_FLIGHT);
		expect(stream.acked()).toBe(2 * IN_FLIGHT);
		await stream.close();
	});

	it('does not hold back "Listen for test event"', async () => {
		const stream = await activeStream('manual');
		await stream.deliver(IN_FLIGHT + 4);
		expect(stream.emitted).toHaveLength(IN_FLIGHT + 4);
		expect(stream.done.every((promise) => promise === undefined)).toBe(true);
		await stream.close();
	});
});
