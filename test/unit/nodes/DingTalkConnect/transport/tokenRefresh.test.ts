import { claimRefresh, watchAccessToken } from '../../../../../nodes/DingTalkConnect/transport/tokenRefresh';
import { resetProcessMemory } from '../../../../harness/processMemory';

describe('claimRefresh', () => {
	beforeEach(() => resetProcessMemory());

	it('lets exactly one of many concurrent callers lead; the others wait for its outcome', async () => {
		const claims = Array.from({ length: 20 }, () => claimRefresh('cred', 'old', 'old'));
		const leaders = claims.filter((claim) => claim.kind === 'lead');
		const waiters = claims.filter((claim) => claim.kind === 'wait');
		expect(leaders).toHaveLength(1);
		expect(waiters).toHaveLength(19);
		const lead = leaders[0];
		if (lead.kind !== 'lead') throw new Error('unreachable');
		lead.settle({ ok: true });
		for (const waiter of waiters) {
			if (waiter.kind === 'wait') await expect(waiter.done).resolves.toEqual({ ok: true });
		}
	});

	it('sends late callers of a replaced token to the stored one', async () => {
		const lead = claimRefresh('cred', 'old', 'old');
		if (lead.kind !== 'lead') throw new Error('expected to lead');
		lead.settle({ ok: true });
		expect(claimRefresh('cred', 'old', 'new').kind).toBe('current');
	});

	it('fetches again when a finished refresh did not change the stored token (credential edited)', async () => {
		const lead = claimRefresh('cred', '', '');
		if (lead.kind !== 'lead') throw new Error('expected to lead');
		lead.settle({ ok: true });
		expect(claimRefresh('cred', '', '').kind).toBe('lead');
	});

	it('uses the stored token when it already differs from the failed one', () => {
		expect(claimRefresh('cred', 'old', 'new').kind).toBe('current');
	});

	it('starts a new refresh for a newer failed token, and per credential', () => {
		const first = claimRefresh('cred', 'old', 'old');
		if (first.kind === 'lead') first.settle({ ok: true });
		expect(claimRefresh('cred', 'new', 'new').kind).toBe('lead');
		expect(claimRefresh('other', 'old', 'old').kind).toBe('lead');
	});

	it('forgets a failed refresh so the next caller tries again', async () => {
		const lead = claimRefresh('cred', '', '');
		const waiter = claimRefresh('cred', '', '');
		if (lead.kind !== 'lead' || waiter.kind !== 'wait') throw new Error('unexpected claims');
		lead.settle({ ok: false, failure: { kind: 'tokenRejected', code: 'invalidSuiteTicket' } });
		await expect(waiter.done).resolves.toMatchObject({ ok: false });
		expect(claimRefresh('cred', '', '').kind).toBe('lead');
	});

	it('settles only once', async () => {
		const lead = claimRefresh('cred', 't', 't');
		const waiter = claimRefresh('cred', 't', 't');
		if (lead.kind !== 'lead' || waiter.kind !== 'wait') throw new Error('unexpected claims');
		lead.settle({ ok: true });
		lead.settle({ ok: false, failure: { kind: 'timeout' } });
		await expect(waiter.done).resolves.toEqual({ ok: true });
	});
});

describe('watchAccessToken', () => {
	it('reports a new token set by Object.assign, as n8n does after preAuthentication', () => {
		const seen: string[] = [];
		const data = watchAccessToken({ appKey: 'k', accessToken: 'old' }, '', () => seen.push('new token'));
		expect(data.accessToken).toBe('');
		expect(data.appKey).toBe('k');
		Object.assign(data, { accessToken: 'fresh' });
		expect(data.accessToken).toBe('fresh');
		expect(seen).toEqual(['new token']);
		expect({ ...data }).toEqual({ appKey: 'k', accessToken: 'fresh' });
		expect(JSON.parse(JSON.stringify(data))).toEqual({ appKey: 'k', accessToken: 'fresh' });
	});

	it('does not report an empty token', () => {
		let calls = 0;
		const data = watchAccessToken({}, 'x', () => calls++);
		data.accessToken = '';
		expect(calls).toBe(0);
	});
});
