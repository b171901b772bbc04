// DingTalk's event delivery, wired into the running emulator: one Stream gateway on the emulator's own
// HTTP server (the open call is routed by http/router.ts, the WebSocket upgrade goes to the gateway),
// and HTTP callback pushes signed and encrypted with the demo apps' event settings.

import type http from 'node:http';

import {
	pushCallbacks,
	robotMessage,
	StreamGateway,
	suiteTicketItem,
	type CallbackApp,
	type CallbackEvent,
	type OpenAnswer,
	type PushResult,
} from './events';
import { CORP_APPS, DEMO_CORP_ID, DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS, DEMO_SUITE_OWNER_CORP_ID, ORG_B_CORP_ID, SUITE_APPS, type DemoAppName } from './seed';
import type { EmulatorState } from './state';
import { currentSuiteTicket, rotateSuiteTicket } from './suiteTickets';
import type { EmulatorEvents, EmulatorPushOptions, EmulatorStream, StreamOptions, StreamTarget, SuiteTicketRequest } from './eventTypes';

const APP_CORP_ID: Record<DemoAppName, string> = {
	corp: DEMO_CORP_ID,
	corpB: ORG_B_CORP_ID,
	suite: DEMO_CREDENTIALS.suite.authCorpId,
	suiteB: DEMO_CREDENTIALS.suiteB.authCorpId,
};

/** The demo apps DingTalk knows for Stream: an enterprise app's appKey/appSecret or a suite's suiteKey/suiteSecret. */
export function knownStreamClient(clientId: string, clientSecret: string): boolean {
	return (
		CORP_APPS.some((app) => app.appKey === clientId && app.appSecret === clientSecret) ||
		SUITE_APPS.some((app) => app.suiteKey === clientId && app.suiteSecret === clientSecret)
	);
}

/** Who a Stream client is in the log and counters: the appKey (with its organisation) or the suiteKey. */
export function streamCaller(clientId: string): { app: string; corpId?: string } {
	const corp = CORP_APPS.find((app) => app.appKey === clientId);
	return corp ? { app: corp.appKey, corpId: corp.corpId } : { app: clientId };
}

/** The clientId whose connections take a push (none: any), and the organisation its events come from. */
function streamTarget(target: StreamTarget): { clientId?: string; corpId: string } {
	if (target.app === undefined) return { corpId: DEMO_CORP_ID };
	if (!isDemoApp(target.app)) throw new Error(`unknown demo app ${String(target.app)}`);
	return { clientId: DEMO_EVENT_SETTINGS[target.app].clientId, corpId: APP_CORP_ID[target.app] };
}

function isDemoApp(app: unknown): app is DemoAppName {
	return typeof app === 'string' && Object.hasOwn(DEMO_EVENT_SETTINGS, app);
}

function callbackApp(app: DemoAppName | CallbackApp): CallbackApp {
	if (!isDemoApp(app)) return app;
	const { token, aesKey, ownerKey } = DEMO_EVENT_SETTINGS[app];
	return { token, aesKey, ownerKey };
}

export class EventDelivery {
	readonly api: EmulatorEvents;
	private readonly gateway: StreamGateway;

	constructor(
		private readonly state: EmulatorState,
		server: http.Server,
		options: StreamOptions = {},
	) {
		this.gateway = new StreamGateway({ ...options, server, checkClient: knownStreamClient, pinging: () => state.config.streamPing === 'periodic' });
		this.api = { stream: this.streamApi(), pushCallbacks: (push) => this.pushCallbacks(push), suiteTicketEvent: (request) => this.suiteTicketEvent(request) };
	}

	/** `POST /v1.0/gateway/connections/open`, for the router. */
	open(body: unknown, accept: string | undefined): OpenAnswer {
		return this.gateway.handleOpen(body, accept);
	}

	reset(): void {
		this.gateway.reset();
	}

	close(): Promise<void> {
		return this.gateway.close();
	}

	private streamApi(): EmulatorStream {
		const gateway = this.gateway;
		return {
			push: (events, target = {}) => {
				const { clientId, corpId } = streamTarget(target);
				return gateway.push(
					events.map((event) => ({ eventCorpId: corpId, ...event })),
					clientId,
				);
			},
			redeliver: (messageIds) => gateway.redeliver(messageIds),
			robotMessage: (content, options = {}) => {
				const { clientId, corpId } = streamTarget(options);
				return gateway.callback(robotMessage(content, { chatbotCorpId: corpId, senderCorpId: corpId, ...options.fields }), undefined, clientId);
			},
			callback: (data, options = {}) => gateway.callback(data, options.topic, streamTarget(options).clientId),
			ping: (connectionId) => gateway.ping(connectionId),
			disconnect: (connectionId) => gateway.disconnect(connectionId),
			drop: () => gateway.drop(),
			goSilent: (silent) => gateway.goSilent(silent),
			refuseTickets: (count) => gateway.refuseTickets(count),
			stats: () => gateway.stats(),
			waitFor: (predicate, timeoutMs) => gateway.waitFor(predicate, timeoutMs),
		};
	}

	private suiteTicketEvent(request: Omit<SuiteTicketRequest, 'kind'> = {}): CallbackEvent {
		const suiteKey = request.suiteKey ?? DEMO_CREDENTIALS.suite.suiteKey;
		const suite = SUITE_APPS.find((candidate) => candidate.suiteKey === suiteKey);
		const settings = Object.values(DEMO_EVENT_SETTINGS).find((candidate) => candidate.ownerKey === suiteKey);
		if (!suite || !settings?.suiteId) throw new Error('a suite ticket needs the suiteKey of a demo suite');
		if (request.rotate) rotateSuiteTicket(this.state, suiteKey);
		const suiteTicket = currentSuiteTicket(this.state, suite);
		if (request.style === 'legacy') return { kind: 'legacySuiteTicket', suiteKey, suiteTicket };
		return { kind: 'syncHttpPush', priority: 'HIGH', items: [suiteTicketItem({ suiteId: settings.suiteId, suiteTicket, corpId: DEMO_SUITE_OWNER_CORP_ID })] };
	}

	private pushCallbacks(options: EmulatorPushOptions): Promise<PushResult> {
		const app = options.app ?? 'corp';
		const appSuiteKey = isDemoApp(app) && DEMO_EVENT_SETTINGS[app].suiteId ? DEMO_EVENT_SETTINGS[app].ownerKey : undefined;
		const events = options.events.map((event) =>
			event.kind === 'suiteTicket' ? this.suiteTicketEvent({ ...event, suiteKey: event.suiteKey ?? appSuiteKey }) : event,
		);
		return pushCallbacks({ ...options, app: callbackApp(app), events });
	}
}
