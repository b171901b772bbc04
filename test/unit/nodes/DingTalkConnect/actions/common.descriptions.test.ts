import { extractFromAICalls, type INodeProperties } from 'n8n-workflow';

import { pagingProperties } from '../../../../../nodes/DingTalkConnect/actions/common.descriptions';

const shownFor = (tool: boolean) => (property: INodeProperties) => {
	const wanted = property.displayOptions?.show?.['@tool'];
	return wanted === undefined || wanted.includes(tool);
};

describe('pagingProperties', () => {
	it('gives a workflow Return All and Limit, and an AI Agent tool a search and a limit the model defines', () => {
		const properties = pagingProperties('connectors');
		expect(properties.filter(shownFor(false)).map((property) => [property.name, property.default])).toEqual([
			['returnAll', false],
			['limit', 50],
		]);
		const forTool = properties.filter(shownFor(true));
		expect(forTool.map((property) => property.name)).toEqual(['returnAll', 'limit', 'search']);
		const calls = forTool.flatMap((property) => (typeof property.default === 'string' ? extractFromAICalls(property.default) : []));
		expect(calls.map(({ key, type, defaultValue }) => ({ key, type, defaultValue }))).toEqual([
			{ key: 'limit', type: 'number', defaultValue: 50 },
			{ key: 'search', type: 'string', defaultValue: '' },
		]);
		expect(calls[1].description).toContain('Only connectors whose name');
		for (const property of forTool.slice(1)) {
			expect(String(property.default).startsWith('={{ /*n8n-auto-generated-fromAI-override*/ $fromAI(')).toBe(true);
		}
	});
});
