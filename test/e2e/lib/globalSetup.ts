// Before any end-to-end file: the n8n runtime must be installed and the package built, because
// every test links `dist/` into n8n (or packs it). N8N_E2E_RUNTIME picks the runtime (default: the
// pinned 2.x; `1.x` for the newest 1.123.x, see `npm run test:e2e:1x`). E2E_SKIP_BUILD=1 reuses
// the current dist/ (e.g. in CI right after `npm run build`).
import { spawnSync } from 'node:child_process';

import { ROOT, provision, runtimeOf, type RuntimeKey } from '../../../scripts/n8n/runtime.mjs';

export default function globalSetup(): void {
	const runtime = runtimeOf((process.env.N8N_E2E_RUNTIME ?? 'pinned') as RuntimeKey);
	provision({ quiet: true, runtime: runtime.key });
	if (process.env.E2E_SKIP_BUILD === '1') return;
	const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
	if (build.status !== 0) {
		throw new Error(`npm run build failed before the end-to-end tests:\n${build.stdout}\n${build.stderr}`);
	}
}
