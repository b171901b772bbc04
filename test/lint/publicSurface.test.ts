// What the transport's index offers is what shipped code uses: test and benchmark knobs stay out of it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const INDEX = 'nodes/DingTalkConnect/transport/index.ts';

function shippedSources(): string[] {
	return ['nodes', 'credentials'].flatMap((folder) =>
		readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
			.filter((file) => file.endsWith('.ts'))
			.map((file) => path.posix.join(folder, file.split(path.sep).join('/'))),
	);
}

/** The values an index re-exports by name (`export { a, type B } from './x'`): types and `export *` left out. */
function namedValueExports(text: string): Array<{ name: string; from: string }> {
	return [...text.matchAll(/^export \{([^}]*)\} from '([^']+)';/gm)].flatMap(([, names, from]) =>
		names
			.split(',')
			.map((name) => name.trim())
			.filter((name) => name !== '' && !name.startsWith('type '))
			.map((name) => ({ name, from })),
	);
}

/** The exports no shipped file uses, apart from the index and the module that defines them. */
function unusedByShippedCode(indexFile: string, sources: Map<string, string>): string[] {
	const definedIn = (from: string) => path.posix.join(path.posix.dirname(indexFile), `${from.replace(/^\.\//, '')}.ts`);
	return namedValueExports(sources.get(indexFile) ?? '')
		.filter(({ name, from }) =>
			![...sources].some(([file, text]) => file !== indexFile && file !== definedIn(from) && new RegExp(`\\b${name}\\b`).test(text)),
		)
		.map(({ name }) => name);
}

describe("the transport's public surface", () => {
	it('exports only what the nodes and the credential use', () => {
		const sources = new Map(shippedSources().map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));
		expect(namedValueExports(sources.get(INDEX) ?? '').length).toBeGreaterThan(5);
		expect(unusedByShippedCode(INDEX, sources)).toEqual([]);
	});

	it('finds an export that only tests use', () => {
		const sources = new Map([
			['x/index.ts', "export { used, testKnob, type Shape } from './impl';\n"],
			['x/impl.ts', 'export function used() {}\nexport function testKnob() {}\n'],
			['x/caller.ts', "import { used } from './index';\n"],
		]);
		expect(unusedByShippedCode('x/index.ts', sources)).toEqual(['testKnob']);
	});
});
