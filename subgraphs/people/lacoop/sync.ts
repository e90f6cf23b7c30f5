import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgTextArray } from '../../shared/sql';
import { foldForSearch } from '../../shared/text';
import type { LacoopClient, Page } from './client';
import type { Activite, Structure, Utilisateur } from './contract';
import {
  LACOOP_SOURCE,
  mapActivite,
  mapUtilisateur,
  structureRow,
  type ActivityRow,
  type PersonRow,
  type StructureRef,
} from './mapping';

export interface LacoopSyncOptions {
  /** Ignore the checkpoints: fetch everything again (upserts change only what differs). */
  full?: boolean;
  /** The next run asks for changes since this run's start minus this margin (clock skew, late commits). */
  overlapMs?: number;
  /** Rejections listed in the report (all are counted, and all are kept in lacoop_sync_rejection). */
  listRejections?: number;
  /** Progress lines; never given a credential. */
  log?: (line: string) => void;
}

export interface Rejection {
  resource: string;
  upstreamId: string;
  reason: string;
}

export interface ResourceCounts {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Deleted in the hub: deleted upstream (`suppression`), or now unmappable. */
  deleted: number;
  rejected: number;
  /** Outside the hub's territory (another département) or not a mediator: skipped, not an error. */
  skipped: number;
}

/** What one run did: counts per resource and the records kept out, with their reason. */
export interface LacoopSyncReport {
  startedAt: string;
  finishedAt: string;
  /** The activities phase picked up an interrupted run at its stored cursor. */
  resumed: boolean;
  /** `filter[modification][depuis]` of the activities phase (null: everything). */
  activitiesSince: string | null;
  pages: number;
  requests: number;
  structures: ResourceCounts;
  people: ResourceCounts;
  activities: ResourceCounts;
  rejectionsByReason: Record<string, number>;
  rejections: Rejection[];
}

const LEASE_SECONDS = 120;
const counts = (): ResourceCounts => ({
  fetched: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  deleted: 0,
  rejected: 0,
  skipped: 0,
});

type Rows<T> = T[] | T[][];
/** PGlite may answer a statement as a list of results. */
const flat = <T>(rows: Rows<T>): T[] => (rows as unknown[]).flat() as T[];

/**
 * Pulls La Coop into the people subgraph: structures (incremental), users (all, few), activities
 * (incremental). Each page is written in ONE transaction together with its checkpoint (the next cursor),
 * so a crash loses at most the page in flight and the next run resumes at the stored cursor. A lease row
 * keeps two runs (CLI, scheduler, replicas) from interleaving.
 */
export async function syncLacoop(
  orm: MikroORM,
  client: LacoopClient,
  options: LacoopSyncOptions = {},
): Promise<LacoopSyncReport> {
  const em = orm.em.fork() as EntityManager;
  const log = options.log ?? (() => {});
  const report: LacoopSyncReport = {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    resumed: false,
    activitiesSince: null,
    pages: 0,
    requests: 0,
    structures: counts(),
    people: counts(),
    activities: counts(),
    rejectionsByReason: {},
    rejections: [],
  };
  const requestsBefore = client.requests;
  const reject = (resource: keyof LacoopSyncReport & ('people' | 'activities'), r: Rejection) => {
    report[resource].rejected++;
    const reason = r.reason.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '…').replace(/"[^"]*"/g, '"…"');
    report.rejectionsByReason[reason] = (report.rejectionsByReason[reason] ?? 0) + 1;
    if (report.rejections.length < (options.listRejections ?? 100)) report.rejections.push(r);
  };
  await acquireLease(em);
  try {
    // 1. Structures: where activities took place, and the employers that place people on the territory.
    await incremental(
      em,
      'structures',
      options,
      report,
      log,
      (since, after) => client.structures({ since, after }),
      async (tx, items: Structure[]) => {
        report.structures.fetched += items.length;
        const fetchedAt = new Date().toISOString();
        const rows = items.map(structureRow).map((r) => ({
          id: r.id,
          name: r.name,
          siret: r.siret,
          insee_code: r.inseeCode,
          postal_code: r.postalCode,
          commune: r.commune,
          deleted_at: r.deletedAt,
          modified_at: r.modifiedAt,
          fetched_at: fetchedAt,
        }));
        if (rows.length === 0) return;
        const columns = Object.keys(rows[0]);
        const compared = ['name', 'siret', 'insee_code', 'postal_code', 'commune', 'deleted_at'];
        const written = flat<{ inserted: boolean }>(
          await tx.execute(
            `insert into lacoop_structure (${columns.join(', ')})
             select ${columns.join(', ')} from json_populate_recordset(null::lacoop_structure, ?::json)
             on conflict (id) do update set ${columns
               .slice(1)
               .map((c) => `${c} = excluded.${c}`)
               .join(', ')}
             where (${compared.map((c) => `lacoop_structure.${c}`).join(', ')})
               is distinct from (${compared.map((c) => `excluded.${c}`).join(', ')})
             returning (xmax = 0) as inserted`,
            [JSON.stringify(rows)],
          ),
        );
        tally(report.structures, rows.length, written);
      },
    );
    const structures = await loadStructures(em);

    // 2. Users: the API has no modification filter for them, so every run lists them all (one page each).
    // Users known and unchanged since they were fetched cost no statement: a national list stays cheap.
    const known = options.full ? new Map<string, number>() : await loadKnownPeople(em);
    let after: string | null = null;
    do {
      const page: Page<Utilisateur> = await client.utilisateurs({ after });
      report.pages++;
      await em.transactional(async (tx) => {
        await renewLease(tx);
        for (const user of page.items) await upsertPerson(tx, user, structures, known, report, reject);
      });
      after = page.next;
    } while (after);
    const mediators = await loadMediators(em);

    // 3. Activities, incremental and resumable.
    await incremental(
      em,
      'activites',
      options,
      report,
      log,
      (since, after) => client.activites({ since, after }),
      async (tx, items: Activite[]) => {
        report.activities.fetched += items.length;
        const rows: ActivityRow[] = [];
        const removed: string[] = [];
        const rejected: Rejection[] = [];
        for (const item of items) {
          if (item.attributes?.suppression) {
            removed.push(item.id);
            continue;
          }
          const mapped = mapActivite(item, mediators, structures);
          if (mapped.ok) rows.push(mapped.value);
          else if (mapped.outOfScope) {
            report.activities.skipped++;
            removed.push(item.id);
          } else {
            rejected.push({
              resource: 'activites',
              upstreamId: String(item.id).slice(0, 64),
              reason: mapped.reason,
            });
            removed.push(item.id);
          }
        }
        for (const r of rejected) reject('activities', r);
        if (removed.length > 0) {
          const deleted = flat(
            await tx.execute(
              `delete from activity where source = ? and upstream_id = any(?::text[]) returning 1`,
              [LACOOP_SOURCE, pgTextArray(removed)],
            ),
          );
          report.activities.deleted += deleted.length;
        }
        await recordRejections(
          tx,
          'activites',
          rejected,
          rows.map((r) => r.upstreamId),
        );
        if (rows.length > 0) tally(report.activities, rows.length, await upsertActivities(tx, rows));
      },
    );
  } finally {
    await releaseLease(em);
  }
  report.requests = client.requests - requestsBefore;
  report.finishedAt = new Date().toISOString();
  return report;
}

function tally(counts: ResourceCounts, sent: number, written: { inserted: boolean }[]): void {
  const created = written.filter((w) => w.inserted).length;
  counts.created += created;
  counts.updated += written.length - created;
  counts.unchanged += sent - written.length;
}

/**
 * The checkpointed loop of one resource: asks for what changed since the last completed run, page by page,
 * each page and its cursor committed together; a run found in progress is resumed at its cursor.
 */
async function incremental<T>(
  em: EntityManager,
  resource: string,
  options: LacoopSyncOptions,
  report: LacoopSyncReport,
  log: (line: string) => void,
  fetch: (since: string | null, after: string | null) => Promise<Page<T>>,
  write: (tx: EntityManager, items: T[]) => Promise<void>,
): Promise<void> {
  await em.execute(`insert into lacoop_sync_state (resource) values (?) on conflict do nothing`, [resource]);
  if (options.full)
    await em.execute(
      `update lacoop_sync_state set since = null, cursor = null, run_since = null, run_started_at = null, pages = 0
       where resource = ?`,
      [resource],
    );
  const [state] = flat<{
    since: Date | null;
    run_since: Date | null;
    run_started_at: Date | null;
    cursor: string | null;
  }>(
    await em.execute(
      `select since, run_since, run_started_at, cursor from lacoop_sync_state where resource = ?`,
      [resource],
    ),
  );
  let runSince: Date | null;
  let runStartedAt: Date;
  let cursor: string | null = null;
  if (state.run_started_at) {
    runSince = state.run_since;
    runStartedAt = new Date(state.run_started_at);
    cursor = state.cursor;
    if (resource === 'activites') report.resumed = true;
    log(
      `lacoop ${resource}: resuming the run of ${runStartedAt.toISOString()} at ${cursor ? 'its cursor' : 'its start'}`,
    );
  } else {
    runSince = state.since;
    runStartedAt = new Date();
    await em.execute(
      `update lacoop_sync_state set run_since = ?, run_started_at = ?, cursor = null, pages = 0 where resource = ?`,
      [runSince, runStartedAt, resource],
    );
  }
  if (resource === 'activites') report.activitiesSince = runSince ? new Date(runSince).toISOString() : null;
  const since = runSince ? new Date(runSince).toISOString() : null;
  const overlap = options.overlapMs ?? 5 * 60_000;
  for (;;) {
    const page = await fetch(since, cursor);
    report.pages++;
    await em.transactional(async (tx) => {
      await renewLease(tx);
      await write(tx, page.items);
      if (page.next)
        await tx.execute(`update lacoop_sync_state set cursor = ?, pages = pages + 1 where resource = ?`, [
          page.next,
          resource,
        ]);
      else
        await tx.execute(
          `update lacoop_sync_state set since = ?, cursor = null, run_since = null, run_started_at = null,
             pages = pages + 1, completed_at = now() where resource = ?`,
          [new Date(runStartedAt.getTime() - overlap), resource],
        );
    });
    if (!page.next) return;
    cursor = page.next;
  }
}

async function loadStructures(em: EntityManager): Promise<Map<string, StructureRef>> {
  const rows = flat<{ id: string; insee_code: string | null; place_id: string | null }>(
    await em.execute(`select id, insee_code, place_id from lacoop_structure where deleted_at is null`),
  );
  return new Map(rows.map((r) => [r.id, { inseeCode: r.insee_code, placeId: r.place_id }]));
}

/** La Coop id → when the hub last wrote that person (ms). */
async function loadKnownPeople(em: EntityManager): Promise<Map<string, number>> {
  const rows = flat<{ upstream_id: string; fetched_at: Date | string }>(
    await em.execute(`select upstream_id, fetched_at from person where source = ?`, [LACOOP_SOURCE]),
  );
  return new Map(rows.map((r) => [r.upstream_id, new Date(r.fetched_at).getTime()]));
}

async function loadMediators(em: EntityManager): Promise<Map<string, string>> {
  const rows = flat<{ id: string; person_id: string }>(
    await em.execute(`select id, person_id from lacoop_mediator`),
  );
  return new Map(rows.map((r) => [r.id, r.person_id]));
}

/**
 * One user: matched by its La Coop id, else by e-mail (a person the hub already knew, who now gets the
 * provenance); deleted upstream → their personal data (last name, e-mail, phone) is erased in the hub,
 * the person and their anonymous reports stay.
 */
async function upsertPerson(
  tx: EntityManager,
  user: Utilisateur,
  structures: Map<string, StructureRef>,
  known: Map<string, number>,
  report: LacoopSyncReport,
  reject: (resource: 'people', r: Rejection) => void,
): Promise<void> {
  report.people.fetched++;
  const upstreamId = String(user.id).slice(0, 64);
  const fetchedAt = known.get(upstreamId);
  const modified = Date.parse(user.attributes?.modification ?? '');
  if (fetchedAt !== undefined && !user.attributes?.suppression && modified < fetchedAt) {
    report.people.unchanged++;
    return;
  }
  const [existing] = flat<{ id: string; first_name: string; last_name: string; email: string | null }>(
    await tx.execute(
      `select id, first_name, last_name, email from person where source = ? and upstream_id = ?`,
      [LACOOP_SOURCE, upstreamId],
    ),
  );
  if (user.attributes?.suppression) {
    if (existing && (existing.email !== null || existing.last_name !== '-')) {
      await tx.execute(
        `update person set last_name = '-', email = null, phone = null, search_text = ?, fetched_at = now(),
           updated_at = now() where id = ?`,
        [foldForSearch(`${existing.first_name} -`), existing.id],
      );
      report.people.deleted++;
    } else report.people.skipped++;
    return;
  }
  const mapped = mapUtilisateur(user, structures);
  if (mapped === null) {
    report.people.skipped++;
    return;
  }
  if (!mapped.ok) {
    if (mapped.outOfScope) {
      report.people.skipped++;
      return;
    }
    const rejection = { resource: 'utilisateurs', upstreamId, reason: mapped.reason };
    reject('people', rejection);
    await recordRejections(tx, 'utilisateurs', [rejection], []);
    return;
  }
  const p: PersonRow = mapped.value;
  let id = existing?.id;
  if (!id && p.email) {
    const [byEmail] = flat<{ id: string }>(
      await tx.execute(`select id from person where lower(email) = lower(?) and upstream_id is null`, [
        p.email,
      ]),
    );
    id = byEmail?.id;
  }
  const values = [
    p.role,
    p.firstName,
    p.lastName,
    p.email,
    p.phone,
    p.inseeCode,
    foldForSearch(`${p.firstName} ${p.lastName}`),
  ];
  if (!id) {
    id = randomUUID();
    await tx.execute(
      `insert into person (id, role, first_name, last_name, email, phone, insee_code, search_text, source, upstream_id,
         fetched_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?, now())`,
      [id, ...values, LACOOP_SOURCE, upstreamId, p.createdAt],
    );
    report.people.created++;
  } else {
    const changed = flat(
      await tx.execute(
        `update person set role = ?, first_name = ?, last_name = ?, email = ?, phone = ?, insee_code = ?, search_text = ?,
           source = ?, upstream_id = ?, fetched_at = now(), updated_at = now()
         where id = ? and (role, first_name, last_name, email, phone, insee_code, source, upstream_id)
           is distinct from (?, ?, ?, ?, ?, ?, ?, ?) returning 1`,
        [...values, LACOOP_SOURCE, upstreamId, id, ...values.slice(0, 6), LACOOP_SOURCE, upstreamId],
      ),
    );
    if (changed.length > 0) report.people.updated++;
    else report.people.unchanged++;
  }
  if (p.mediatorId)
    await tx.execute(
      `insert into lacoop_mediator (id, person_id) values (?, ?) on conflict (id) do update set person_id = excluded.person_id
       where lacoop_mediator.person_id <> excluded.person_id`,
      [p.mediatorId, id],
    );
  await recordRejections(tx, 'utilisateurs', [], [upstreamId]);
}

/** Keeps the current rejections: new ones upserted, those now imported forgotten. */
async function recordRejections(
  tx: EntityManager,
  resource: string,
  rejected: Rejection[],
  accepted: string[],
) {
  if (rejected.length > 0)
    await tx.execute(
      `insert into lacoop_sync_rejection (resource, upstream_id, reason, seen_at)
       select ?, r."upstreamId", r.reason, now() from json_to_recordset(?::json) as r("upstreamId" text, reason text)
       on conflict (resource, upstream_id) do update set reason = excluded.reason, seen_at = excluded.seen_at`,
      [resource, JSON.stringify(rejected)],
    );
  if (accepted.length > 0)
    await tx.execute(
      `delete from lacoop_sync_rejection where resource = ? and upstream_id = any(?::text[])`,
      [resource, pgTextArray(accepted)],
    );
}

const ACTIVITY_COLUMNS = [
  'person_id',
  'location_type',
  'place_id',
  'upstream_structure_id',
  'insee_code',
  'date',
  'type',
  'duration_minutes',
  'themes',
  'participants_count',
  'equipment',
  'autonomy',
  'workshop_level',
  'participant_insee_code',
];

/** One statement per page: insert new reports, update those that differ, leave identical ones untouched. */
async function upsertActivities(tx: EntityManager, rows: ActivityRow[]): Promise<{ inserted: boolean }[]> {
  const now = new Date().toISOString();
  const json = rows.map((r) => ({
    id: randomUUID(),
    person_id: r.personId,
    location_type: r.locationType,
    place_id: r.placeId,
    upstream_structure_id: r.upstreamStructureId,
    insee_code: r.inseeCode,
    date: r.date,
    type: r.type,
    duration_minutes: r.durationMinutes,
    themes: r.themes,
    participants_count: r.participantsCount,
    equipment: r.equipment,
    autonomy: r.autonomy,
    workshop_level: r.workshopLevel,
    participant_insee_code: r.participantInseeCode,
    source: LACOOP_SOURCE,
    upstream_id: r.upstreamId,
    fetched_at: now,
    created_at: r.createdAt.toISOString(),
    updated_at: now,
  }));
  const all = [
    'id',
    ...ACTIVITY_COLUMNS,
    'source',
    'upstream_id',
    'fetched_at',
    'created_at',
    'updated_at',
  ].join(', ');
  const mine = ACTIVITY_COLUMNS.map((c) => `activity.${c}`).join(', ');
  const theirs = ACTIVITY_COLUMNS.map((c) => `excluded.${c}`).join(', ');
  return flat(
    await tx.execute(
      `insert into activity (${all}) select ${all} from json_populate_recordset(null::activity, ?::json)
       on conflict (source, upstream_id) where upstream_id is not null do update set
         ${ACTIVITY_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')},
         fetched_at = excluded.fetched_at, updated_at = excluded.updated_at
       where (${mine}) is distinct from (${theirs})
       returning (xmax = 0) as inserted`,
      [JSON.stringify(json)],
    ),
  );
}

async function acquireLease(em: EntityManager): Promise<void> {
  await em.execute(`insert into lacoop_sync_state (resource) values ('lease') on conflict do nothing`);
  const got = flat(
    await em.execute(
      `update lacoop_sync_state set lease_until = now() + interval '${LEASE_SECONDS} seconds'
       where resource = 'lease' and (lease_until is null or lease_until < now()) returning 1`,
    ),
  );
  if (got.length === 0) throw new Error('another La Coop sync is running (lease held); try again later');
}

async function renewLease(tx: EntityManager): Promise<void> {
  await tx.execute(
    `update lacoop_sync_state set lease_until = now() + interval '${LEASE_SECONDS} seconds' where resource = 'lease'`,
  );
}

async function releaseLease(em: EntityManager): Promise<void> {
  await em.execute(`update lacoop_sync_state set lease_until = null where resource = 'lease'`);
}
