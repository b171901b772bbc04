// Plays DingTalk pushing HTTP event callbacks at an endpoint: signs and encrypts each event with the
// app's settings, sends it, and judges the reply the way DingTalk does (decrypts to "success" within
// 1,500 ms), retrying a failed push. Bounded in count and time; 127.0.0.1 endpoints only.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { callbackPlaintext, type CallbackEvent } from './callbackEvents';
import { buildCallbackRequest, type CallbackFaultKind, type CallbackRequest, type CallbackVariant } from './callbackRequest';
import { checkReply, type CallbackApp, type ReplyCheck } from './crypto';

export interface CallbackFault {
	/** Index in `events` of the event the fault applies to (to each of its attempts). */
	at: number;
	kind: CallbackFaultKind;
}

export interface PushOptions {
	/** The endpoint, e.g. `http://127.0.0.1:5678/webhook/…`; any other host is refused. */
	url: string;
	app: CallbackApp;
	events: CallbackEvent[];
	variant?: CallbackVariant;
	faults?: CallbackFault[];
	/** Extra attempts after a failed push (0–5, default 0). */
	retries?: number;
	/** Wait before the first retry, doubled for each next one (default 100 ms, capped at 2,000 ms). */
	retryBackoffMs?: number;
	/** DingTalk's deadline for a reply (default 1,500 ms). */
	deadlineMs?: number;
	/** A request is abandoned after this long (default 5,000 ms, at most 10,000 ms). */
	requestTimeoutMs?: number;
	/** The whole push stops after this long (default 60,000 ms). */
	maxDurationMs?: number;
	/** Connections to reuse across requests (e.g. a keep-alive agent shared by many pushes); default a new connection per request. */
	agent?: http.Agent;
}

export interface PushRecord {
	eventIndex: number;
	/** 0 for the first attempt, 1… for retries. */
	attempt: number;
	/** An exact resend of the previous request (the `replay` fault). */
	replay: boolean;
	fault?: CallbackFaultKind;
	/** `EventType` of the plaintext, when it has one. */
	eventType?: string;
	query: Record<string, string>;
	status?: number;
	latencyMs: number;
	withinDeadline: boolean;
	reply?: ReplyCheck;
	error?: 'timeout' | 'network' | 'replyTooLarge';
	/** What DingTalk counts as delivered: HTTP 200, a reply that decrypts and verifies to "success", in time. */
	accepted: boolean;
}

export interface PushResult {
	records: PushRecord[];
	/** Events accepted on some attempt (replays not counted). */
	delivered: number;
	/** Events never accepted. */
	failed: number;
	/** The push ran out of `maxDurationMs` before every event was sent. */
	stoppedEarly: boolean;
}

export const PUSH_LIMITS = { maxEvents: 200, maxRetries: 5, maxBackoffMs: 2000, maxRequestTimeoutMs: 10000, maxReplyBytes: 65536 };

function checkedUrl(url: string): URL {
	const parsed = new URL(url);
	if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1') {
		throw new Error(`the callback pusher only posts to http://127.0.0.1 (got ${parsed.protocol}//${parsed.hostname})`);
	}
	return parsed;
}

interface Sent {
	status?: number;
	text: string;
	latencyMs: number;
	error?: PushRecord['error'];
}

function send(url: URL, request: CallbackRequest, timeoutMs: number, agent: http.Agent | false): Promise<Sent> {
	const target = new URL(url.href);
	for (const [name, value] of Object.entries(request.query)) target.searchParams.set(name, value);
	const started = performance.now();
	return new Promise((resolve) => {
		let settled = false;
		const finish = (sent: Omit<Sent, 'latencyMs'>) => {
			if (settled) return;
			settled = true;
			resolve({ ...sent, latencyMs: Math.round(performance.now() - started) });
		};
		const req = http.request(
			target,
			{
				method: 'POST',
				agent,
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body) },
			},
			(res) => {
				const chunks: Buffer[] = [];
				let size = 0;
				res.on('data', (chunk: Buffer) => {
					size += chunk.length;
					if (size > PUSH_LIMITS.maxReplyBytes) {
						finish({ status: res.statusCode, text: '', error: 'replyTooLarge' });
						req.destroy();
					} else chunks.push(chunk);
				});
				res.on('end', () => finish({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', () => finish({ status: res.statusCode, text: '', error: 'network' }));
			},
		);
		req.setTimeout(timeoutMs, () => {
			finish({ text: '', error: 'timeout' });
			req.destroy();
		});
		req.on('error', () => finish({ text: '', error: 'network' }));
		req.end(request.body);
	});
}

function eventTypeOf(plaintext: string): string | undefined {
	try {
		const parsed: unknown = JSON.parse(plaintext);
		const type = (parsed as { EventType?: unknown } | null)?.EventType;
		return typeof type === 'string' ? type : undefined;
	} catch {
		return undefined;
	}
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export async function pushCallbacks(options: PushOptions): Promise<PushResult> {
	const url = checkedUrl(options.url);
	if (options.events.length > PUSH_LIMITS.maxEvents) throw new Error(`at most ${PUSH_LIMITS.maxEvents} events per push`);
	const retries = Math.min(Math.max(0, Math.floor(options.retries ?? 0)), PUSH_LIMITS.maxRetries);
	const backoffMs = Math.max(0, options.retryBackoffMs ?? 100);
	const deadlineMs = options.deadlineMs ?? 1500;
	const timeoutMs = Math.min(options.requestTimeoutMs ?? 5000, PUSH_LIMITS.maxRequestTimeoutMs);
	const stopAt = performance.now() + (options.maxDurationMs ?? 60000);
	const faults = options.faults ?? [];

	const records: PushRecord[] = [];
	let delivered = 0;
	let stoppedEarly = false;
	const record = async (
		eventIndex: number,
		attempt: number,
		replay: boolean,
		request: CallbackRequest,
		fault: CallbackFaultKind | undefined,
		eventType: string | undefined,
	): Promise<PushRecord> => {
		const sent = await send(url, request, timeoutMs, options.agent ?? false);
		const reply = sent.error ? undefined : checkReply(options.app, sent.text, request);
		const withinDeadline = !sent.error && sent.latencyMs <= deadlineMs;
		const accepted = sent.status === 200 && reply?.success === true && withinDeadline;
		const entry: PushRecord = {
			eventIndex,
			attempt,
			replay,
			fault,
			eventType,
			query: request.query,
			status: sent.status,
			latencyMs: sent.latencyMs,
			withinDeadline,
			reply,
			error: sent.error,
			accepted,
		};
		records.push(entry);
		return entry;
	};

	for (const [eventIndex, event] of options.events.entries()) {
		const plaintext = callbackPlaintext(event);
		const eventType = eventTypeOf(plaintext);
		const kinds = faults.filter((fault) => fault.at === eventIndex).map((fault) => fault.kind);
		const fault = kinds.find((kind) => kind !== 'replay');
		let last: CallbackRequest | undefined;
		let accepted = false;
		for (let attempt = 0; attempt <= retries && !accepted; attempt++) {
			if (performance.now() > stopAt) {
				stoppedEarly = true;
				break;
			}
			if (attempt > 0) await pause(Math.min(backoffMs * 2 ** (attempt - 1), PUSH_LIMITS.maxBackoffMs));
			last = buildCallbackRequest(options.app, plaintext, options.variant, fault);
			accepted = (await record(eventIndex, attempt, false, last, fault, eventType)).accepted;
		}
		if (accepted) delivered++;
		if (last && kinds.includes('replay') && performance.now() <= stopAt) await record(eventIndex, 0, true, last, 'replay', eventType);
		if (stoppedEarly) break;
	}
	return { records, delivered, failed: options.events.length - delivered, stoppedEarly };
}
