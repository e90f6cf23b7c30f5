/** Tests live under tests/, mirroring the source tree; swc keeps decorator metadata. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Generous: the e2e hooks seed four embedded databases, on 2 cores possibly shared with other work.
  testTimeout: 180000,
  // PGlite instances and servers are heavy: two workers fit the 2-core machines.
  maxWorkers: 2,
  setupFiles: ['reflect-metadata', '<rootDir>/tests/helpers/env.ts'],
  // Once per run: probe optional servers (Redis) and seed each subgraph's template database (tests clone it).
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
};
