/** Unit and integration tests (end-to-end tests against a real n8n have their own script). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }],
		'^.+\\.mjs$': '<rootDir>/test/e2e/lib/mjsTransformer.js',
	},
	testTimeout: 30000,
};
