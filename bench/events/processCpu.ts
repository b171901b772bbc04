// CPU time a process has used so far (user + system), read from Linux's /proc: what the n8n process spends
// per event, a figure the load of a shared machine barely moves, unlike wall-clock rates.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
	if (ticksPerSecond === undefined) {
		const raw = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
		ticksPerSecond = Number.isInteger(raw) && raw > 0 ? raw : 100;
	}
	return ticksPerSecond;
}

/** utime + stime from the text of /proc/<pid>/stat, in clock ticks (fields 14 and 15, after the command's closing parenthesis). */
export function cpuTicksIn(stat: string): number {
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// fields[0] is field 3 (state), so field n is fields[n - 3].
	const ticks = Number(fields[11]) + Number(fields[12]);
	if (!Number.isFinite(ticks)) throw new Error('unreadable /proc stat line');
	return ticks;
}

/** The CPU ms `pid` has used, or undefined where /proc cannot tell (not Linux, process gone). */
export function processCpuMs(pid: number): number | undefined {
	try {
		return (cpuTicksIn(readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1000) / clockTicks();
	} catch {
		return undefined;
	}
}
