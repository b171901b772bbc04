/**
 * The queue-mode test: n8n 2.40.7 main + two workers with PostgreSQL and Redis. Minutes
 * long and needs Debian packages, so it is not part of `npm test`:
 * `npx jest -c test/queue/jest.config.js` (the package must be built; n8n provisioned).
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	// .spec.ts, not .test.ts: npm test's jest config takes every test/**/*.test.ts outside test/e2e.
	testMatch: ['**/*.spec.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }],
		'^.+\\.mjs$': '<rootDir>/test/e2e/lib/mjsTransformer.js',
	},
	globalSetup: '<rootDir>/test/e2e/lib/globalSetup.ts',
	maxWorkers: 1,
	testTimeout: 300000,
	slowTestThreshold: 300,
};
