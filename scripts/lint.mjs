// Lints the package (packages/n8n-nodes-dingtalk-connect) the way n8n's community-package scanner
// does (its own rule set, inline eslint-disable comments ignored) on both of its legs — the source
// (package.json, nodes/, credentials/) and the packed tarball (`npm pack` of the built package,
// unpacked, scanned with the scanner's own analyzePackage) — then lints the rest of the repository
// (tests, emulator, benchmarks, scripts) with the repository's eslint.config.mjs. Any error or warning
// fails the run. `npm run lint:n8n` adds n8n's own `n8n-node lint` in the package (strict mode, its
// eslint.config.mjs as n8n ships it).
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
const packageRoot = path.join(root, 'packages/n8n-nodes-dingtalk-connect');

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
		const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir, '--loglevel=error'], packageRoot));
		const unpacked = path.join(dir, 'package');
		run('tar', ['-xzf', path.join(dir, packed.filename), '-C', dir], root);
		const result = await analyzePackage(unpacked);
		return { files: packed.files.length, ...result };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const scanner = new ESLint({
	cwd: packageRoot,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: await buildScanConfig(),
});
// The scanner's source leg: package.json, nodes/, credentials/.
const results = await lintWith(scanner, SOURCE_FILE_PATTERNS, packageRoot);

const repository = new ESLint({ cwd: root });
results.push(
	...(await lintWith(repository, ['{test,emulator,scripts,bench}/**/*.{ts,mjs,js}', '*.{js,mjs}'], root)),
);

const formatter = await scanner.loadFormatter('stylish');
const output = await formatter.format(results);
let problems = results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0);
if (output) console.log(output);
console.log(`lint: ${results.length} files, ${problems} problems`);

if (existsSync(path.join(packageRoot, 'dist', 'nodes'))) {
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
process.exit(problems === 0 ? 0 : 1);
