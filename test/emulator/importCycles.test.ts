// The emulator and the bench import no module that imports them back: a cycle (type-only ones too) makes
// load order matter and hides which module owns a type. Walks every relative import and export-from.
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const FOLDERS = ['emulator', 'bench'];

function tsFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(full);
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
	});
}

function resolve(from: string, specifier: string): string | undefined {
	const base = path.resolve(path.dirname(from), specifier);
	return [base, `${base}.ts`, path.join(base, 'index.ts')].find((candidate) => candidate.endsWith('.ts') && fs.existsSync(candidate));
}

/** The relative imports of a file: `import`, `import type`, `export … from` and `export type … from`. */
function importsOf(file: string): string[] {
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
	const found: string[] = [];
	for (const statement of source.statements) {
		const specifier =
			(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
				? statement.moduleSpecifier.text
				: undefined;
		if (!specifier?.startsWith('.')) continue;
		const target = resolve(file, specifier);
		if (target) found.push(target);
	}
	return found;
}

/** Each set of files that import one another round a loop (Tarjan's strongly connected components). */
function findCycles(files: string[]): string[][] {
	const graph = new Map<string, string[]>();
	const edges = (file: string): string[] => {
		if (!graph.has(file)) graph.set(file, importsOf(file));
		return graph.get(file)!;
	};
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const cycles: string[][] = [];
	const connect = (file: string): void => {
		index.set(file, index.size);
		low.set(file, index.get(file)!);
		stack.push(file);
		for (const target of edges(file)) {
			if (!index.has(target)) {
				connect(target);
				low.set(file, Math.min(low.get(file)!, low.get(target)!));
			} else if (stack.includes(target)) {
				low.set(file, Math.min(low.get(file)!, index.get(target)!));
			}
		}
		if (low.get(file) !== index.get(file)) return;
		const component = stack.splice(stack.indexOf(file));
		if (component.length > 1 || edges(file).includes(file)) cycles.push(component.sort());
	};
	for (const file of files) if (!index.has(file)) connect(file);
	return cycles;
}

describe('import cycles', () => {
	it('emulator/ and bench/ have none, type-only imports included', () => {
		const files = FOLDERS.flatMap((folder) => tsFiles(path.join(ROOT, folder)));
		expect(files.length).toBeGreaterThan(0);
		const cycles = findCycles(files).map((cycle) => cycle.map((file) => path.relative(ROOT, file)).join(', '));
		expect(cycles).toEqual([]);
	});
});
