// How the events benchmark pushes a phase's events: over the emulator's Stream gateway, as signed and
// encrypted HTTP callbacks (retried as DingTalk retries), or as plain POSTs to n8n's Webhook node.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

import type { E2eEnvironment } from '../../test/e2e/lib/n8n';
import type { Phase } from './figures';

/** A phase's schedule: `rate` events/s, or all at once (a burst) when undefined. */
export interface Schedule {
	phase: Phase;
	ids: string[];
	rate?: number;
	/** HTTP pushes in flight during a burst: DingTalk's own is undocumented. */
	concurrency: number;
}

/** What a push of one delivery reports: events no attempt delivered, and each attempt's reply time. */
export interface Pushed {
	notAccepted: number;
	/** ms, or undefined for an attempt that got no answer. */
	replyMs: Array<number | undefined>;
}

// DingTalk pushes a failed callback again later; an overloaded n8n answers 503 ("Database is not ready!")
// for a few seconds after its database ping (SELECT 1, 5 s timeout, every 2 s) waited behind the
// execution writes, so the retries are spread over about 7.5 s (0.5, 1, 2, 2, 2 s).
const RETRIES = 5;
const RETRY_BACKOFF_MS = 500;
const MAX_IN_FLIGHT = 200;
// A morning's mix: attendance and approvals lead, contacts and chats follow.
const MORNING_TYPES = [
	'attendance_check_record',
	'attendance_check_record',
	'attendance_check_record',
	'bpms_instance_change',
	'bpms_task_change',
	'bpms_instance_change',
	'user_modify_org',
	'user_add_org',
	'org_dept_modify',
	'chat_update_title',
];

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The event type of the `index`-th event of a phase: one type outside the morning, a mix in it. */
export function eventTypeOf(phase: Phase, index: number): string {
	return phase === 'morning' ? MORNING_TYPES[index % MORNING_TYPES.length] : 'user_add_org';
}

/** Calls `push` for each id as the schedule says: at its rate (absolute schedule, no drift) or `concurrency` at a time. */
async function pushAll(schedule: Schedule, push: (id: string, index: number) => Promise<void>): Promise<void> {
	const { ids, rate } = schedule;
	if (rate === undefined) {
		let next = 0;
		const worker = async () => {
			while (next < ids.length) {
				const index = next++;
				await push(ids[index], index);
			}
		};
		await Promise.all(Array.from({ length: schedule.concurrency }, worker));
		return;
	}
	const started = performance.now();
	const inFlight = new Set<Promise<void>>();
	for (const [index, id] of ids.entries()) {
		const due = started + (index * 1000) / rate;
		const now = performance.now();
		if (due > now) await wait(due - now);
		while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
		const pending = push(id, index).finally(() => inFlight.delete(pending));
		inFlight.add(pending);
	}
	await Promise.all(inFlight);
}

export async function pushStream(e2e: E2eEnvironment, schedule: Schedule, pushedAt: Map<string, number>): Promise<void> {
	const event = (benchId: string, index: number) => ({
		eventType: eventTypeOf(schedule.phase, index),
		eventId: benchId,
		data: { benchId, userId: ['user01'] },
	});
	if (schedule.rate === undefined) {
		// The gateway sends a burst as fast as the socket takes it, 500 events per push call.
		for (let start = 0; start < schedule.ids.length; start += 500) {
			const chunk = schedule.ids.slice(start, start + 500);
			const now = Date.now();
			for (const id of chunk) pushedAt.set(id, now);
			e2e.emulator.events.stream.push(
				chunk.map((id, i) => event(id, start + i)),
				{ app: 'corp' },
			);
		}
		return;
	}
	await pushAll(schedule, async (id, index) => {
		pushedAt.set(id, Date.now());
		e2e.emulator.events.stream.push([event(id, index)], { app: 'corp' });
	});
}

export async function pushHttp(e2e: E2eEnvironment, url: string, schedule: Schedule, pushedAt: Map<string, number>): Promise<Pushed> {
	const pushed: Pushed = { notAccepted: 0, replyMs: [] };
	// Connections kept alive, as fetch keeps the Webhook node's: a new TCP connection per push costs n8n
	// CPU per event (accept, socket set-up, close) that the baseline does not pay.
	const agent = new http.Agent({ keepAlive: true });
	try {
		await pushAll(schedule, async (benchId, index) => {
			pushedAt.set(benchId, Date.now());
			const result = await e2e.emulator.events.pushCallbacks({
				url,
				app: 'corp',
				events: [{ kind: 'business', eventType: eventTypeOf(schedule.phase, index), fields: { eventId: benchId, benchId, UserId: ['user01'] } }],
				// DingTalk pushes again when a reply is late or wrong; the trigger drops the repeat by eventId.
				retries: RETRIES,
				retryBackoffMs: RETRY_BACKOFF_MS,
				agent,
			});
			for (const record of result.records) pushed.replyMs.push(record.error ? undefined : record.latencyMs);
			pushed.notAccepted += result.failed;
		});
	} finally {
		agent.destroy();
	}
	return pushed;
}

/** One plain POST to n8n's Webhook node, retried like a callback push. */
async function postWebhook(url: string, body: string, replyMs: Pushed['replyMs']): Promise<boolean> {
	for (let attempt = 0; attempt <= RETRIES; attempt++) {
		if (attempt > 0) await wait(Math.min(RETRY_BACKOFF_MS * 2 ** (attempt - 1), 2000));
		const started = performance.now();
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body,
				signal: AbortSignal.timeout(5_000),
			});
			await response.arrayBuffer();
			replyMs.push(Math.round(performance.now() - started));
			if (response.ok) return true;
		} catch {
			// Timed out or refused: no answer, and try again, as the callback pusher does.
			replyMs.push(undefined);
		}
	}
	return false;
}

/** The baseline: plain POSTs to n8n's Webhook node, pushed as the HTTP callbacks are. */
export async function pushWebhook(url: string, schedule: Schedule, pushedAt: Map<string, number>): Promise<Pushed> {
	const pushed: Pushed = { notAccepted: 0, replyMs: [] };
	await pushAll(schedule, async (benchId, index) => {
		pushedAt.set(benchId, Date.now());
		const body = JSON.stringify({ eventType: eventTypeOf(schedule.phase, index), benchId });
		if (!(await postWebhook(url, body, pushed.replyMs))) pushed.notAccepted++;
	});
	return pushed;
}

/**
 * n8n answers a workflow's production URL 404 for a moment after the activate call returns (about
 * 200 ms here): the pushes start once the URL is registered. An OPTIONS request with an Origin is
 * answered from the webhook registry (404 while unknown, 204 once known) and runs no workflow.
 */
export async function waitForWebhook(url: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(url, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1' } }).catch(() => undefined);
		await response?.arrayBuffer();
		if (response && response.status < 300) return;
		if (Date.now() > deadline) throw new Error(`${url} was not registered ${timeoutMs / 1000} s after the workflow was activated`);
		await wait(50);
	}
}
