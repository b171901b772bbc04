import { itemMessage, runsAsTool } from '../../../../../nodes/DingTalkConnect/actions/itemMessage';

const node = (type: string) => ({ getNode: () => ({ type }) }) as unknown as Parameters<typeof itemMessage>[0];

describe('itemMessage', () => {
	it('counts items in a workflow and leaves them out for an AI Agent, whose one item is its call', () => {
		expect(itemMessage(node('CUSTOM.dingTalkConnect'), 2, 'the field "Action" is empty')).toBe('Item 2: the field "Action" is empty');
		expect(itemMessage(node('CUSTOM.dingTalkConnectTool'), 0, 'the field "Action" is empty')).toBe('The field "Action" is empty');
		expect(runsAsTool(node('n8n-nodes-dingtalk-connect.dingTalkConnectTool'))).toBe(true);
	});
});
