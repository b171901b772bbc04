import { spawn, spawnSync } from 'node:child_process';

import { followGroup, killGroup } from '../../../../scripts/n8n/processGroup.mjs';

/**
 * A detached shell that starts a grandchild (as n8n starts its task runner); the grandchild prints its
 * pid once its `trap` is set, so no signal can come before it.
 */
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
	it.each<{ name: string; script: string; graceMs: number; signal: NodeJS.Signals }>([
		{ name: 'stops the leader and what it started with SIGTERM', script: "sh -c 'echo $$; exec sleep 30' & wait", graceMs: 5000, signal: 'SIGTERM' },
		{
			name: 'kills what outlives a leader that stopped on SIGTERM, without waiting out the grace time',
			script: "sh -c 'trap \"\" TERM; echo $$; exec sleep 30' & wait",
			graceMs: 5000,
			signal: 'SIGTERM',
		},
		{
			name: 'kills a leader that ignores SIGTERM once the grace time is over, and what it started',
			script: "trap '' TERM; sh -c 'echo $$; exec sleep 30' & while :; do sleep 0.05; done",
			graceMs: 300,
			signal: 'SIGKILL',
		},
	])('$name', async ({ script, graceMs, signal }) => {
		const { child, grandchild } = spawnGroup(script);
		const group = followGroup(child);
		const runner = await grandchild;
		expect(group.hasExited()).toBe(false);
		const started = Date.now();
		await group.stop(graceMs);
		// A leader that stops on SIGTERM is not waited out; only one that outlasts the grace time is killed.
		expect(Date.now() - started < graceMs / 2).toBe(signal === 'SIGTERM');
		expect(group.hasExited()).toBe(true);
		await expect(group.exit).resolves.toEqual({ code: null, signal });
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
