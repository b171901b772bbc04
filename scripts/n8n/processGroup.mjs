// Children spawned with `detached: true` lead a process group of their own: signals go to the whole
// group, so what they started (n8n's task runner) stops with them.

/** Sends `signal` to every process of the group `pid` leads. */
export function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

/**
 * Follows a detached child: `exit` resolves with `{ code, signal }` once it exits, `hasExited()` says
 * whether it has, and `stop(graceMs)` sends its group SIGTERM, then SIGKILL if it is still running
 * after `graceMs`.
 */
export function followGroup(child) {
	let exited = false;
	const exit = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			exited = true;
			resolve({ code, signal });
		}),
	);
	return {
		exit,
		hasExited: () => exited,
		async stop(graceMs) {
			if (exited) return;
			killGroup(child.pid, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
			await exit;
			clearTimeout(timer);
			// What the leader started (n8n's task runner) may outlive it by a moment.
			killGroup(child.pid, 'SIGKILL');
		},
	};
}
