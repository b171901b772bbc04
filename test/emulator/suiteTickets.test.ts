// Contract of suite-ticket rotation: the new ticket gets a token at once; the previous one does while
// previousSuiteTicketValid is true (the default), and never after a second rotation.
import axios from 'axios';

import { DEMO_CREDENTIALS } from '../../emulator';
import { useEmulator } from './bed';
import { PATHS } from './client';

const bed = useEmulator();

const seedTicket = DEMO_CREDENTIALS.suite.suiteTicket;

async function tokenWith(suiteTicket: string, suite = DEMO_CREDENTIALS.suite): Promise<string> {
	const answer = await bed.client.post(PATHS.corpAccessToken, undefined, { ...suite, suiteTicket });
	return answer.status === 200 ? 'ok' : String(answer.data.code);
}

describe('rotateSuiteTicket', () => {
	it('returns a new ticket that gets a token at once', async () => {
		const ticket = bed.emulator.rotateSuiteTicket();
		expect(typeof ticket).toBe('string');
		expect(ticket).not.toBe(seedTicket);
		expect(await tokenWith(ticket)).toBe('ok');
		expect(bed.emulator.rotateSuiteTicket()).not.toBe(ticket);
	});

	it('keeps the previous ticket working by default, but not the one before it', async () => {
		expect(bed.emulator.config.previousSuiteTicketValid).toBe(true);
		const first = bed.emulator.rotateSuiteTicket();
		expect(await tokenWith(seedTicket)).toBe('ok');
		const second = bed.emulator.rotateSuiteTicket();
		expect(await tokenWith(second)).toBe('ok');
		expect(await tokenWith(first)).toBe('ok');
		expect(await tokenWith(seedTicket)).toBe('invalidSuiteTicket');
	});

	it('refuses the previous ticket with invalidSuiteTicket when previousSuiteTicketValid is false', async () => {
		bed.emulator.configure({ previousSuiteTicketValid: false });
		const ticket = bed.emulator.rotateSuiteTicket();
		expect(await tokenWith(seedTicket)).toBe('invalidSuiteTicket');
		expect(await tokenWith(ticket)).toBe('ok');
		// Switching back revives the previous ticket: the switch is read on every token request.
		bed.emulator.configure({ previousSuiteTicketValid: true });
		expect(await tokenWith(seedTicket)).toBe('ok');
	});

	it('leaves tokens issued with the previous ticket valid', async () => {
		bed.emulator.configure({ previousSuiteTicketValid: false });
		const token = await bed.client.suiteToken();
		bed.emulator.rotateSuiteTicket();
		expect((await bed.client.get(PATHS.connectors, token, { type: 'official' })).status).toBe(200);
	});

	it('rotates one suite only: suite B keeps its ticket when suite A rotates, and rotates by its key', async () => {
		bed.emulator.configure({ previousSuiteTicketValid: false });
		bed.emulator.rotateSuiteTicket();
		expect(await tokenWith(DEMO_CREDENTIALS.suiteB.suiteTicket, DEMO_CREDENTIALS.suiteB)).toBe('ok');
		const ticketB = bed.emulator.rotateSuiteTicket(DEMO_CREDENTIALS.suiteB.suiteKey);
		expect(await tokenWith(DEMO_CREDENTIALS.suiteB.suiteTicket, DEMO_CREDENTIALS.suiteB)).toBe('invalidSuiteTicket');
		expect(await tokenWith(ticketB, DEMO_CREDENTIALS.suiteB)).toBe('ok');
		expect(await tokenWith(ticketB)).toBe('invalidSuiteTicket');
	});

	it('refuses an unknown suiteKey, and reset restores the seed ticket', async () => {
		expect(() => bed.emulator.rotateSuiteTicket('suite-nobody')).toThrow(/suiteKey/);
		bed.emulator.configure({ previousSuiteTicketValid: false });
		bed.emulator.rotateSuiteTicket();
		bed.emulator.reset();
		expect(await tokenWith(seedTicket)).toBe('ok');
	});

	it('checks the switch is a boolean', () => {
		expect(() => bed.emulator.configure({ previousSuiteTicketValid: 'no' as never })).toThrow(/previousSuiteTicketValid/);
	});

	it('never logs a rotated ticket', async () => {
		const ticket = bed.emulator.rotateSuiteTicket();
		await tokenWith(ticket);
		expect(JSON.stringify(bed.emulator.log())).not.toContain(ticket);
	});
});

describe('POST /__emulator/rotate-suite-ticket', () => {
	const control = () => axios.create({ baseURL: `${bed.emulator.url}/__emulator`, validateStatus: () => true });

	it("rotates suite A's ticket by default and answers the new one", async () => {
		const answer = await control().post('/rotate-suite-ticket');
		expect(answer.status).toBe(200);
		expect(answer.data.suiteKey).toBe(DEMO_CREDENTIALS.suite.suiteKey);
		expect(await tokenWith(answer.data.suiteTicket)).toBe('ok');
	});

	it('rotates the named suite, and answers 400 for an unknown or malformed suiteKey', async () => {
		const answer = await control().post('/rotate-suite-ticket', { suiteKey: DEMO_CREDENTIALS.suiteB.suiteKey });
		expect(answer.data.suiteKey).toBe(DEMO_CREDENTIALS.suiteB.suiteKey);
		expect(await tokenWith(answer.data.suiteTicket, DEMO_CREDENTIALS.suiteB)).toBe('ok');
		expect((await control().post('/rotate-suite-ticket', { suiteKey: 'suite-nobody' })).status).toBe(400);
		expect((await control().post('/rotate-suite-ticket', { suiteKey: 7 })).status).toBe(400);
	});

	it('takes the switch through POST /__emulator/config', async () => {
		expect((await control().post('/config', { previousSuiteTicketValid: false })).data.previousSuiteTicketValid).toBe(false);
		await control().post('/rotate-suite-ticket');
		expect(await tokenWith(seedTicket)).toBe('invalidSuiteTicket');
	});
});
