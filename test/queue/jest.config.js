/**
 * The queue-mode test: the pinned n8n 2.x main + two workers with PostgreSQL and Redis. Minutes
 * long and needs Debian packages, so it is not part of `npm test`:
 * `npx jest -c test/queue/jest.config.js` (the package must be built; n8n provisioned).
 * The end-to-end configuration (transforms, global set-up, one worker) with its own files.
 */
const e2e = require('../../jest.e2e.config.js');

module.exports = {
	...e2e,
	rootDir: '../..',
	roots: ['<rootDir>/test/queue'],
	// .spec.ts, not .test.ts: npm test's jest config takes every test/**/*.test.ts outside test/e2e.
	testMatch: ['**/*.spec.ts'],
	slowTestThreshold: 300,
};
