// Runs the fault matrix, the bad-input catalogue, the secret checks (jest, test/faults) and the soak,
// then writes docs/reliability.md from what they observed. Exits non-zero when any case failed.
//   node scripts/reliability-table.mjs            everything (the soak takes about a minute)
//   node scripts/reliability-table.mjs --no-soak  the jest cases only; keeps no soak figures
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const withSoak = !process.argv.includes('--no-soak');
const out = mkdtempSync(join(tmpdir(), 'reliability-'));
const env = { ...process.env, RELIABILITY_OUT: out };

const jestResults = join(out, 'jest.json');
const jest = spawnSync(
	process.execPath,
	[join(root, 'node_modules/jest/bin/jest.js'), 'test/faults', '--json', `--outputFile=${jestResults}`],
	{ cwd: root, env, stdio: 'inherit' },
);

let soak;
if (withSoak) {
	const run = spawnSync(
		process.execPath,
		['--expose-gc', '-r', 'ts-node/register/transpile-only', 'test/faults/soak.ts'],
		{ cwd: root, env: { ...env, TS_NODE_PREFER_TS_EXTS: 'true' }, stdio: 'inherit' },
	);
	const file = join(out, 'soak.json');
	soak = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { ok: false, summary: `the soak did not finish (exit ${run.status})` };
}

const observations = new Map();
const observationsFile = join(out, 'observations.jsonl');
if (existsSync(observationsFile)) {
	for (const line of readFileSync(observationsFile, 'utf8').split('\n')) {
		if (!line.trim()) continue;
		const row = JSON.parse(line);
		observations.set(row.test, row);
	}
}

if (!existsSync(jestResults)) {
	console.error('reliability: jest wrote no results');
	process.exit(1);
}
const results = JSON.parse(readFileSync(jestResults, 'utf8'));

const FILES = [
	['faultMatrix.test.ts', '1. Fault matrix'],
	['badInput.test.ts', '2. Bad input'],
	['secrets.test.ts', '3. Secrets'],
];

const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/\s+/g, ' ').trim();

const sections = [];
let total = 0;
let passed = 0;
for (const [file, title] of FILES) {
	const suite = results.testResults.find((candidate) => candidate.name.endsWith(`test/faults/${file}`));
	const rows = [];
	for (const assertion of suite?.assertionResults ?? []) {
		const seen = observations.get(assertion.fullName);
		const ok = assertion.status === 'passed';
		total++;
		if (ok) passed++;
		const failure = ok
			? ''
			: cell(
					(assertion.failureMessages?.[0] ?? 'failed')
						.split('\n')
						.filter((line) => /^\s*(Expected|Received|Error)/.test(line))
						.slice(0, 3)
						.join('; '),
				);
		rows.push(
			`| ${cell(seen?.name ?? assertion.title)} | ${cell(seen?.given ?? assertion.ancestorTitles.join(' › '))} | ${cell(seen?.expected ?? assertion.title)} | ${cell([seen?.observed ?? (ok ? 'passed (no observation recorded)' : ''), failure].filter(Boolean).join(' — failed: '))} | ${ok ? 'pass' : '**FAIL**'} |`,
		);
	}
	if (!suite) rows.push(`| ${file} | — | — | the file did not run | **FAIL** |`);
	sections.push(
		`## ${title}\n\n| case | fault / input | expected | observed | result |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`,
	);
}

let soakSection = '## 4. Soak\n\nNot run this time (`--no-soak`).\n';
if (soak) {
	total++;
	if (soak.ok) passed++;
	const rows = soak.invokes === undefined
		? `| outcome | ${cell(soak.summary)} |`
		: [
				['invokes', `${soak.invokes} in ${soak.batches} runs of the node, ${soak.seconds} s`],
				['faults injected', `${soak.faultsInjected} on ${soak.invokeRequests} invoke requests (rates summing to 1 %): ${Object.entries(soak.faultsByKind).map(([kind, count]) => `${kind} ${count}`).join(', ')}`],
				['outcome per item', `${soak.results} results, ${soak.errors} errors (${soak.ranButReportedError} of them ran: dropped after read or timed out, reported and not resent)`],
				['errors', Object.entries(soak.errorKinds).map(([kind, count]) => `${count} × ${kind}`).join('; ') || 'none'],
				['lost items', String(soak.lost)],
				['actions run twice', String(soak.invokedTwice)],
				['secrets shown', String(soak.leaks)],
				['resident memory (RSS)', `${soak.memoryStart.rssMb} MB at start → ${soak.memoryEnd.rssMb} MB at end${soak.gcForced ? ' (after forced GC)' : ''}`],
				['heap used', `${soak.memoryStart.heapUsedMb} MB → ${soak.memoryEnd.heapUsedMb} MB; the in-process emulator keeps ${soak.emulatorInvocationsKept} invocation records`],
				['heap per run (MB)', soak.heapPerBatchMb.join(', ')],
				['result', soak.ok ? 'pass' : '**FAIL**'],
			]
				.map(([name, value]) => `| ${name} | ${cell(value)} |`)
				.join('\n');
	soakSection = `## 4. Soak\n\n10,000 invokes of the echo action through the n8n-core harness, 500 items per run, Continue On Fail, Requests per Second 1000, with rate-based faults on invoke (\`test/faults/soak.ts\`).\n\n| figure | value |\n| --- | --- |\n${rows}\n`;
}

const document = `# Reliability: faults, bad input, secrets, soak

Generated by \`npm run test:faults\` (\`node scripts/reliability-table.mjs\`) from the tests in
\`test/faults/\`, run against the local DingTalk Connect emulator through n8n-core's real execution
context. Do not edit by hand.

Every fault case runs N uniquely-identified items under Continue On Fail and checks: N items in → N out,
in order, each a result (the echo of its own input) or an error; the emulator ran no item's action twice
(a result always has exactly one run behind it); and no app secret, suite secret, suite ticket or access
token appears in any output item, error message, description, cause or log line. "Ran" counts the
actions the emulator executed. An item whose call was dropped after DingTalk read it, or timed out, can
have run once while it reports an error: that is the honest outcome, and it is never resent.

**${passed} of ${total} cases pass.**

${sections.join('\n')}
${soakSection}`;

mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(join(root, 'docs/reliability.md'), document);
rmSync(out, { recursive: true, force: true });
console.log(`reliability: ${passed}/${total} cases pass; wrote docs/reliability.md`);
process.exit(passed === total && jest.status === 0 ? 0 : 1);
