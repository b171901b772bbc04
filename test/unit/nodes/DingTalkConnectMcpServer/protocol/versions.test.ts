import { negotiateProtocolVersion, SUPPORTED_PROTOCOL_VERSIONS } from '../../../../../nodes/DingTalkConnectMcpServer/protocol/versions';

describe('negotiateProtocolVersion', () => {
	it.each(['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'])('answers %s with the same revision', (version) => {
		expect(negotiateProtocolVersion(version)).toBe(version);
	});

	it('answers an unknown or missing revision with the newest it speaks', () => {
		expect(negotiateProtocolVersion('2099-01-01')).toBe('2025-11-25');
		expect(negotiateProtocolVersion(undefined)).toBe(SUPPORTED_PROTOCOL_VERSIONS[0]);
	});
});
