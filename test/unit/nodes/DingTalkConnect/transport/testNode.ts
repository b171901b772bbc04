import type { INode } from 'n8n-workflow';

/** The node the transport's errors are built for in unit tests. */
export const testNode: INode = {
	id: 'node-1',
	name: 'DingTalk Connect',
	type: 'n8n-nodes-dingtalk-connect.dingTalkConnect',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
