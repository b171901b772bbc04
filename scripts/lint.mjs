// `npm run lint`: the package (package.json, nodes/, credentials/) as n8n's community-package scanner
// lints it (its own rule set, inline eslint-disable comments ignored) on both of its legs, the source and
// the packed tarball (`npm pack`, unpacked, scanned with the scanner's analyzePackage); then n8n's own
// `n8n-node lint` in strict mode over the whole repository. That one runs ESLint with n8n's unmodified
// eslint.config.mjs at the root; ESLINT_FLAGS=unstable_config_lookup_from_file (set here, so it works on
// any OS) makes ESLint take each file's nearest config, so test/, emulator/, bench/ and scripts/ are
// linted by their one-line eslint.config.mjs (the project's rules, scripts/eslint.repo.mjs) and not by
// n8n's node rules. Any error or warning fails the run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { ESLint } from 'eslint';
import glob from 'fast-glob';
import {
	analyzePackage,
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function lintWith(eslint, patterns, cwd) {
	const files = glob.sync(patterns, {
		cwd,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json', '**/*.d.ts'],
	});
	return files.length ? await eslint.lintFiles(files) : [];
}

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
	return result.stdout;
}

/** The scanner's tarball leg: what `npm pack` would publish, unpacked and scanned as n8n scans it. */
async function scanTarball() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'dingtalk-scan-'));
	try {
		const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir, '--loglevel=error'], root));
		const unpacked = path.join(dir, 'package');
		run('tar', ['-xzf', path.join(dir, packed.filename), '-C', dir], root);
		const result = await analyzePackage(unpacked);
		return { files: packed.files.length, ...result };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const scanner = new ESLint({
	cwd: root,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: await buildScanConfig(),
});
// The scanner's source leg: package.json, nodes/, credentials/.
const results = await lintWith(scanner, SOURCE_FILE_PATTERNS, root);

const formatter = await scanner.loadFormatter('stylish');
const output = await formatter.format(results);
let problems = results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0);
if (output) console.log(output);
console.log(`lint: ${results.length} files, ${problems} problems`);

if (existsSync(path.join(root, 'dist', 'nodes'))) {
	const tarball = await scanTarball();
	if (!tarball.passed) {
		problems += 1;
		console.log(`scanner on the packed tarball: ${tarball.message}\n${tarball.details ?? ''}`);
	} else {
		console.log(`scanner on the packed tarball: ${tarball.files} files, passed`);
	}
} else {
	problems += 1;
	console.log('scanner on the packed tarball: dist/ is missing, run `npm run build` first');
}
// n8n's own linter, as a package author runs it; its exit code is the verdict.
const n8nLint = spawnSync(process.execPath, [path.join(root, 'node_modules/@n8n/node-cli/bin/n8n-node.mjs'), 'lint'], {
	cwd: root,
	stdio: 'inherit',
	env: { ...process.env, ESLINT_FLAGS: 'unstable_config_lookup_from_file' },
});
if (n8nLint.status !== 0) problems += 1;
process.exit(problems === 0 ? 0 : 1);
