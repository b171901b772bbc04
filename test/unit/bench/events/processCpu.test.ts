import { cpuTicksIn, processCpuMs } from '../../../../bench/events/processCpu';

describe('process CPU time', () => {
	it('adds utime and stime of a /proc stat line, even when the command name holds spaces and parentheses', () => {
		const stat = '4242 (node (n8n) main) S 1 4242 4242 0 -1 4194560 9000 0 12 0 1234 567 0 0 20 0 11 0 100 0 0';
		expect(cpuTicksIn(stat)).toBe(1234 + 567);
	});

	it('reads this process, which has used some CPU, and gives undefined for a process that is not there', () => {
		const before = processCpuMs(process.pid);
		// Spin for 50 ms of CPU (not of wall time, which a busy machine stretches): five ticks at 100 Hz.
		const start = process.cpuUsage();
		while (process.cpuUsage(start).user < 50_000);
		const after = processCpuMs(process.pid);
		expect(before).toBeGreaterThan(0);
		expect(after as number).toBeGreaterThan(before as number);
		expect(processCpuMs(2 ** 22 + 1)).toBeUndefined();
	});
});
