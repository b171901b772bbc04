import { STORES } from '../../../processMemory/processMemory';
import { DEFAULT_RATE_POLICY, RateController, type RateControllerPolicy } from './rateController';
import { ProvenCount, type ProvenPolicy } from './provenCount';
import { SecondBudget } from './secondBudget';

export interface PacerClock {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
}

export type PaceOutcome = 'ok' | 'throttled';

export interface AcquireOptions {
	/** Requests per second the rate never exceeds (the node's Requests per Second option). */
	ceiling?: number;
	/** Aborting rejects the wait at once with PacingAborted and frees the caller's place. */
	signal?: AbortSignal;
}

/** What acquire hands back: give it to report, so answers to requests sent before a decrease are not counted twice. */
export interface PaceTicket {
	sentAt: number;
}

export interface PacerPolicy extends RateControllerPolicy, ProvenPolicy {
	/** false: fixed pacing (the ceiling, or startRate), never adapted. For the benchmark's comparison. */
	adaptive: boolean;
	/** Without a ticket, at most one decrease per this long. */
	decreaseGapMs: number;
	/** Keys with nothing queued and nothing sent for this long are forgotten. */
	idleMs: number;
}

export const DEFAULT_PACER_POLICY: Readonly<PacerPolicy> = Object.freeze({
	...DEFAULT_RATE_POLICY,
	adaptive: true,
	decreaseGapMs: 250,
	idleMs: 10 * 60_000,
	unprovenInFlight: 2,
	unprovenShare: 0.075,
	provenRampMs: 3000,
});

/** Rejection of a wait whose run was stopped: nothing was sent. */
export class PacingAborted extends Error {
	constructor() {
		super('Stopped while waiting for a turn to send: nothing was sent');
		this.name = 'PacingAborted';
	}
}

interface Waiter {
	ceiling: number | undefined;
	resolve: (ticket: PaceTicket) => void;
	reject: (error: Error) => void;
	detach: () => void;
}

const WINDOW_MS = 1000;
const MAX_KEYS = STORES.pacing.maxEntries;
/** How often a caller held back beyond the proven count looks again for an answer that lets it out. */
const UNPROVEN_POLL_MS = 10;

class KeyState {
	readonly queue: Waiter[] = [];
	readonly controller: RateController;
	readonly budget = new SecondBudget();
	/** Times of answers that got through in the last two seconds, oldest first. */
	readonly oks: number[] = [];
	/** Send times of the last three seconds, and those of them DingTalk throttled, oldest first. */
	readonly sentLog: number[] = [];
	readonly throttledLog: number[] = [];
	/** After a throttled answer, nothing goes before the next second (the rest of this one would be refused too). */
	pausedUntil = Number.NEGATIVE_INFINITY;
	lastDecreaseAt = Number.NEGATIVE_INFINITY;
	busyAt = Number.NEGATIVE_INFINITY;
	lastUsedAt: number;
	readonly createdAt: number;
	/** The Requests per Second of the last caller let out. */
	ceiling: number | undefined = undefined;
	pumping = false;
	/** Until the first throttle, what answers have proven this key may send in a second. */
	readonly proven: ProvenCount;

	constructor(policy: PacerPolicy, now: number) {
		this.controller = new RateController(policy, now);
		this.proven = new ProvenCount();
		this.lastUsedAt = now;
		this.createdAt = now;
	}
}

const trim = (times: number[], since: number) => {
	while (times.length > 0 && times[0] <= since) times.shift();
};

/**
 * Paces requests per key (app, base URL and API, built by the transport), shared by every execution
 * in the process. Callers wait in arrival order; one pump per key lets the head out when the rate
 * allows, so a changed rate applies at once and an aborted caller leaves no gap behind it.
 */
export class Pacer {
	private readonly keys = new Map<string, KeyState>();
	private readonly policy: PacerPolicy;

	constructor(
		private readonly clock: PacerClock,
		policy: Partial<PacerPolicy> = {},
	) {
		this.policy = { ...DEFAULT_PACER_POLICY, ...policy };
	}

	/** The rate a key is paced at now (requests/s), for tests and the benchmark. */
	rateOf(key: string, ceiling?: number): number | undefined {
		const state = this.keys.get(key);
		return state === undefined ? undefined : this.effectiveRate(state, ceiling);
	}

	async acquire(key: string, options: AcquireOptions = {}): Promise<PaceTicket> {
		const { signal } = options;
		if (signal?.aborted) throw new PacingAborted();
		const state = this.stateOf(key);
		return await new Promise<PaceTicket>((resolve, reject) => {
			const onAbort = () => {
				const index = state.queue.indexOf(waiter);
				if (index >= 0) state.queue.splice(index, 1);
				reject(new PacingAborted());
			};
			const waiter: Waiter = {
				ceiling: validCeiling(options.ceiling),
				resolve,
				reject,
				detach: () => signal?.removeEventListener('abort', onAbort),
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			state.queue.push(waiter);
			if (!state.pumping) void this.pump(state);
		});
	}

	/** After each answer DingTalk gave to a paced request (`throttled`: the failure kind in errors.ts). */
	report(key: string, outcome: PaceOutcome, ticket?: PaceTicket): void {
		const state = this.keys.get(key);
		if (state === undefined || !this.policy.adaptive) return;
		const now = this.clock.now();
		state.lastUsedAt = now;
		state.controller.capAt(state.ceiling);
		if (outcome === 'ok') {
			if (ticket !== undefined) state.proven.passed(ticket.sentAt);
			state.oks.push(now);
			trim(state.oks, now - 2 * WINDOW_MS);
			state.controller.advance(now, now - state.busyAt < WINDOW_MS);
			return;
		}
		if (ticket !== undefined) {
			trim(state.throttledLog, now - 3 * WINDOW_MS);
			state.throttledLog.push(ticket.sentAt);
			// The limit is counted per second: the rest of a second whose quota ran out would be refused too.
			state.pausedUntil = Math.max(state.pausedUntil, SecondBudget.nextSecond(ticket.sentAt));
		}
		// An answer to a request sent before the last decrease says nothing about the decreased rate.
		const stale =
			ticket === undefined ? now - state.lastDecreaseAt < this.policy.decreaseGapMs : ticket.sentAt < state.lastDecreaseAt;
		if (stale) return;
		trim(state.oks, now - 2 * WINDOW_MS);
		const passed = ticket === undefined ? passedRate(state.oks, now, state.createdAt) : passedBefore(state, ticket.sentAt);
		state.controller.throttled(now, passed);
		state.lastDecreaseAt = now;
	}

	/** Forgets every key; callers still waiting are let out at once. */
	reset(): void {
		for (const state of this.keys.values()) for (const waiter of state.queue.splice(0)) this.release(waiter);
		this.keys.clear();
	}

	/** Keys paced now. */
	get size(): number {
		return this.keys.size;
	}

	private stateOf(key: string): KeyState {
		const now = this.clock.now();
		let state = this.keys.get(key);
		if (state === undefined) {
			this.forgetIdleKeys(now);
			state = new KeyState(this.policy, now);
			this.keys.set(key, state);
		}
		state.lastUsedAt = now;
		return state;
	}

	private effectiveRate(state: KeyState, ceiling: number | undefined): number {
		const learnt = this.policy.adaptive ? state.controller.rate : this.policy.startRate;
		if (ceiling === undefined) return learnt;
		return this.policy.adaptive ? Math.min(learnt, ceiling) : ceiling;
	}

	/** Lets queued callers out one by one, each when the rate and its second's budget allow. */
	private async pump(state: KeyState): Promise<void> {
		state.pumping = true;
		try {
			while (state.queue.length > 0) {
				const head = state.queue[0];
				const now = this.clock.now();
				const slot = Math.max(state.pausedUntil, state.budget.slotAt(now, this.effectiveRate(state, head.ceiling)));
				if (slot > now) state.busyAt = now;
				const held = slot <= now && this.beyondProven(state, now);
				const at = held ? Math.min(now + UNPROVEN_POLL_MS, SecondBudget.nextSecond(now)) : slot;
				if (at > now) {
					await this.clock.sleep(at - now);
					continue;
				}
				state.queue.shift();
				state.budget.took(now);
				state.proven.sent(now);
				trim(state.sentLog, now - 3 * WINDOW_MS);
				state.sentLog.push(now);
				state.lastUsedAt = now;
				state.ceiling = head.ceiling;
				if (state.queue.length > 0) state.busyAt = now;
				this.release(head, { sentAt: now });
			}
		} finally {
			state.pumping = false;
			state.proven.idle(this.clock.now());
		}
	}

	/**
	 * No ceiling known yet, and this second has sent all that answers have proven it may (they raise
	 * that as they come). Then answers, not the rate, hold callers back: the rate is capped at what the
	 * next second could use, so a first throttle decreases from what was sent.
	 */
	private beyondProven(state: KeyState, now: number): boolean {
		if (!this.policy.adaptive || state.controller.rememberedCeiling !== undefined) return false;
		const allowed = state.proven.allowed(now, this.policy);
		if (state.budget.sentIn(now) < allowed) return false;
		state.controller.capAt(Math.max(this.policy.startRate, allowed * (1 + this.policy.unknownGrowth)));
		return true;
	}

	private release(waiter: Waiter, ticket: PaceTicket = { sentAt: this.clock.now() }): void {
		waiter.detach();
		waiter.resolve(ticket);
	}

	/** Keys with no caller waiting and no use for a while hold nothing worth keeping. */
	private forgetIdleKeys(now: number): void {
		if (this.keys.size < MAX_KEYS) return;
		for (const [key, state] of this.keys) {
			if (state.queue.length === 0 && !state.pumping && now - state.lastUsedAt > this.policy.idleMs) this.keys.delete(key);
		}
		// Still full: the least recently used idle keys go first.
		if (this.keys.size >= MAX_KEYS) {
			const idle = [...this.keys].filter(([, state]) => state.queue.length === 0 && !state.pumping);
			idle.sort((a, b) => a[1].lastUsedAt - b[1].lastUsedAt);
			for (const [key] of idle.slice(0, Math.max(1, idle.length - MAX_KEYS / 2))) this.keys.delete(key);
		}
	}
}

/**
 * How many of this key's requests got through in the second of a throttled one: those sent earlier
 * in that calendar second and not throttled themselves. Exact for a limit counted per second, and
 * whatever order the answers come back in (a throttled answer comes fast, a connector's slowly).
 */
function passedBefore(state: KeyState, sentAt: number): number {
	const from = Math.floor(sentAt / WINDOW_MS) * WINDOW_MS;
	const inSecond = (times: number[]) => times.filter((at) => at >= from && at < sentAt).length;
	return inSecond(state.sentLog) - inSecond(state.throttledLog);
}

/**
 * Without a ticket, answers that got through per second: the lower of the last second's count and the last two
 * seconds' average, as a limit counted per calendar second lets up to twice it through in a
 * window straddling two seconds. A key younger than two seconds has only its last second.
 */
function passedRate(oks: number[], now: number, since: number): number {
	const lastSecond = oks.filter((at) => at > now - WINDOW_MS).length;
	const spanMs = Math.min(2 * WINDOW_MS, Math.max(WINDOW_MS, now - since));
	return Math.min(lastSecond, (oks.length * WINDOW_MS) / spanMs);
}

function validCeiling(ceiling: number | undefined): number | undefined {
	return ceiling !== undefined && Number.isFinite(ceiling) && ceiling > 0 ? ceiling : undefined;
}
