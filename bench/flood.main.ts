import { drive } from './load';

/**
 * The overload workload's flood, in a process of its own (bench/overload.ts starts it): another client, as on a
 * real network, so that answering 200 connections never delays the probe's own client in the bench process.
 * Reads its settings as JSON from FLOOD, prints its LoadResult as JSON.
 */
const { url, body, headers, seconds, connections } = JSON.parse(process.env.FLOOD ?? '{}') as {
  url: string;
  body: string;
  headers: Record<string, string>;
  seconds: number;
  connections: number;
};
drive(url, body, headers, { seconds, connections })
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
