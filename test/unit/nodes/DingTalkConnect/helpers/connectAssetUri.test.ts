import { parseConnectAssetUri } from '../../../../../nodes/DingTalkConnect/helpers/connectAssetUri';

describe('parseConnectAssetUri', () => {
	it('splits an action URI', () => {
		expect(parseConnectAssetUri('dca://ding1234abcd.connect.dingtalk.com/ding1234abcd/action/G-ACT-001')).toEqual({
			providerCorpId: 'ding1234abcd',
			kind: 'action',
			assetId: 'G-ACT-001',
		});
	});

	it.each(['trigger', 'integration_endpoint', 'connector'])('accepts the %s kind', (kind) => {
		expect(parseConnectAssetUri(`dca://dingX.connect.dingtalk.com/dingX/${kind}/ID-9`)).toEqual({
			providerCorpId: 'dingX',
			kind,
			assetId: 'ID-9',
		});
	});

	it('tolerates surrounding whitespace and a differently cased host', () => {
		expect(parseConnectAssetUri('  DCA://dingX.Connect.DingTalk.com/dingX/action/A1\n')).toEqual({
			providerCorpId: 'dingX',
			kind: 'action',
			assetId: 'A1',
		});
	});

	it.each([
		['empty', ''],
		['another scheme', 'https://dingX.connect.dingtalk.com/dingX/action/A1'],
		['another host', 'dca://dingX.example.com/dingX/action/A1'],
		['no asset id', 'dca://dingX.connect.dingtalk.com/dingX/action/'],
		['no kind', 'dca://dingX.connect.dingtalk.com/dingX/A1'],
		['extra segments', 'dca://dingX.connect.dingtalk.com/dingX/action/A1/more'],
		['a query', 'dca://dingX.connect.dingtalk.com/dingX/action/A1?x=1'],
		['different corp ids', 'dca://dingX.connect.dingtalk.com/dingY/action/A1'],
		['an action id alone', 'G-ACT-001'],
		['not a string', 42 as unknown as string],
	])('returns undefined for %s', (_name, uri) => {
		expect(parseConnectAssetUri(uri)).toBeUndefined();
	});
});
