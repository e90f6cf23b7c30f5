import 'reflect-metadata';
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { subgraphs } from '../subgraphs/registry';
import { defaultDataDir, openDatabase } from '../subgraphs/shared/orm';
import { runImport } from '../subgraphs/places/import/run';
import { reportTable } from '../subgraphs/places/import/report-table';

/**
 * `npm run import -- places <file> --source <name> [--services <file>] [--dry-run] [--strict] [--departement 47]
 * [--report <report.json>] [--json]`: see subgraphs/places/import/README.md. Exit 0 when the import ran
 * (even with rejected rows), 1 when it was refused, 2 on bad usage.
 */
const USAGE =
  'usage: npm run import -- places <file> --source <name> [--services <services.json>] [--dry-run] [--strict] [--departement 47] [--report <out.json>] [--json]';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const [kind, file] = args;
  const source = option(args, '--source');
  if (kind !== 'places' || !file || !source || source.length > 100) {
    console.error(USAGE);
    return 2;
  }
  const maxBytes = Number(process.env.IMPORT_MAX_BYTES ?? 64_000_000);
  const departement = option(args, '--departement');
  const servicesFile = option(args, '--services');
  statSync(file);
  const entry = subgraphs.find((s) => s.definition.name === 'places')!;
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const db = await openDatabase(entry.definition, {
    databaseUrl,
    dataDir: databaseUrl ? undefined : defaultDataDir('places'),
  });
  try {
    await db.migrate();
    await entry.seed(db.orm.em.fork() as EntityManager, {});
    const report = await runImport(db.orm, {
      source,
      file: basename(file),
      open: () => createReadStream(file, { highWaterMark: 256 * 1024 }),
      openServices: servicesFile ? () => createReadStream(servicesFile) : undefined,
      dryRun: args.includes('--dry-run'),
      strict: args.includes('--strict'),
      departement,
      maxBytes,
    });
    const out = option(args, '--report');
    if (out) writeFileSync(out, JSON.stringify(report, null, 2));
    console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : reportTable(report));
    return report.status === 'REFUSED' ? 1 : 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
