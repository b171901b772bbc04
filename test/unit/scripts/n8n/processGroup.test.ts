import { spawn, spawnSync } from 'node:child_process';

import { followGroup, killGroup } from '../../../../scripts/n8n/processGroup.mjs';

/** A detached shell that starts a grandchild (as n8n starts its task runner) and prints its pid. */
function spawnGroup(script: string) {
	const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
	const grandchild = new Promise<number>((resolve) => child.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim()))));
	return { child, grandchild };
}

/** Whether `pid` still runs: a killed orphan can stay a zombie until its new parent reaps it. */
function isRunning(pid: number): boolean {
	const ps = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
	return ps.status === 0 && !ps.stdout.trim().startsWith('Z');
}

/** Whether `pid` has ended within a second (a signal is delivered, not acted on, when kill returns). */
async function ends(pid: number): Promise<boolean> {
	const deadline = Date.now() + 1000;
	while (isRunning(pid)) {
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return true;
}

describe('process groups', () => {
	it('stops the leader and what it started with SIGTERM', async () => {
		const { child, grandchild } = spawnGroup('sleep 30 & echo $!; wait');
		const group = followGroup(child);
		const runner = await grandchild;
		expect(group.hasExited()).toBe(false);
		await group.stop(5000);
		expect(group.hasExited()).toBe(true);
		await expect(group.exit).resolves.toEqual({ code: null, signal: 'SIGTERM' });
		expect(await ends(runner)).toBe(true);
	});

	it('kills a leader that ignores SIGTERM once the grace time is over, and what outlived it', async () => {
		const { child, grandchild } = spawnGroup("trap '' TERM; sleep 30 & echo $!; while :; do sleep 0.05; done");
		const group = followGroup(child);
		const runner = await grandchild;
		const started = Date.now();
		await group.stop(300);
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
		await expect(group.exit).resolves.toEqual({ code: null, signal: 'SIGKILL' });
		expect(await ends(runner)).toBe(true);
	});

	it('kills what outlives a leader that stopped on SIGTERM, without waiting out the grace time', async () => {
		const { child, grandchild } = spawnGroup("(trap '' TERM; sleep 30) & echo $!; wait");
		const group = followGroup(child);
		const runner = await grandchild;
		const started = Date.now();
		await group.stop(5000);
		expect(Date.now() - started).toBeLessThan(5000);
		await expect(group.exit).resolves.toEqual({ code: null, signal: 'SIGTERM' });
		expect(await ends(runner)).toBe(true);
	});

	it('does nothing for a group that is gone', async () => {
		const { child } = spawnGroup('echo 0');
		const group = followGroup(child);
		await expect(group.exit).resolves.toEqual({ code: 0, signal: null });
		await expect(group.stop(5000)).resolves.toBeUndefined();
		expect(() => killGroup(child.pid!, 'SIGKILL')).not.toThrow();
	});
});
