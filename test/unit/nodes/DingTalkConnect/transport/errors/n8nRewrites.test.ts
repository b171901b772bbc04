import { readFileSync } from 'node:fs';
import path from 'node:path';

import { buildNodeApiError, classifyResponse, type DingTalkFailure, type FailureKind } from '../../../../../../nodes/DingTalkConnect/transport/errors';
import { NAMES_N8N_REWRITES, n8nRewrites } from '../../../../../../nodes/DingTalkConnect/transport/errors/n8nRewrites';
import { testNode } from '../../../../../harness/fixtures/testNode';

const node = testNode;

/** n8n's own table of names whose presence in a message makes it replace the message (NodeError). */
function n8nCommonErrors(): Record<string, string> {
	const file = path.join(path.dirname(require.resolve('n8n-workflow')), 'errors/abstract/node.error.js');
	const source = readFileSync(file, 'utf8');
	const table = /COMMON_ERRORS\s*=\s*\{([\s\S]*?)\n\};/.exec(source);
	if (!table) throw new Error(`COMMON_ERRORS not found in ${file}`);
	const entries = [...table[1].matchAll(/^\s*([A-Z_]+):\s*(['"])(.*)\2,?\s*$/gm)].map((match) => [match[1], match[3]]);
	return Object.fromEntries(entries);
}

const COMMON_ERRORS = n8nCommonErrors();
const N8N_TEXTS = Object.values(COMMON_ERRORS);

describe("messages n8n's error classes cannot replace", () => {
	it("knows every name in n8n's table", () => {
		expect(Object.keys(COMMON_ERRORS).length).toBeGreaterThan(10);
		expect([...NAMES_N8N_REWRITES].sort()).toEqual(Object.keys(COMMON_ERRORS).sort());
	});

	// The kinds whose text shows DingTalk's code (the others describe a documented code in words).
	const showingCode: FailureKind[] = ['apiError', 'notFound', 'connectorError', 'throttled', 'tokenRejected'];
	const allKinds: FailureKind[] = [...showingCode, 'badRequest', 'notAuthorised', 'serverError', 'nonJson', 'networkError', 'expiredToken'];
	describe.each(Object.keys(COMMON_ERRORS))('a DingTalk code containing %s', (name) => {
		const code = `Instance.${name[0]}${name.slice(1).toLowerCase()}.Code`;
		const failure = (kind: FailureKind): DingTalkFailure => ({ kind, code, httpStatus: 400, detail: `detail ${name}`, requestId: 'req-1' });

		it.each(allKinds)('keeps the package message for a %s failure', (kind) => {
			const error = buildNodeApiError(node, failure(kind));
			expect(N8N_TEXTS).not.toContain(error.message);
			expect(n8nRewrites(error.message)).toBe(false);
			expect(error.context.dingTalkCode).toBe(code);
		});

		it.each(showingCode)('keeps the code in view for a %s failure', (kind) => {
			const error = buildNodeApiError(node, failure(kind));
			expect(`${error.message} ${error.description}`).toContain(code);
		});
	});

	it('reports InstanceNotFound at HTTP 404 as a missing instance in its own words', () => {
		const classified = classifyResponse({ statusCode: 404, body: { Code: 'InstanceNotFound', Message: 'gone', RequestId: 'r-9' } });
		if (classified.ok) throw new Error('expected a failure');
		const error = buildNodeApiError(node, classified.failure);
		expect(classified.failure.kind).toBe('notFound');
		expect(error.message).toBe('The connector asset or instance does not exist');
		expect(error.description).toMatch(/^The connector asset or instance does not exist \(InstanceNotFound\)\. /);
		expect(error.description).toContain('r-9');
	});

	it('leaves a message without those names as it is', () => {
		const error = buildNodeApiError(node, { kind: 'apiError', code: 'instance.already.exists', httpStatus: 400 });
		expect(error.message).toBe('DingTalk refused the request: instance.already.exists');
	});

	it('a code with EEXIST inside (Conflict.InstanceExists) is kept in the description', () => {
		const error = buildNodeApiError(node, { kind: 'apiError', code: 'Conflict.InstanceExists', httpStatus: 409 });
		expect(error.message).toBe('DingTalk refused the request');
		expect(error.description).toContain('Conflict.InstanceExists');
	});
});
