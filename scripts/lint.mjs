// Lints the package the way n8n's community-package scanner does (its own rule set, inline
// eslint-disable comments ignored), then lints the rest of the repository (tests, emulator, scripts).
// Any error or warning fails the run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { ESLint } from 'eslint';
import glob from 'fast-glob';
import {
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function lintWith(eslint, patterns) {
	const files = glob.sync(patterns, {
		cwd: root,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json', '**/*.d.ts'],
	});
	return files.length ? await eslint.lintFiles(files) : [];
}

const scanner = new ESLint({
	cwd: root,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: await buildScanConfig(),
});
const results = [
	// The scanner's source leg: package.json, nodes/, credentials/.
	...(await lintWith(scanner, SOURCE_FILE_PATTERNS)),
	// The scanner's tarball leg: the compiled code that would be published.
	...(existsSync(path.join(root, 'dist')) ? await lintWith(scanner, ['dist/**/*.js']) : []),
];

const repository = new ESLint({ cwd: root });
results.push(
	...(await lintWith(repository, ['{test,emulator,scripts,bench}/**/*.{ts,mjs,js}', '*.{js,mjs}'])),
);

const formatter = await scanner.loadFormatter('stylish');
const output = await formatter.format(results);
const problems = results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0);
if (output) console.log(output);
console.log(`lint: ${results.length} files, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
