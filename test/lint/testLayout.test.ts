// Tests are found from the source: a unit test stands where its source stands (test/unit/<path>), and each
// operation of the node has an integration test named after it.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SOURCE_ENDINGS = ['.ts', '.mjs', '.js', ''];

function filesUnder(folder: string, ending: string): string[] {
	const absolute = path.join(ROOT, folder);
	return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith(ending))
		.map((file) => path.posix.join(folder, file.split(path.sep).join('/')));
}

/**
 * The source a unit test covers: test/unit/a/b/name.test.ts covers a/b/name (a file or a folder), and
 * name.aspect.test.ts covers a/b/name when there is no a/b/name.aspect.
 */
function sourceOf(unitTest: string, exists: (file: string) => boolean): string | undefined {
	const stem = unitTest.replace(/^test\/unit\//, '').replace(/\.test\.ts$/, '');
	const candidates = [stem, stem.replace(/\.[^./]+$/, '')];
	for (const candidate of candidates) {
		const found = SOURCE_ENDINGS.map((ending) => candidate + ending).find(exists);
		if (found) return found;
	}
	return undefined;
}

const onDisk = (file: string) => existsSync(path.join(ROOT, file));

describe('where tests stand', () => {
	it('puts every unit test at the path of the source it covers', () => {
		const unitTests = filesUnder('test/unit', '.test.ts');
		expect(unitTests.length).toBeGreaterThan(30);
		expect(unitTests.filter((file) => sourceOf(file, onDisk) === undefined)).toEqual([]);
	});

	it('reads a test of one aspect as a test of its source, and finds a test of nothing', () => {
		const known = new Set(['nodes/DingTalkConnect/transport/pacing/rateController.ts', 'nodes/DingTalkConnect/transport/errors']);
		const exists = (file: string) => known.has(file);
		expect(sourceOf('test/unit/nodes/DingTalkConnect/transport/pacing/rateController.sharedLimit.test.ts', exists)).toBe(
			'nodes/DingTalkConnect/transport/pacing/rateController.ts',
		);
		expect(sourceOf('test/unit/nodes/DingTalkConnect/transport/errors.test.ts', exists)).toBe('nodes/DingTalkConnect/transport/errors');
		expect(sourceOf('test/unit/nodes/DingTalkConnect/helpers/gone.test.ts', exists)).toBeUndefined();
	});

	it('gives each operation of the node an integration test named after it', () => {
		const operations = filesUnder('nodes', '.operation.ts');
		expect(operations.length).toBeGreaterThanOrEqual(7);
		const untested = operations.filter((operation) => !onDisk(path.posix.join('test/integration', operation.replace(/\.ts$/, '.test.ts'))));
		expect(untested).toEqual([]);
	});
});
