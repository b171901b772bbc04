// HTTP callback pushes through the running emulator: the demo apps' event settings, suite tickets taken
// from the emulator's rotation, and the control route, against a tiny endpoint on 127.0.0.1 that plays an app.
import { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS, type DemoAppName } from '../../../emulator';
import { buildSuccessReply, decryptFromApp, signCallback, type CallbackApp } from '../../../emulator/events';
import { useEmulator } from '../bed';
import { useCallbackEndpoint, type CallbackReply } from '../callbackEndpoint';

type Behaviour = 'good' | 'plainSuccess' | 'status500';
interface Received {
	signatureValid: boolean;
	plaintext?: string;
	problem?: string;
}

/** The app the endpoint plays: it decrypts and answers with these settings. */
let playing: CallbackApp;
let behaviours: Behaviour[] = [];
let received: Received[] = [];

function settingsOf(app: DemoAppName): CallbackApp {
	const { token, aesKey, ownerKey } = DEMO_EVENT_SETTINGS[app];
	return { token, aesKey, ownerKey };
}

function answer(query: Record<string, string>, body: string): CallbackReply {
	let encrypt = '';
	try {
		encrypt = String((JSON.parse(body) as { encrypt?: unknown }).encrypt ?? '');
	} catch {
		received.push({ signatureValid: false, problem: 'notJson' });
		return { status: 400, body: { message: 'not JSON' } };
	}
	const signatureValid = query.signature === signCallback(playing.token, query.timestamp ?? '', query.nonce ?? '', encrypt);
	const decrypted = decryptFromApp(playing, encrypt);
	received.push(decrypted.ok ? { signatureValid, plaintext: decrypted.plaintext } : { signatureValid, problem: decrypted.problem });
	const behaviour = behaviours.shift() ?? 'good';
	if (behaviour === 'status500') return { status: 500, body: { message: 'boom' } };
	if (behaviour === 'plainSuccess') return { status: 200, body: 'success' };
	if (!signatureValid || !decrypted.ok) return { status: 400, body: { message: 'refused' } };
	return { status: 200, body: buildSuccessReply(playing, query.timestamp, query.nonce) };
}

async function control(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
	const res = await fetch(`${bed.emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function suiteToken(suiteTicket: string): Promise<number> {
	const res = await fetch(`${bed.emulator.url}/v1.0/oauth2/corpAccessToken`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ ...DEMO_CREDENTIALS.suite, suiteTicket }),
	});
	await res.text();
	return res.status;
}

const bed = useEmulator();

const endpoint = useCallbackEndpoint(({ query, body }) => answer(query, body));

beforeEach(() => {
	playing = settingsOf('corp');
	behaviours = [];
	received = [];
});

describe('DEMO_EVENT_SETTINGS', () => {
	it('gives each demo app a token, a 43-character EncodingAESKey and its own closing key', () => {
		expect(DEMO_EVENT_SETTINGS.corp.ownerKey).toBe(DEMO_CREDENTIALS.corp.appKey);
		expect(DEMO_EVENT_SETTINGS.corpB.ownerKey).toBe(DEMO_CREDENTIALS.corpB.appKey);
		expect(DEMO_EVENT_SETTINGS.suite.ownerKey).toBe(DEMO_CREDENTIALS.suite.suiteKey);
		expect(DEMO_EVENT_SETTINGS.suiteB.ownerKey).toBe(DEMO_CREDENTIALS.suiteB.suiteKey);
		const all = Object.values(DEMO_EVENT_SETTINGS);
		for (const settings of all) expect(settings.aesKey).toMatch(/^[A-Za-z0-9]{43}$/);
		expect(new Set(all.map((s) => s.aesKey)).size).toBe(all.length);
		expect(new Set(all.map((s) => s.token)).size).toBe(all.length);
	});
});

describe('emulator.events.pushCallbacks', () => {
	it("signs and encrypts with the app's settings, and an endpoint that answers correctly gets every event delivered", async () => {
		const result = await bed.emulator.events.pushCallbacks({
			url: endpoint.url,
			app: 'corp',
			events: [{ kind: 'probe' }, { kind: 'business', eventType: 'user_add_org', fields: { UserId: ['u1'], eventId: 'e-1' } }],
		});
		expect(result).toMatchObject({ delivered: 2, failed: 0 });
		expect(result.records.map((r) => r.accepted)).toEqual([true, true]);
		expect(received.map((r) => r.signatureValid)).toEqual([true, true]);
		expect(received.map((r) => JSON.parse(r.plaintext ?? 'null'))).toEqual([{ EventType: 'check_url' }, { EventType: 'user_add_org', UserId: ['u1'], eventId: 'e-1' }]);
		const recorded = JSON.stringify(result);
		for (const secret of [DEMO_EVENT_SETTINGS.corp.token, DEMO_EVENT_SETTINGS.corp.aesKey]) expect(recorded).not.toContain(secret);
	});

	it('judges wrong answers as DingTalk does: a 500 is retried, a plain "success" is never accepted', async () => {
		behaviours = ['status500', 'good', 'plainSuccess', 'plainSuccess'];
		const result = await bed.emulator.events.pushCallbacks({ url: endpoint.url, events: [{ kind: 'probe' }, { kind: 'probe' }], retries: 1, retryBackoffMs: 10 });
		expect(result).toMatchObject({ delivered: 1, failed: 1 });
		expect(result.records.map((r) => [r.eventIndex, r.attempt, r.status, r.accepted])).toEqual([
			[0, 0, 500, false],
			[0, 1, 200, true],
			[1, 0, 200, false],
			[1, 1, 200, false],
		]);
		expect(result.records[2].reply?.success).toBe(false);
	});

	it("fails when the endpoint holds another app's settings (each app has its own key)", async () => {
		const result = await bed.emulator.events.pushCallbacks({ url: endpoint.url, app: 'corpB', events: [{ kind: 'probe' }] });
		expect(result).toMatchObject({ delivered: 0, failed: 1 });
		expect(received[0].signatureValid).toBe(false);
		expect(received[0].plaintext).toBeUndefined();
	});
});

describe('suite tickets from the emulator rotation', () => {
	it('suiteTicketEvent() carries the current ticket in a SYNC_HTTP_PUSH_HIGH biz_type 2 item, and that ticket gets a token', async () => {
		const rotated = bed.emulator.rotateSuiteTicket();
		const event = bed.emulator.events.suiteTicketEvent();
		expect(event).toMatchObject({ kind: 'syncHttpPush', priority: 'HIGH', items: [{ biz_type: 2, biz_id: DEMO_EVENT_SETTINGS.suite.suiteId }] });

		playing = settingsOf('suite');
		const result = await bed.emulator.events.pushCallbacks({ url: endpoint.url, app: 'suite', events: [event] });
		expect(result.delivered).toBe(1);
		const plaintext = JSON.parse(received[0].plaintext ?? '{}') as { EventType: string; bizData: Array<{ biz_type: number; biz_data: string }> };
		expect(plaintext.EventType).toBe('SYNC_HTTP_PUSH_HIGH');
		const bizData = JSON.parse(plaintext.bizData[0].biz_data) as { syncAction: string; suiteTicket: string };
		expect(bizData).toMatchObject({ syncAction: 'suite_ticket', suiteTicket: rotated });
		expect(await suiteToken(bizData.suiteTicket)).toBe(200);
	});

	it('a legacy suite_ticket push with rotate: true carries a new ticket, the one a token now needs', async () => {
		bed.emulator.configure({ previousSuiteTicketValid: false });
		playing = settingsOf('suite');
		await bed.emulator.events.pushCallbacks({ url: endpoint.url, app: 'suite', events: [{ kind: 'suiteTicket', style: 'legacy', rotate: true }] });
		const plaintext = JSON.parse(received[0].plaintext ?? '{}') as Record<string, string>;
		expect(plaintext).toMatchObject({ EventType: 'suite_ticket', SuiteKey: DEMO_CREDENTIALS.suite.suiteKey });
		expect(plaintext.SuiteTicket).not.toBe(DEMO_CREDENTIALS.suite.suiteTicket);
		expect(await suiteToken(plaintext.SuiteTicket)).toBe(200);
		expect(await suiteToken(DEMO_CREDENTIALS.suite.suiteTicket)).toBe(400);
	});

	it("takes the pushing suite's own key: suite B's ticket, closed with suite B's suiteKey", async () => {
		playing = settingsOf('suiteB');
		const result = await bed.emulator.events.pushCallbacks({ url: endpoint.url, app: 'suiteB', events: [{ kind: 'suiteTicket', style: 'legacy' }] });
		expect(result.delivered).toBe(1);
		expect(JSON.parse(received[0].plaintext ?? '{}')).toMatchObject({ SuiteKey: DEMO_CREDENTIALS.suiteB.suiteKey, SuiteTicket: DEMO_CREDENTIALS.suiteB.suiteTicket });
	});
});

describe('POST /__emulator/events/callbacks/push', () => {
	it('pushes from another process and answers the records', async () => {
		const pushed = await control('/__emulator/events/callbacks/push', { url: endpoint.url, events: [{ kind: 'business', eventType: 'user_modify_org', fields: { UserId: ['u2'] } }] });
		expect(pushed.status).toBe(200);
		expect(pushed.json).toMatchObject({ delivered: 1, failed: 0, records: [{ accepted: true, eventType: 'user_modify_org' }] });
		expect(JSON.parse(received[0].plaintext ?? '{}')).toEqual({ EventType: 'user_modify_org', UserId: ['u2'] });
	});

	it('takes a suite ticket, faults and a variant', async () => {
		playing = settingsOf('suite');
		const pushed = await control('/__emulator/events/callbacks/push', {
			url: endpoint.url,
			app: 'suite',
			events: [{ kind: 'suiteTicket' }, { kind: 'probe' }],
			faults: [{ at: 1, kind: 'badSignature' }],
			variant: { timestampUnit: 'milliseconds' },
		});
		expect(pushed.json).toMatchObject({ delivered: 1, failed: 1, records: [{ accepted: true }, { accepted: false, status: 400, fault: 'badSignature' }] });
		const [first] = pushed.json.records as Array<{ query: Record<string, string> }>;
		expect(first.query.timestamp).toMatch(/^\d{13}$/);
	});

	it('refuses URLs other than http://127.0.0.1 and unbounded or malformed bodies, sending nothing', async () => {
		const port = new URL(endpoint.url).port;
		const bad: unknown[] = [
			{ url: `http://localhost:${port}/webhook`, events: [{ kind: 'probe' }] },
			{ url: 'http://10.0.0.1/webhook', events: [{ kind: 'probe' }] },
			{ url: `https://127.0.0.1:${port}/webhook`, events: [{ kind: 'probe' }] },
			{ url: 'not a url', events: [{ kind: 'probe' }] },
			{ url: endpoint.url, events: [] },
			{ url: endpoint.url, events: Array.from({ length: 201 }, () => ({ kind: 'probe' })) },
			{ url: endpoint.url, events: [{ kind: 'nonsense' }] },
			{ url: endpoint.url, events: [{ kind: 'business' }] },
			{ url: endpoint.url, events: [{ kind: 'probe' }], retries: 6 },
			{ url: endpoint.url, events: [{ kind: 'probe' }], maxDurationMs: 600000 },
			{ url: endpoint.url, events: [{ kind: 'probe' }], faults: [{ at: 3, kind: 'replay' }] },
			{ url: endpoint.url, events: [{ kind: 'probe' }], app: 'nobody' },
			{ url: endpoint.url, events: [{ kind: 'probe' }], app: { token: 't', aesKey: 'short', ownerKey: 'k' } },
		];
		for (const body of bad) {
			const answer = await control('/__emulator/events/callbacks/push', body);
			expect([body, answer.status]).toEqual([body, 400]);
		}
		expect(received).toEqual([]);
	});
});
