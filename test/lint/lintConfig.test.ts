// The repository is the package, as in n8n-nodes-starter: n8n's unmodified eslint.config.mjs at the root
// lints the shipped code (strict mode checks it is unmodified), and each folder that is not shipped has a
// one-line eslint.config.mjs with the project's rules, which ESLint takes with unstable_config_lookup_from_file
// (set by scripts/lint.mjs).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const NOT_SHIPPED = ['test', 'emulator', 'bench', 'scripts'];

interface Planted {
	code: string;
	file: string;
}

/**
 * The rules ESLint reports for each text as if it stood at `file`, with each file's nearest config (as
 * `npm run lint` runs it). In a child process: ESLint loads its .mjs configs with a dynamic import.
 */
function errorsFor(planted: Planted[]): string[][] {
	const script = `
		import { ESLint } from 'eslint';
		const eslint = new ESLint({ cwd: process.cwd(), flags: ['unstable_config_lookup_from_file'] });
		const planted = JSON.parse(process.argv[1]);
		const out = [];
		for (const { code, file } of planted) {
			const [result] = await eslint.lintText(code, { filePath: file });
			out.push(result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message));
		}
		console.log(JSON.stringify(out));`;
	const absolute = planted.map(({ code, file }) => ({ code, file: path.join(ROOT, file) }));
	const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(absolute)], { cwd: ROOT, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`eslint failed: ${result.stderr}`);
	return JSON.parse(result.stdout) as string[][];
}

describe('lint configuration', () => {
	it("keeps n8n's eslint.config.mjs at the root as n8n ships it (strict mode)", () => {
		const template = path.join(ROOT, 'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs');
		const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
		expect(normalise(readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8'))).toBe(normalise(readFileSync(template, 'utf8')));
		expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).n8n.strict).toBe(true);
	});

	it("fails a violation planted in nodes/ or credentials/ with n8n's rules, and lints the other folders with the project's", () => {
		const planted: Planted[] = [
			{ code: "console.log('planted');\n", file: 'nodes/DingTalkConnect/planted.ts' },
			{ code: 'export const planted = 1;\nconst unused = 2;\n', file: 'credentials/planted.ts' },
			...NOT_SHIPPED.flatMap((folder) => [
				{ code: "console.log('allowed here');\n", file: `${folder}/planted.ts` },
				{ code: 'const unused = 2;\n', file: `${folder}/planted.ts` },
			]),
		];
		const [nodeErrors, credentialErrors, ...others] = errorsFor(planted);

		expect(nodeErrors).toContain('no-console');
		expect(credentialErrors).toContain('@typescript-eslint/no-unused-vars');
		NOT_SHIPPED.forEach((folder, index) => {
			expect(readFileSync(path.join(ROOT, folder, 'eslint.config.mjs'), 'utf8').trim().split('\n')).toHaveLength(1);
			expect({ folder, errors: others[2 * index] }).toEqual({ folder, errors: [] });
			expect(others[2 * index + 1]).toContain('@typescript-eslint/no-unused-vars');
		});
	});

	it('sets the config lookup flag in the lint script itself', () => {
		expect(readFileSync(path.join(ROOT, 'scripts/lint.mjs'), 'utf8')).toMatch(/ESLINT_FLAGS: 'unstable_config_lookup_from_file'/);
		expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.lint).toBe('node scripts/lint.mjs');
	});
});
