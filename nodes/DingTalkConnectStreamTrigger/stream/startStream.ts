import { createHash } from 'crypto';
import {
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IRun,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { checkBaseUrl } from '../../DingTalkConnect/transport/baseUrl';
import { appIdentity, appTypeOf } from '../../DingTalkConnect/transport/appScope';
import { CREDENTIAL_TYPE } from '../../DingTalkConnect/transport/constants';
import { RecentIds } from '../../events/recentIds';
import { organisationOf, receivedAtIn, toOutputItem, type DingTalkEvent } from '../../events/event';
import { eventTypesOf } from '../../events/eventTypesProperty';
import { keepSuiteTickets } from '../../events/handOnSuiteTickets';
import { connectionOpenBody } from './connectionRequest';
import { ExecutionSlots } from './executionSlots';
import { openStreamConnection } from './openConnection';
import { StreamClient, type SocketFactory, type StreamClientOptions } from './streamClient';

/** What tests replace: the socket, time and chance. */
export type StreamDependencies = Partial<
	Pick<StreamClientOptions, 'createSocket' | 'sleep' | 'now' | 'random' | 'backoff' | 'watchdog'>
>;

// DingTalk's own SDKs back off to at most 60 s. A connection counts as established (the waits start again)
// after its first frame or 15 s open: a refusal or a proxy without WebSockets closes within seconds.
const BACKOFF = { baseMs: 1000, capMs: 60000, stableMs: 15000 };
// DingTalk documents its ping but not how often it comes (reportedly every 20-30 s); TCP may not notice a
// dead peer for much longer. So a socket silent for 120 s is replaced: found within 120 + 15 s.
const WATCHDOG = { checkEveryMs: 15000, silentMs: 120000, openTimeoutMs: 30000 };
// DingTalk redelivers an un-ACKed event within about a minute; repeats after ACK are possible too.
const RECENT = { maxSize: 10000, maxAgeMs: 30 * 60 * 1000 };
// Executions of one active trigger running at once (see ExecutionSlots). A slot comes back when n8n
// reports the execution ended, or at the watchdog's first look after SLOT_HOLD_MS: n8n 1.x never settles
// that promise when it could not start the execution, and a long workflow should not stall the events behind it.
const EXECUTIONS_IN_FLIGHT = 16;
const SLOT_HOLD_MS = 60_000;

/**
 * n8n 2.x refuses a second execution with the same key, in any of its processes and after a restart
 * (a unique column of its executions table): a redelivered event starts nothing. Older n8n ignores it.
 */
export function eventExecutionKey(listener: string, eventId: string): string {
	return `dingtalk-stream:${createHash('sha256').update(JSON.stringify([listener, eventId])).digest('hex')}`;
}

function globalSocketFactory(this: ITriggerFunctions): SocketFactory {
	if (typeof WebSocket === 'undefined') {
		throw new NodeOperationError(this.getNode(), 'This n8n runs on a Node.js without a global WebSocket', {
			description: 'Stream mode needs Node.js 22 or newer (n8n 2.x runs on Node.js 24). Use the HTTP callback trigger instead.',
		});
	}
	return (url) => new WebSocket(url);
}

function clientCredentials(this: ITriggerFunctions, credentials: ICredentialDataDecryptedObject) {
	const third = appTypeOf(credentials) === 'thirdParty';
	const text = (name: string) => (typeof credentials[name] === 'string' ? (credentials[name] as string).trim() : '');
	const clientId = text(third ? 'suiteKey' : 'appKey');
	const clientSecret = text(third ? 'suiteSecret' : 'appSecret');
	if (clientId === '' || clientSecret === '') {
		throw new NodeOperationError(this.getNode(), third ? 'The credential has no Suite Key or Suite Secret' : 'The credential has no App Key or App Secret');
	}
	return { clientId, clientSecret };
}

/** Wires a StreamClient to n8n: emit per event, close on deactivation, one event for "Listen for test event". */
export async function startStream(this: ITriggerFunctions, dependencies: StreamDependencies = {}): Promise<ITriggerResponse> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const base = checkBaseUrl(credentials.baseUrl);
	if (!base.ok) throw new NodeOperationError(this.getNode(), base.message, { description: base.description });
	const robotMessages = this.getNodeParameter('robotMessages', false) === true;
	const body = connectionOpenBody({ ...clientCredentials.call(this, credentials), robotMessages });
	const createSocket = dependencies.createSocket ?? globalSocketFactory.call(this);
	const organisation = organisationOf(credentials);
	const timeZone = this.getTimezone();
	// A test listener and the active workflow each run an event once.
	const listener = JSON.stringify([this.getWorkflow().id ?? '', this.getNode().id, this.getMode(), appIdentity(credentials)]);
	const now = dependencies.now ?? Date.now;
	// "Listen for test event" takes one event; only an active workflow needs its executions bounded.
	const slots = this.getMode() === 'manual' ? undefined : new ExecutionSlots(EXECUTIONS_IN_FLIGHT, now);
	const emitEvent = async (event: DingTalkEvent) => {
		const item = toOutputItem(event, { organisation, receivedAt: receivedAtIn(timeZone, Date.now()) });
		const key = eventExecutionKey(listener, event.eventId);
		if (slots === undefined) return this.emit([[item]], undefined, undefined, key);
		const ticket = await slots.take();
		const done = this.helpers.createDeferredPromise<IRun>();
		const giveBack = () => slots.give(ticket);
		void done.promise.then(giveBack, giveBack);
		this.emit([[item]], undefined, done, key);
	};

	const client = new StreamClient({
		openConnection: async () => await openStreamConnection.call(this, base.baseUrl, body),
		createSocket,
		onEvent: emitEvent,
		onSuiteTicket: (ticket) => void keepSuiteTickets.call(this, [ticket]),
		callbacks: robotMessages,
		eventTypes: eventTypesOf.call(this),
		recent: new RecentIds(RECENT),
		identity: appIdentity(credentials),
		logger: this.logger,
		sleep: dependencies.sleep ?? sleep,
		now,
		onCheck: () => slots?.expire(SLOT_HOLD_MS),
		random: dependencies.random ?? Math.random,
		backoff: dependencies.backoff ?? BACKOFF,
		watchdog: dependencies.watchdog ?? WATCHDOG,
	});

	const start = async () => {
		try {
			await client.start();
		} catch (error) {
			// A gateway failure is already a NodeOperationError (which this constructor returns as it is).
			throw error instanceof NodeOperationError
				? new NodeOperationError(this.getNode(), error)
				: new NodeOperationError(this.getNode(), "Could not connect to DingTalk's Stream endpoint", {
						description:
							'DingTalk gave a ticket, but the WebSocket did not open. Check that n8n may reach wss-open-connection.dingtalk.com:443 (a proxy or firewall may block WebSockets).',
					});
		}
	};
	const closeFunction = async () => await client.stop();
	if (this.getMode() === 'manual') {
		// "Listen for test event": connect when the editor asks; n8n takes the first emitted event.
		return { closeFunction, manualTriggerFunction: start };
	}
	await start();
	return { closeFunction };
}
