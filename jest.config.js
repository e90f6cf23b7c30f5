/** Tests live under tests/, mirroring the source tree; swc keeps decorator metadata. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Generous: the e2e hooks seed four embedded databases, on 2 cores possibly shared with other work.
  testTimeout: 180000,
  // Three workers on the 2-core machines: some files wait on child processes, timers or a browser, and a third
  // worker fills that idle processor time (npm test on PGlite: 320 s with two, 297 s with three, same machine).
  maxWorkers: 3,
  setupFiles: ['reflect-metadata', '<rootDir>/tests/helpers/env.ts'],
  // Once per run: probe optional servers (Redis) and seed each subgraph's template database (tests clone it).
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
};
