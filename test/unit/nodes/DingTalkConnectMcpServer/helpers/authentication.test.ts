import { challengeFor, checkAuthentication } from '../../../../../nodes/DingTalkConnectMcpServer/helpers/authentication';

describe('checkAuthentication', () => {
	const bearer = { mode: 'bearerAuth', token: 's3cret-token' } as const;
	const header = { mode: 'headerAuth', name: 'X-Api-Key', value: 'k3y' } as const;

	it('lets a request through only with the configured secret', () => {
		expect(checkAuthentication({ authorization: 'Bearer s3cret-token' }, bearer)).toEqual({ ok: true });
		expect(checkAuthentication({ authorization: 'bearer   s3cret-token ' }, bearer)).toEqual({ ok: true });
		expect(checkAuthentication({ 'x-api-key': 'k3y' }, header)).toEqual({ ok: true });
		expect(checkAuthentication({}, { mode: 'none' })).toEqual({ ok: true });
	});

	it('refuses a missing, wrong or repeated credential, naming no secret', () => {
		const refusals = [
			checkAuthentication({}, bearer),
			checkAuthentication({ authorization: 'Basic czNjcmV0' }, bearer),
			checkAuthentication({ authorization: 'Bearer s3cret-token2' }, bearer),
			checkAuthentication({ authorization: 'Bearer s3cret-toke' }, bearer),
			checkAuthentication({ 'x-api-key': 'K3Y' }, header),
			checkAuthentication({ 'x-api-key': ['k3y', 'k3y'] }, header),
			checkAuthentication({ authorization: 'k3y' }, header),
		];
		for (const refusal of refusals) {
			expect(refusal.ok).toBe(false);
			expect(JSON.stringify(refusal)).not.toMatch(/s3cret|k3y/i);
		}
		expect(refusals[2]).toEqual({ ok: false, reason: 'wrong bearer token' });
	});

	it('fails closed when the credential itself is empty', () => {
		expect(checkAuthentication({ authorization: 'Bearer ' }, { mode: 'bearerAuth', token: '' })).toMatchObject({ ok: false });
		expect(checkAuthentication({ '': '' }, { mode: 'headerAuth', name: ' ', value: '' })).toMatchObject({ ok: false });
	});

	it('challenges with the expected scheme', () => {
		expect(challengeFor('bearerAuth')).toBe('Bearer realm="DingTalk Connect MCP Server"');
		expect(challengeFor('headerAuth')).toMatch(/^ApiKey realm=/);
	});
});
