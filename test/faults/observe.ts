// What each case saw, for docs/reliability.md. Written only when the table generator asks for it
// (RELIABILITY_OUT), keyed by the test's full name so the generator can join it with jest's verdict.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ReliabilityCase {
	/** Short name of the case, e.g. "5xx on invoke". */
	name: string;
	/** The fault injected or the input given. */
	given: string;
	/** The outcome the node has to produce. */
	expected: string;
}

export interface Observation extends ReliabilityCase {
	test: string;
	observed: string;
}

export function observe(testCase: ReliabilityCase, observed: string): void {
	const directory = process.env.RELIABILITY_OUT;
	if (!directory) return;
	const test = expect.getState().currentTestName ?? testCase.name;
	const row: Observation = { ...testCase, test, observed };
	mkdirSync(directory, { recursive: true });
	appendFileSync(join(directory, 'observations.jsonl'), `${JSON.stringify(row)}\n`);
}
