/**
 * End-to-end tests: the built package inside the pinned n8n 2.x (scripts/n8n/provision.sh), driving
 * the emulator. Slow (n8n's CLI takes seconds per command), so they run one file at a time and
 * are not part of `npm test`. Run with `npx jest -c jest.e2e.config.js` (globalSetup builds the
 * package and provisions n8n first).
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }],
		'^.+\\.mjs$': '<rootDir>/test/e2e/lib/mjsTransformer.js',
	},
	globalSetup: '<rootDir>/test/e2e/lib/globalSetup.ts',
	maxWorkers: 1,
	testTimeout: 300000,
	slowTestThreshold: 120,
};
