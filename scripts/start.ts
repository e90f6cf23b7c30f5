import { join } from 'node:path';
import { subgraphs } from '../subgraphs/registry';
import { intFromEnv } from '../common/config';
import { Supervisor } from './supervisor';

/**
 * `npm start`: every subgraph in its own process (its own embedded database under DATA_DIR, migrated and
 * seeded on first start, or DATABASE_URL), then the gateway; restarts a process that dies (see
 * scripts/RELIABILITY.md) and stops them all in order on Ctrl-C / SIGTERM.
 */
async function main(): Promise<void> {
  const dist = join(__dirname, '..');
  const host = '127.0.0.1';
  const gatewayPort = intFromEnv('GATEWAY_PORT', 4000, 1, 65535);
  const specs = subgraphs.map(({ definition }) => {
    const portVariable = `${definition.name.toUpperCase()}_PORT`;
    const port = intFromEnv(portVariable, definition.defaultPort, 1, 65535);
    return {
      name: definition.name,
      script: join(dist, 'subgraphs', definition.name, 'main.js'),
      env: {
        [portVariable]: String(port),
        // The hosting rule asks the gateway (subgraphs never read each other's tables).
        GATEWAY_URL: `http://${host}:${gatewayPort}/graphql`,
      },
      port,
      portVariable,
    };
  });
  const urls = Object.fromEntries(
    specs.map((s) => [`${s.name.toUpperCase()}_URL`, `http://${host}:${s.port}/graphql`]),
  );
  const supervisor = new Supervisor(
    specs,
    {
      name: 'gateway',
      script: join(dist, 'gateway', 'main.js'),
      env: { ...urls, GATEWAY_PORT: String(gatewayPort) },
      port: gatewayPort,
      portVariable: 'GATEWAY_PORT',
    },
    {
      host,
      maxRestarts: intFromEnv('RESTART_MAX', 5, 0, 1000),
      windowMs: intFromEnv('RESTART_WINDOW_SECONDS', 60, 1, 86_400) * 1000,
      backoffMs: intFromEnv('RESTART_BACKOFF_MS', 500, 10, 60_000),
      maxBackoffMs: intFromEnv('RESTART_BACKOFF_MAX_MS', 10_000, 10, 600_000),
      startTimeoutMs: intFromEnv('START_TIMEOUT_SECONDS', 120, 1, 3600) * 1000,
      stopTimeoutMs: intFromEnv('STOP_TIMEOUT_SECONDS', 15, 1, 600) * 1000,
    },
  );
  await supervisor.start();
  if (!supervisor.isStopping)
    console.log(`\ndéClic47 hub ready: http://localhost:${gatewayPort}/graphql  (Ctrl-C stops it)\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
