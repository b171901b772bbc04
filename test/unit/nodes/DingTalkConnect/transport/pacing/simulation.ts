// A fake-clock world for the pacer: processes with their own Pacer and workers, one app limited
// like the emulator (a count per calendar second, refused requests counted too), answers after a
// fixed latency, throttled calls retried with the transport's backoff. Runs minutes in milliseconds.
import { Pacer, type PacerPolicy } from '../../../../../../nodes/DingTalkConnect/transport/pacing/pacer';

export interface SimProcess {
	items: number;
	workers: number;
	startAt?: number;
	/** One request sent this long before startAt, answered: a warm worker that has run the workflow before. */
	warmUpMs?: number;
	ceiling?: number;
}

export interface SimOptions {
	/** Limit per calendar second, by time (ms): the first entry applies from 0. */
	limit: Array<{ from: number; perSecond: number }>;
	processes: SimProcess[];
	latencyMs: number;
	/** Stop the world after this long (ms). */
	maxMs: number;
	policy?: Partial<PacerPolicy>;
	seed?: number;
	/** A loaded machine: each timer of a pacer wakes up to this much late, and each request reaches DingTalk up to this much later than sent (ms). */
	jitterMs?: number;
	/** Called every 250 ms of fake time with each process's rate. */
	onTick?: (at: number, rates: Array<number | undefined>) => void;
}

export interface SimResult {
	/** Executed requests: time and process. */
	executed: Array<{ at: number; process: number }>;
	throttled: number;
	/** Times of the throttled answers. */
	throttledAt: number[];
	/** The process of each throttled answer, in the order of throttledAt. */
	throttledProcess: number[];
	requests: number;
	lost: number;
	endedAt: number;
	/** Arrivals (executed or not) per calendar second. */
	arrivals: Map<number, number>;
}

/** Timers on a fake clock; step() fires the earliest after letting pending promises settle. */
export class FakeTime {
	now = 0;
	private readonly timers: Array<{ at: number; seq: number; fire: () => void }> = [];
	private seq = 0;

	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => this.at(this.now + Math.max(0, ms), resolve));
	}

	at(time: number, fire: () => void): void {
		this.timers.push({ at: time, seq: this.seq++, fire });
	}

	/** Fires every timer due up to `time`, in order. */
	async runUntil(time: number): Promise<void> {
		while (await this.step(time));
		this.now = Math.max(this.now, time);
		await new Promise((resolve) => setImmediate(resolve));
	}

	/** Fires the earliest timer; false when none is left or the time is up. */
	async step(until: number): Promise<boolean> {
		await new Promise((resolve) => setImmediate(resolve));
		if (this.timers.length === 0) return false;
		let best = 0;
		for (let index = 1; index < this.timers.length; index++) {
			const timer = this.timers[index];
			const current = this.timers[best];
			if (timer.at < current.at || (timer.at === current.at && timer.seq < current.seq)) best = index;
		}
		if (this.timers[best].at > until) return false;
		const [timer] = this.timers.splice(best, 1);
		this.now = Math.max(this.now, timer.at);
		timer.fire();
		return true;
	}
}

function prng(seed: number): () => number {
	let state = seed >>> 0 || 1;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

export async function simulate(options: SimOptions): Promise<SimResult> {
	const time = new FakeTime();
	const random = prng(options.seed ?? 7);
	const windows = new Map<number, number>();
	const result: SimResult = { executed: [], throttled: 0, throttledAt: [], throttledProcess: [], requests: 0, lost: 0, endedAt: 0, arrivals: windows };
	const jitter = options.jitterMs ?? 0;
	const limitAt = (at: number) => [...options.limit].reverse().find((step) => step.from <= at)?.perSecond ?? 0;

	const send = (process: number) =>
		new Promise<boolean>((resolve) => {
			// About a millisecond on the wire (more on a loaded machine), and the answer (throttled or not) after the latency.
			time.at(time.now + 1 + random() * jitter, () => {
				const second = Math.floor(time.now / 1000);
				const count = (windows.get(second) ?? 0) + 1;
				windows.set(second, count);
				result.requests++;
				const ok = count <= limitAt(time.now);
				if (ok) result.executed.push({ at: time.now, process });
				else {
					result.throttled++;
					result.throttledAt.push(time.now);
					result.throttledProcess.push(process);
				}
				time.at(time.now + options.latencyMs, () => resolve(ok));
			});
		});

	const pacers: Pacer[] = [];
	const runs = options.processes.map(async (spec, process) => {
		const pacer = new Pacer({ now: () => time.now, sleep: async (ms) => await time.sleep(ms + random() * jitter) }, options.policy);
		pacers.push(pacer);
		const warmUpAt = spec.warmUpMs === undefined ? undefined : (spec.startAt ?? 0) - spec.warmUpMs;
		if (warmUpAt !== undefined) {
			if (warmUpAt > 0) await time.sleep(warmUpAt);
			const ticket = await pacer.acquire('app|/invoke');
			pacer.report('app|/invoke', (await send(process)) ? 'ok' : 'throttled', ticket);
		}
		if (spec.startAt) await time.sleep(Math.max(0, spec.startAt - time.now));
		let next = 0;
		const worker = async () => {
			while (next < spec.items) {
				next++;
				let attempt = 0;
				for (;;) {
					const ticket = await pacer.acquire('app|/invoke', { ceiling: spec.ceiling });
					attempt++;
					const ok = await send(process);
					pacer.report('app|/invoke', ok ? 'ok' : 'throttled', ticket);
					if (ok) break;
					if (attempt >= 8) {
						result.lost++;
						break;
					}
					const ceiling = Math.min(4000, 250 * 2 ** (attempt - 1));
					await time.sleep(ceiling / 2 + (random() * ceiling) / 2);
				}
			}
		};
		await Promise.all(Array.from({ length: spec.workers }, worker));
	});
	let done = false;
	void Promise.all(runs).then(() => (done = true));
	const tick = () => {
		if (done) return;
		options.onTick?.(time.now, pacers.map((pacer) => pacer.rateOf('app|/invoke')));
		time.at(time.now + 250, tick);
	};
	if (options.onTick) tick();
	while (!done && (await time.step(options.maxMs)));
	result.endedAt = time.now;
	return result;
}

/** Executed per second between `from` and `to` (ms), for one process or all. */
export function rateBetween(result: SimResult, from: number, to: number, process?: number): number {
	const count = result.executed.filter((entry) => entry.at >= from && entry.at < to && (process === undefined || entry.process === process)).length;
	return (count * 1000) / (to - from);
}
