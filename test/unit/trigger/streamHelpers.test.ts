import { toOutputItem } from '../../../nodes/events/event';
import { callbackAck, eventAck, frameEvent, parseFrame, pingReply } from '../../../nodes/DingTalkConnectStreamTrigger/stream/frames';
import {
	reconnectDelay,
	connectionOpenBody,
	readConnectionAnswer,
} from '../../../nodes/DingTalkConnectStreamTrigger/stream/connectionRequest';

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

describe('parseFrame and replies', () => {
	const raw = JSON.stringify({
		specVersion: '1.0',
		type: 'EVENT',
		headers: { topic: '*', messageId: 'm1', time: 1693221579964, eventId: 'e1', extra: { nested: true } },
		data: '{"a":1}',
	});

	it('keeps the headers as text and the data as the string DingTalk sent', () => {
		expect(parseFrame(raw)).toEqual({
			ok: true,
			frame: { type: 'EVENT', topic: '*', messageId: 'm1', headers: { topic: '*', messageId: 'm1', time: '1693221579964', eventId: 'e1' }, data: '{"a":1}' },
		});
	});

	it('refuses non-strings and oversized frames', () => {
		expect(parseFrame(Buffer.from(raw))).toEqual({ ok: false, reason: 'frame not JSON' });
		expect(parseFrame(' '.repeat(4 * 1024 * 1024 + 1))).toEqual({ ok: false, reason: 'frame too large' });
	});

	it('builds the ACKs DingTalk documents', () => {
		expect(eventAck('m1', 'LATER')).toEqual({ code: 200, headers: { contentType: 'application/json', messageId: 'm1' }, message: 'OK', data: '{"status":"LATER"}' });
		expect(callbackAck('m2').data).toBe('{"response":null}');
		const ping = parseFrame(JSON.stringify({ type: 'SYSTEM', headers: { topic: 'ping', messageId: 'p' }, data: '{"opaque":"o"}' }));
		if (!ping.ok) throw new Error(ping.reason);
		expect(pingReply(ping.frame)).toEqual({ code: 200, headers: { topic: 'ping', messageId: 'p' }, message: 'OK', data: '{"opaque":"o"}' });
	});

	it('keeps a suite ticket sent over Stream out of the item', () => {
		const parsed = parseFrame(JSON.stringify({ type: 'EVENT', headers: { topic: '*', messageId: 'm', eventType: 'suite_ticket' }, data: '{"suiteTicket":"TICKET","action":"suite"}' }));
		if (!parsed.ok) throw new Error(parsed.reason);
		const event = frameEvent(parsed.frame)!;
		expect(event.suiteTicket).toBe('TICKET');
		expect(JSON.stringify(toOutputItem(event))).not.toContain('TICKET');
	});

	it('reads no event from data that is not a JSON object', () => {
		for (const data of ['x', '[1]', 'null']) {
			expect(frameEvent({ type: 'EVENT', topic: '*', messageId: 'm', headers: {}, data })).toBeNull();
		}
	});
});
