import { toOutputItem } from '../../../../../nodes/events/event';
import { callbackAck, eventAck, frameEvent, parseFrame, pingReply } from '../../../../../nodes/DingTalkConnectStreamTrigger/stream/frames';

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
		expect(JSON.stringify(toOutputItem(event, { organisation: null, receivedAt: '' }))).not.toContain('TICKET');
	});

	it('reads no event from data that is not a JSON object', () => {
		for (const data of ['x', '[1]', 'null']) {
			expect(frameEvent({ type: 'EVENT', topic: '*', messageId: 'm', headers: {}, data })).toBeNull();
		}
	});
});
