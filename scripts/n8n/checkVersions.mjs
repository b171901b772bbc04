// `npm run check:n8n`: says which n8n releases exist that are newer than the pinned runtimes, as npm's
// configured registry lists them. Exits 0 either way: moving a pin is a decision (and an end-to-end run).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from './runtime.mjs';
import { newerReleases } from './versions.mjs';

const runtimes = path.join(ROOT, 'scripts/n8n/runtime');
const pinned = Object.fromEntries(
	readdirSync(runtimes)
		.map((name) => [name, JSON.parse(readFileSync(path.join(runtimes, name, 'package.json'), 'utf8')).dependencies?.n8n])
		.filter(([, version]) => typeof version === 'string'),
);

const view = spawnSync('npm', ['view', 'n8n', 'versions', '--json', '--loglevel=error'], { encoding: 'utf8' });
if (view.status !== 0) {
	console.error(`npm view n8n versions failed: ${view.stderr.trim()}`);
	process.exit(1);
}
const newer = newerReleases(pinned, JSON.parse(view.stdout));
for (const [runtime, versions] of Object.entries(newer)) {
	const where = `scripts/n8n/runtime/${runtime}`;
	console.log(
		versions.length === 0
			? `${where}: n8n ${pinned[runtime]} is the newest ${pinned[runtime].split('.')[0]}.x release`
			: `${where}: n8n ${pinned[runtime]} is pinned; newer: ${versions.join(', ')}`,
	);
}
