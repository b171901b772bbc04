/**
 * At most `limit` of a trigger's executions in flight: the next event waits, not yet acknowledged, until
 * one ends. Emitting every event of a burst at once makes n8n run them all side by side, and on a busy
 * machine that runs them slower than one at a time; a waiting event is DingTalk's until it is acknowledged.
 */
export class ExecutionSlots {
	/** Each slot taken, by its ticket: when it was taken. */
	private readonly held = new Map<number, number>();

	private readonly waiting: Array<(ticket: number) => void> = [];

	private lastTicket = 0;

	constructor(
		private readonly limit: number,
		private readonly now: () => number,
	) {}

	/** Resolves with a ticket when a slot is free; `give(ticket)` hands it back. */
	async take(): Promise<number> {
		if (this.held.size < this.limit) return this.hold();
		return await new Promise<number>((resolve) => this.waiting.push(resolve));
	}

	/** Gives a slot back; a ticket given back already (or expired) changes nothing. */
	give(ticket: number): void {
		if (!this.held.delete(ticket)) return;
		this.waiting.shift()?.(this.hold());
	}

	/** Gives back every slot held for `maxHoldMs` or longer. */
	expire(maxHoldMs: number): void {
		const now = this.now();
		for (const [ticket, since] of [...this.held]) if (now - since >= maxHoldMs) this.give(ticket);
	}

	get inFlight(): number {
		return this.held.size;
	}

	get queued(): number {
		return this.waiting.length;
	}

	private hold(): number {
		const ticket = ++this.lastTicket;
		this.held.set(ticket, this.now());
		return ticket;
	}
}
