// What the emulator-backed trigger tests share: the demo apps' credentials with their event settings,
// a `ws` socket for the Stream client on a Node without a global WebSocket, and the secrets to look for.
import WebSocket from 'ws';

import { DEMO_CREDENTIALS, DEMO_EVENT_SETTINGS, type RunningEmulator } from '../../../emulator';
import type { SocketLike } from '../../../nodes/DingTalkConnectStreamTrigger/stream/streamClient';

/** A demo app's credential as a user fills it in for both triggers, with the app's event settings. */
function eventCredential(emulator: RunningEmulator, app: 'corp' | 'suite') {
	const events = DEMO_EVENT_SETTINGS[app];
	return {
		appType: app === 'corp' ? 'internal' : 'thirdParty',
		...DEMO_CREDENTIALS[app],
		baseUrl: emulator.url,
		eventToken: events.token,
		eventAesSecretKey: events.aesKey,
		eventOwnerKey: 'appKey',
	};
}

/** The corp app's credential. */
export const corpCredential = (emulator: RunningEmulator) => eventCredential(emulator, 'corp');

/** The suite's credential: its suiteKey closes every pushed plaintext. */
export const suiteCredential = (emulator: RunningEmulator) => eventCredential(emulator, 'suite');

/** The `ws` package's WebSocket has the WHATWG listener API the client uses; text frames arrive as strings. */
export const wsSocket = (url: string): SocketLike => new WebSocket(url) as unknown as SocketLike;

/** Every secret value of the demo apps: none may show up in a log line or an answer. */
export const DEMO_SECRETS: string[] = [
	DEMO_CREDENTIALS.corp.appSecret,
	DEMO_CREDENTIALS.suite.suiteSecret,
	DEMO_CREDENTIALS.suite.suiteTicket,
	...Object.values(DEMO_EVENT_SETTINGS).flatMap((settings) => [settings.token, settings.aesKey]),
];

/** The secrets that appear in `text`, so a failing assertion names them (by position, not value). */
export function leakedSecrets(text: string, secrets: string[] = DEMO_SECRETS): number[] {
	return secrets.flatMap((secret, index) => (secret !== '' && text.includes(secret) ? [index] : []));
}
