import type { INodeExecutionData } from 'n8n-workflow';

import { startStream } from '../../../nodes/DingTalkConnectStreamTrigger/stream/startStream';
import { CREDENTIALS } from '../../unit/nodes/DingTalkConnectTrigger/helpers/callbackFixtures';
import { FakeClock, FakeSocket, eventFrame, settle } from '../../unit/nodes/DingTalkConnectStreamTrigger/stream/streamFakes';
import { makeHarness, startGateway, triggerContext, type GatewayServer } from './testbed';

const ENDPOINT = 'wss://wss-open-connection.example.test/connect';

let gateway: GatewayServer;

beforeEach(async () => {
	gateway = await startGateway(ENDPOINT);
});

afterEach(async () => {
	await gateway.stop();
});

function setUp(parameters: Record<string, unknown> = {}, credentials: Record<string, unknown> = {}) {
	const harness = makeHarness({ ...CREDENTIALS, baseUrl: gateway.url, ...credentials });
	const sockets: FakeSocket[] = [];
	const clock = new FakeClock();
	const dependencies = {
		createSocket: (url: string) => {
			const socket = new FakeSocket(url);
			sockets.push(socket);
			void Promise.resolve().then(() => socket.open());
			return socket;
		},
		sleep: clock.sleep,
		now: () => clock.now,
	};
	return { harness, sockets, clock, dependencies, parameters: { eventTypes: '', robotMessages: false, ...parameters } };
}

describe('DingTalk Connect Stream Trigger in n8n-core, against a local gateway', () => {
	it('opens a connection with the app credentials, emits events and closes cleanly', async () => {
		const bed = setUp({ robotMessages: true });
		const emitted: INodeExecutionData[][][] = [];
		const { context } = triggerContext(bed.harness, bed.parameters, 'trigger', emitted);
		const response = await startStream.call(context, bed.dependencies);

		expect(gateway.requests).toHaveLength(1);
		expect(gateway.requests[0].headers.accept).toBe('application/json');
		expect(gateway.requests[0].body).toEqual({
			clientId: CREDENTIALS.appKey,
			clientSecret: CREDENTIALS.appSecret,
			subscriptions: [
				{ type: 'EVENT', topic: '*' },
				{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
			],
			ua: expect.stringMatching(/^n8n-nodes-dingtalk-connect\//),
		});
		expect(bed.sockets[0].url).toBe(`${ENDPOINT}?ticket=ticket-1`);

		bed.sockets[0].serverSend(eventFrame('evt-1', 'msg-1'));
		await settle();
		expect(emitted).toEqual([[[{ json: expect.objectContaining({ eventType: 'user_add_org', eventId: 'evt-1', corpId: 'dingcorp1' }) }]]]);
		expect(bed.sockets[0].sent.map((f) => f.data)).toEqual(['{"status":"SUCCESS"}']);

		await response.closeFunction!();
		expect(bed.sockets[0].closedWith?.code).toBe(1000);
		expect(response.manualTriggerFunction).toBeUndefined();
	});

	it('gives each event the execution key n8n refuses twice: the same on a redelivery to a fresh process, apart per event and per mode', async () => {
		const keysOf = async (mode: 'trigger' | 'manual', ids: string[]) => {
			const bed = setUp();
			const keys: Array<string | undefined> = [];
			const { context } = triggerContext(bed.harness, bed.parameters, mode, [], mode === 'manual' ? 'manual' : 'activate', undefined, keys);
			const response = await startStream.call(context, bed.dependencies);
			await response.manualTriggerFunction?.();
			await settle();
			ids.forEach((id, index) => bed.sockets[0].serverSend(eventFrame(id, `msg-${mode}-${index}`)));
			await settle();
			await response.closeFunction?.();
			return keys;
		};
		const [first, second] = await keysOf('trigger', ['evt-1', 'evt-2']);
		expect(first).toMatch(/^dingtalk-stream:[0-9a-f]{64}$/);
		expect(second).not.toBe(first);
		// Another process (or this one after a restart) has none of the first one's memory: the key alone decides.
		expect(await keysOf('trigger', ['evt-1'])).toEqual([first]);
		const [manual] = await keysOf('manual', ['evt-1']);
		expect(manual).toMatch(/^dingtalk-stream:/);
		expect(manual).not.toBe(first);
	});

	it('connects a third-party app with its suite key and secret', async () => {
		const bed = setUp({}, { appType: 'thirdParty', suiteKey: 'suitekey1', suiteSecret: 'suite-secret-1', authCorpId: 'dingcorp', suiteTicket: 'x' });
		const { context } = triggerContext(bed.harness, bed.parameters, 'trigger', []);
		const response = await startStream.call(context, bed.dependencies);
		expect(gateway.requests[0].body).toMatchObject({ clientId: 'suitekey1', clientSecret: 'suite-secret-1', subscriptions: [{ type: 'EVENT', topic: '*' }] });
		await response.closeFunction!();
	});

	it('connects only when "Listen for test event" asks, and hands n8n the first event', async () => {
		const bed = setUp();
		const emitted: INodeExecutionData[][][] = [];
		const { context } = triggerContext(bed.harness, bed.parameters, 'manual', emitted, 'manual');
		const response = await startStream.call(context, bed.dependencies);
		expect(gateway.requests).toHaveLength(0);
		await response.manualTriggerFunction!();
		expect(gateway.requests).toHaveLength(1);
		bed.sockets[0].serverSend(eventFrame('evt-test'));
		await settle();
		expect(emitted).toHaveLength(1);
		await response.closeFunction!();
	});

	it('fails activation with a clear error, and no secret, when DingTalk refuses the credentials', async () => {
		const bed = setUp();
		gateway.failWith.status = 401;
		gateway.failWith.count = 1;
		const { context } = triggerContext(bed.harness, bed.parameters, 'trigger', []);
		const failure = await startStream.call(context, bed.dependencies).then(
			() => undefined,
			(error: Error & { description?: string }) => error,
		);
		expect(failure?.message).toBe('DingTalk refused to open a Stream connection (HTTP 401)');
		const shown = JSON.stringify({ message: failure?.message, description: failure?.description, logs: bed.harness.logs });
		expect(shown).not.toContain(CREDENTIALS.appSecret);
		expect(bed.sockets).toEqual([]);
	});

	it('takes a new ticket from the gateway for every reconnect, backing off while it refuses', async () => {
		const bed = setUp();
		const { context } = triggerContext(bed.harness, bed.parameters, 'trigger', []);
		const response = await startStream.call(context, bed.dependencies);
		bed.sockets[0].serverSend(eventFrame('evt-1'));
		await settle();
		gateway.failWith.status = 503;
		gateway.failWith.count = 2;
		bed.sockets[0].serverClose();
		await settle();
		// After a socket that carried frames: the base wait (1 s, jitter up to 1.2 s), doubling while refused.
		await bed.clock.advance(1200);
		await settle();
		await bed.clock.advance(2400);
		await settle();
		expect(gateway.requests).toHaveLength(3);
		await bed.clock.advance(4800);
		await settle();
		expect(gateway.requests).toHaveLength(4);
		expect(bed.sockets.map((s) => s.url)).toEqual([`${ENDPOINT}?ticket=ticket-1`, `${ENDPOINT}?ticket=ticket-4`]);
		const warnings = bed.harness.logs.filter((log) => log.level === 'warn').map((log) => log.message);
		expect(warnings).toEqual([
			'DingTalk Stream: connection failed: DingTalk refused to open a Stream connection (HTTP 503)',
			'DingTalk Stream: connection failed: DingTalk refused to open a Stream connection (HTTP 503)',
		]);
		await response.closeFunction!();
	});

	it('fails activation with a clear error when the socket does not open', async () => {
		const bed = setUp();
		const { context } = triggerContext(bed.harness, bed.parameters, 'trigger', []);
		const failing = { ...bed.dependencies, createSocket: (url: string) => {
			const socket = new FakeSocket(url);
			bed.sockets.push(socket);
			void Promise.resolve().then(() => socket.fail());
			return socket;
		} };
		await expect(startStream.call(context, failing)).rejects.toThrow("Could not connect to DingTalk's Stream endpoint");
		expect(bed.sockets[0].closedWith?.code).toBe(1000);
	});

	it('refuses a gateway answer that would send the ticket in clear to a remote host', async () => {
		await gateway.stop();
		gateway = await startGateway('ws://stream.example.test/connect');
		const bed = setUp();
		const { context } = triggerContext(bed.harness, bed.parameters, 'trigger', []);
		await expect(startStream.call(context, bed.dependencies)).rejects.toThrow("DingTalk's Stream gateway gave an unusable answer: endpoint not wss");
	});

	it('says clearly when the runtime has no global WebSocket, or uses it when it has one', async () => {
		// A closed loopback port, so a runtime with a global WebSocket fails fast without leaving the machine.
		await gateway.stop();
		gateway = await startGateway('ws://127.0.0.1:1/connect');
		const bed = setUp();
		const { context } = triggerContext(bed.harness, bed.parameters, 'trigger', []);
		if (typeof WebSocket === 'undefined') {
			await expect(startStream.call(context, { sleep: bed.clock.sleep })).rejects.toThrow('This n8n runs on a Node.js without a global WebSocket');
			expect(gateway.requests).toHaveLength(0);
		} else {
			await expect(startStream.call(context, { sleep: bed.clock.sleep })).rejects.toThrow("Could not connect to DingTalk's Stream endpoint");
			expect(gateway.requests).toHaveLength(1);
		}
	});
});
