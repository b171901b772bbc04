import { allExecutions } from '../../../../scripts/n8n/executionPages.mjs';

const rows = (from: number, count: number) => Array.from({ length: count }, (_, index) => ({ id: String(from - index) }));

/** A fake n8n answering from `pages` and keeping the routes it was asked for. */
function fakeN8n(pages: Array<{ results: Array<{ id: string }>; nextCursor?: string | null }>) {
	const asked: string[] = [];
	const get = async (route: string) => {
		asked.push(route);
		const page = pages[asked.length - 1];
		if (!page) throw new Error(`asked for page ${asked.length} of ${pages.length}`);
		return page;
	};
	return { asked, get };
}

describe('allExecutions', () => {
	it("follows n8n 2.41's cursor until it is null, never sending lastId", async () => {
		const n8n = fakeN8n([
			{ results: rows(250, 100), nextCursor: 'c/1+' },
			{ results: rows(150, 100), nextCursor: 'c2' },
			{ results: rows(50, 50), nextCursor: null },
		]);

		const all = await allExecutions(n8n.get, { workflowId: 'w1', status: ['success'] });

		expect(all.map((row) => row.id)).toEqual(rows(250, 250).map((row) => row.id));
		expect(n8n.asked).toEqual([
			`/executions?filter=${encodeURIComponent('{"workflowId":"w1","status":["success"]}')}&limit=100`,
			`${n8n.asked[0]}&cursor=c%2F1%2B`,
			`${n8n.asked[0]}&cursor=c2`,
		]);
	});

	it('pages older n8n (no cursor in its answers) by the last id seen, until a short page', async () => {
		const n8n = fakeN8n([{ results: rows(200, 100) }, { results: rows(100, 100) }, { results: [] }]);

		const all = await allExecutions(n8n.get, { workflowId: 'w1' });

		expect(all).toHaveLength(200);
		expect(n8n.asked.slice(1).map((route) => route.split('&').pop())).toEqual(['lastId=101', 'lastId=1']);
	});
});
