import { parseOutputJson } from '../../../../../nodes/DingTalkConnect/helpers/output';

describe('parseOutputJson', () => {
	it('returns an object output as the item json', () => {
		expect(parseOutputJson('{"id":"123","nested":{"ok":true},"list":[1,2]}')).toEqual({
			ok: true,
			json: { id: '123', nested: { ok: true }, list: [1, 2] },
		});
	});

	it('wraps arrays and primitives as { result }', () => {
		expect(parseOutputJson('[{"a":1},{"a":2}]')).toEqual({ ok: true, json: { result: [{ a: 1 }, { a: 2 }] } });
		expect(parseOutputJson('42')).toEqual({ ok: true, json: { result: 42 } });
		expect(parseOutputJson('true')).toEqual({ ok: true, json: { result: true } });
		expect(parseOutputJson('"done"')).toEqual({ ok: true, json: { result: 'done' } });
	});

	it.each([
		['an empty string', ''],
		['whitespace', '  \n'],
		['null', null],
		['undefined', undefined],
		['the text null', 'null'],
	])('gives {} for %s', (_name, raw) => {
		expect(parseOutputJson(raw)).toEqual({ ok: true, json: {} });
	});

	it('hands back text that is not JSON, untouched', () => {
		expect(parseOutputJson('Internal error <html>')).toEqual({ ok: false, raw: 'Internal error <html>' });
		expect(parseOutputJson('{"truncated":')).toEqual({ ok: false, raw: '{"truncated":' });
	});

	it('keeps Chinese text and emoji intact', () => {
		const output = { 审批结果: '同意 ✅', 备注: '👍🏽 好的', escaped: '\u4f60\u597d' };
		expect(parseOutputJson(JSON.stringify(output))).toEqual({ ok: true, json: output });
		expect(parseOutputJson('{"t":"\\u4f60\\ud83d\\ude00"}')).toEqual({ ok: true, json: { t: '你😀' } });
		expect(parseOutputJson('不是 JSON 🙃')).toEqual({ ok: false, raw: '不是 JSON 🙃' });
	});

	it('unwraps double-encoded output, but keeps a string that only looks like JSON', () => {
		expect(parseOutputJson(JSON.stringify('{"a":1}'))).toEqual({ ok: true, json: { a: 1 } });
		expect(parseOutputJson(JSON.stringify('[not json'))).toEqual({ ok: true, json: { result: '[not json' } });
	});

	it('accepts an output that is already parsed', () => {
		expect(parseOutputJson({ a: 1 })).toEqual({ ok: true, json: { a: 1 } });
		expect(parseOutputJson([1])).toEqual({ ok: true, json: { result: [1] } });
		expect(parseOutputJson(7)).toEqual({ ok: true, json: { result: 7 } });
	});
});
