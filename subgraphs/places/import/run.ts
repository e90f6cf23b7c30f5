import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../organization/organization.entity';
import { applyChunk, organizationsByPivot, type ApplyContext, type ChunkRow, type Outcome } from './apply';
import { checkRecord, checkTerritory, normaliseRecord, type CellChange } from './check';
import { ImportFileError, readDataInclusionServices, readRecords, type ImportFormat } from './read';

/** Entries kept per list of a report; the counts stay exact beyond it. */
export const REPORT_LIST_LIMIT = 1000;
/** Valid rows applied together: one transaction each (unless strict or a dry run), a fixed number of statements. */
const CHUNK = 500;

export interface RowProblem {
  row: number;
  id: string;
  field: string;
  value: string;
  problem: string;
}

export interface ImportReport {
  importId: string;
  source: string;
  file: string;
  format: ImportFormat | null;
  dryRun: boolean;
  strict: boolean;
  /** DONE: valid rows applied; REFUSED: nothing written (bad file, strict with rejected rows, already running). */
  status: 'DONE' | 'REFUSED';
  error?: string;
  counts: {
    rows: number;
    created: number;
    updated: number;
    unchanged: number;
    rejected: number;
    skipped: number;
    merged: number;
  };
  rejected: RowProblem[];
  skipped: { row: number; id: string; reason: string }[];
  merged: { row: number; id: string; placeId: string; reason: string }[];
  normalised: (CellChange & { row: number; id: string })[];
  notes: { row: number; id: string; note: string }[];
  /** How many entries each list left out past REPORT_LIST_LIMIT. */
  omitted: Record<string, number>;
}

export interface ImportOptions {
  source: string;
  file: string;
  /** Opens the file's bytes; called once per pass (the file is read twice: check, then apply). */
  open: () => AsyncIterable<Buffer>;
  /** data·inclusion services to join to the structures (their `structure_id`). */
  openServices?: () => AsyncIterable<Buffer>;
  dryRun?: boolean;
  strict?: boolean;
  departement?: string;
  maxBytes: number;
  /** A partner imports only places of its own organization. */
  organizationId?: string;
}

function push<T>(report: ImportReport, list: keyof ImportReport & string, entry: T) {
  const entries = report[list] as unknown as T[];
  if (entries.length < REPORT_LIST_LIMIT) entries.push(entry);
  else report.omitted[list] = (report.omitted[list] ?? 0) + 1;
}

/** A row classified by the check pass. */
type Checked =
  | { kind: 'valid'; row: number; cells: Record<string, string> }
  | { kind: 'rejected' | 'skipped'; row: number };

class DryRunRollback extends Error {}

/**
 * Imports a file of places: a first pass reads it streamed and checks every row (nothing is written when the file
 * itself is bad, or when `strict` and any row is rejected); a second pass applies the valid rows in chunks of
 * 500, each chunk one transaction (one transaction in all when strict or a dry run, rolled back for a dry run).
 */
export async function runImport(orm: MikroORM, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = {
    importId: randomUUID(),
    source: options.source,
    file: options.file,
    format: null,
    dryRun: Boolean(options.dryRun),
    strict: Boolean(options.strict),
    status: 'DONE',
    counts: { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, skipped: 0, merged: 0 },
    rejected: [],
    skipped: [],
    merged: [],
    normalised: [],
    notes: [],
    omitted: {},
  };
  const limits = { maxBytes: options.maxBytes, maxRecordChars: 200_000 };
  const em = orm.em.fork() as EntityManager;
  let pivots: string[] | null = null;
  if (options.organizationId) {
    const org = await em.findOne(Organization, { id: options.organizationId });
    pivots = [org?.siret, org?.rna].filter((p): p is string => Boolean(p));
  }

  let services: Map<string, string[]> | undefined;
  // The rows the check pass did not find valid: the apply pass takes its verdicts from there, never judging again.
  const notValid = new Set<number>();
  /** Reads the file: the check pass (`checking`) judges and reports every row; the apply pass only reads. */
  const classify = async function* (checking: boolean): AsyncGenerator<Checked> {
    const seen = new Set<string>();
    for await (const { row, cells: raw } of readRecords(options.open(), limits, {
      servicesByStructure: services,
      onFormat: (f) => (report.format = f),
    })) {
      const { cells, changes } = normaliseRecord(raw);
      if (!checking) {
        const verdict = notValid.has(row) ? null : checkTerritory(cells, options.departement);
        if (verdict?.kind !== 'inside') {
          yield { kind: 'rejected', row };
          continue;
        }
        cells.code_insee = verdict.inseeCode;
        yield { kind: 'valid', row, cells };
        continue;
      }
      const id = cells.id ?? '';
      if (id) {
        if (seen.has(id))
          throw new ImportFileError(`id "${id}" appears twice (again at row ${row}): ids must be unique`);
        seen.add(id);
      }
      const problems = checkRecord(cells);
      if (pivots && cells.pivot && !pivots.includes(cells.pivot))
        problems.push({
          field: 'pivot',
          value: cells.pivot,
          problem: `belongs to another structure: your token imports only places of your organization (${pivots.join(', ') || 'no SIRET/RNA on file'})`,
        });
      let verdict = problems.length ? null : checkTerritory(cells, options.departement);
      if (verdict?.kind === 'incoherent') {
        problems.push(verdict.problem);
        verdict = null;
      }
      if (problems.length) {
        notValid.add(row);
        report.counts.rejected++;
        for (const p of problems) push(report, 'rejected', { row, id, ...p });
        yield { kind: 'rejected', row };
      } else if (verdict?.kind === 'outside') {
        notValid.add(row);
        report.counts.skipped++;
        push(report, 'skipped', { row, id, reason: verdict.reason });
        yield { kind: 'skipped', row };
      } else if (verdict?.kind === 'inside') {
        if (!cells.code_insee)
          changes.push({
            field: 'code_insee',
            from: '',
            to: verdict.inseeCode,
            why: `found from the postal code and commune ${verdict.communeName}`,
          });
        cells.code_insee = verdict.inseeCode;
        for (const change of changes) push(report, 'normalised', { row, id, ...change });
        yield { kind: 'valid', row, cells };
      }
      report.counts.rows++;
    }
  };

  try {
    if (options.openServices) services = await readDataInclusionServices(options.openServices(), limits);
    for await (const _ of classify(true));
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    return refuse(em, report, options, error.message);
  }
  if (options.strict && report.counts.rejected > 0)
    return refuse(
      em,
      report,
      options,
      `strict import: ${report.counts.rejected} rows rejected, nothing written`,
    );

  // A run left RUNNING by a crashed process would block its source for ever: after 6 hours it is taken as failed.
  await em.getConnection().execute(
    `update place_import set status = 'FAILED', finished_at = now()
       where source = ? and status = 'RUNNING' and started_at < now() - interval '6 hours'`,
    [options.source],
    'run',
  );
  try {
    await em.getConnection().execute(
      `insert into place_import (id, source, file, format, organization_id, dry_run, strict, status, started_at)
       values (?, ?, ?, ?, ?, ?, ?, 'RUNNING', now())`,
      [
        report.importId,
        report.source,
        report.file,
        report.format ?? 'csv',
        options.organizationId ?? null,
        report.dryRun,
        report.strict,
      ],
      'run',
    );
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    report.status = 'REFUSED';
    report.error = `an import of source "${options.source}" is already running: try again when it is done`;
    return report;
  }

  const ctx: ApplyContext = {
    source: options.source,
    file: options.file,
    importId: report.importId,
    organizations: await organizationsByPivot(em),
  };
  const record = (chunk: ChunkRow[], outcomes: Outcome[]) =>
    outcomes.forEach((outcome, i) => {
      const { row, cells } = chunk[i];
      report.counts[outcome.kind]++;
      if (outcome.kind === 'merged')
        push(report, 'merged', { row, id: cells.id, placeId: outcome.placeId, reason: outcome.reason });
      else if (outcome.note) push(report, 'notes', { row, id: cells.id, note: outcome.note });
    });
  /** Applies the valid rows a chunk at a time, each chunk in its own transaction, or all in `tx`. */
  const applyAll = async (tx: EntityManager | null) => {
    let chunk: ChunkRow[] = [];
    const flush = async () => {
      if (!chunk.length) return;
      const rows = chunk;
      chunk = [];
      const run = async (em: EntityManager) => {
        const outcomes = await applyChunk(em, ctx, rows);
        // Forgetting the chunk's entities keeps the identity map (and the next flush) small.
        em.clear();
        return outcomes;
      };
      record(rows, tx ? await run(tx) : await em.transactional((t) => run(t as EntityManager)));
    };
    // The reader waits while a chunk is written (back-pressure): at most one chunk of rows is held.
    for await (const checked of classify(false)) {
      if (checked.kind === 'valid') chunk.push(checked);
      if (chunk.length === CHUNK) await flush();
    }
    await flush();
  };
  try {
    if (options.strict || options.dryRun) {
      await em.transactional(async (tx) => {
        await applyAll(tx as EntityManager);
        if (options.dryRun) throw new DryRunRollback();
      });
    } else {
      await applyAll(null);
    }
  } catch (error) {
    if (!(error instanceof DryRunRollback)) {
      await finish(em, report, 'FAILED');
      throw error;
    }
  }
  await finish(em, report, 'DONE');
  return report;
}

async function finish(em: EntityManager, report: ImportReport, status: 'DONE' | 'FAILED') {
  await em
    .getConnection()
    .execute(
      `update place_import set status = ?, counts = ?::jsonb, report = ?::jsonb, finished_at = now() where id = ?`,
      [status, JSON.stringify(report.counts), JSON.stringify(report), report.importId],
      'run',
    );
}

/** A refused import writes nothing but its own record, so that the partner finds the reason in `placeImports`. */
async function refuse(em: EntityManager, report: ImportReport, options: ImportOptions, error: string) {
  report.status = 'REFUSED';
  report.error = error;
  await em.getConnection().execute(
    `insert into place_import (id, source, file, format, organization_id, dry_run, strict, status, counts, report, started_at, finished_at)
     values (?, ?, ?, ?, ?, ?, ?, 'FAILED', ?::jsonb, ?::jsonb, now(), now())`,
    [
      report.importId,
      report.source,
      report.file,
      report.format ?? 'unknown',
      options.organizationId ?? null,
      report.dryRun,
      report.strict,
      JSON.stringify(report.counts),
      JSON.stringify(report),
    ],
    'run',
  );
  return report;
}
