import {
	reconnectDelay,
	connectionOpenBody,
	readConnectionAnswer,
} from '../../../../../nodes/DingTalkConnectStreamTrigger/stream/connectionRequest';

describe('connectionOpenBody', () => {
	it('subscribes to every event, and to robot messages only when asked', () => {
		expect(connectionOpenBody({ clientId: 'id', clientSecret: 's', robotMessages: false })).toEqual({
			clientId: 'id',
			clientSecret: 's',
			subscriptions: [{ type: 'EVENT', topic: '*' }],
			ua: expect.stringMatching(/^n8n-nodes-dingtalk-connect\/\d/),
		});
		expect(connectionOpenBody({ clientId: 'id', clientSecret: 's', robotMessages: true }).subscriptions).toEqual([
			{ type: 'EVENT', topic: '*' },
			{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
		]);
	});
});

describe('readConnectionAnswer', () => {
	it('puts the ticket, encoded, on the endpoint', () => {
		expect(readConnectionAnswer({ endpoint: 'wss://wss-open-connection.dingtalk.com:443/connect', ticket: 'a b&c' })).toEqual({
			ok: true,
			url: 'wss://wss-open-connection.dingtalk.com/connect?ticket=a+b%26c',
		});
		expect(readConnectionAnswer({ endpoint: 'ws://127.0.0.1:3900/connect?x=1', ticket: 't' })).toEqual({
			ok: true,
			url: 'ws://127.0.0.1:3900/connect?x=1&ticket=t',
		});
	});

	it.each([
		[null, 'no endpoint'],
		[{ ticket: 't' }, 'no endpoint'],
		[{ endpoint: 'not a url', ticket: 't' }, 'no endpoint'],
		[{ endpoint: 'ws://stream.example.com/connect', ticket: 't' }, 'endpoint not wss'],
		[{ endpoint: 'https://stream.example.com/connect', ticket: 't' }, 'endpoint not wss'],
		[{ endpoint: 'wss://user:pw@stream.example.com/connect', ticket: 't' }, 'endpoint not wss'],
		[{ endpoint: 'wss://stream.example.com/connect' }, 'no ticket'],
		[{ endpoint: 'wss://stream.example.com/connect', ticket: 42 }, 'no ticket'],
	])('refuses %j', (answer, reason) => {
		expect(readConnectionAnswer(answer)).toEqual({ ok: false, reason });
	});
});

describe('reconnectDelay', () => {
	it('doubles from the base up to the cap, spread by at most 20 %', () => {
		const policy = { baseMs: 1000, capMs: 60000 };
		expect([0, 1, 2, 3, 6, 7, 50].map((n) => reconnectDelay(n, policy, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 60000, 60000, 60000]);
		expect(reconnectDelay(2, policy, () => 0)).toBe(3200);
		expect(reconnectDelay(2, policy, () => 0.999999)).toBe(4800);
		expect(reconnectDelay(10, policy, () => 1)).toBe(60000);
	});
});
