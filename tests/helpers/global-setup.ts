import 'reflect-metadata';
import { REDIS, pingRedis, testRedisUrl } from './services';
import { createTemplates } from './templates';

/** Jest global setup: probes the optional servers and builds the seeded database templates once per run. */
export default async function globalSetup(): Promise<void> {
  const redis = await pingRedis(testRedisUrl());
  process.env[REDIS.env] = redis;
  if (redis !== 'up') {
    const effect = process.env.CI
      ? 'CI is set: the tests that need it will FAIL'
      : 'tests that need it are SKIPPED';
    process.stderr.write(`\n[tests] Redis not usable (${redis}): ${effect}.\n`);
  }
  if (process.env.TEST_TIER !== 'unit') await createTemplates();
}
