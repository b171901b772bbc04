// Before any end-to-end file: the pinned n8n must be installed and the package built, because
// every test links `dist/` into n8n. E2E_SKIP_BUILD=1 reuses the current dist/ (e.g. in CI right
// after `npm run build`).
import { spawnSync } from 'node:child_process';

import { ROOT, provision } from '../../../scripts/n8n/runtime.mjs';

export default function globalSetup(): void {
	provision({ quiet: true });
	if (process.env.E2E_SKIP_BUILD === '1') return;
	const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
	if (build.status !== 0) {
		throw new Error(`npm run build failed before the end-to-end tests:\n${build.stdout}\n${build.stderr}`);
	}
}
