import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';
import type { PageRequest } from '../../shared/connection';
import { maxPageSize } from '../../../common/config';
import { badUserInput, InputProblems } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { pgTextArray } from '../../shared/sql';
import { territoryReference } from '../../shared/territory';
import { TrainingSession } from './training-session.entity';
import { checkNear, whereNear } from '../../shared/geography';
import type { TrainingSessionFilter } from './training-session.input';

/** `first` of a plain list field: 0 to MAX_PAGE_SIZE, like a connection's. */
export function checkListSize(first: number): void {
  const max = maxPageSize();
  if (!Number.isInteger(first) || first < 0 || first > max)
    throw badUserInput('first', `must be between 0 and ${max}`);
}

/** Checks a sessions filter; territory codes against the public reference. */
export function validateSessionFilter(filter: TrainingSessionFilter | undefined): void {
  if (!filter) return;
  const problems = new InputProblems();
  const reference = territoryReference();
  for (const field of ['offerIds', 'placeIds', 'trainerIds'] as const) {
    const bad = (filter[field] ?? []).filter((id) => !UUID_PATTERN.test(id));
    problems.check(bad.length === 0, `filter.${field}`, `not ids: ${bad.join(', ')}`);
  }
  const badInsee = (filter.inseeCodes ?? []).filter((c) => !reference.isCommune(c));
  problems.check(badInsee.length === 0, 'filter.inseeCodes', `unknown communes: ${badInsee.join(', ')}`);
  const badSiren = (filter.epciSirens ?? []).filter((c) => !reference.isEpci(c));
  problems.check(badSiren.length === 0, 'filter.epciSirens', `unknown EPCIs: ${badSiren.join(', ')}`);
  if (filter.from && filter.to) problems.check(filter.from < filter.to, 'filter.to', 'must be after `from`');
  if (filter.near) checkNear(problems, filter.near);
  problems.throwIfAny();
}

function applyFilter(knex: Knex, qb: Knex.QueryBuilder, filter: TrainingSessionFilter | undefined): void {
  if (!filter) return;
  if (filter.from) qb.where('s.starts_at', '>=', filter.from);
  if (filter.to) qb.where('s.starts_at', '<', filter.to);
  if (filter.offerIds) qb.whereRaw('s.offer_id = any(?::uuid[])', [pgTextArray(filter.offerIds)]);
  if (filter.placeIds) qb.whereRaw('s.place_id = any(?::uuid[])', [pgTextArray(filter.placeIds)]);
  if (filter.trainerIds) qb.whereRaw('s.trainer_id = any(?::uuid[])', [pgTextArray(filter.trainerIds)]);
  if (filter.inseeCodes) qb.whereRaw('s.insee_code = any(?::text[])', [pgTextArray(filter.inseeCodes)]);
  if (filter.epciSirens) {
    const reference = territoryReference();
    const codes = filter.epciSirens.flatMap((siren) => reference.communesOf('epci', siren));
    qb.whereRaw('s.insee_code = any(?::text[])', [pgTextArray(codes)]);
  }
  if (filter.near) whereNear(knex, qb, 's', filter.near);
  if (filter.hasSeats != null)
    qb.whereRaw(
      filter.hasSeats ? 's.registrations_count < s.capacity' : 's.registrations_count >= s.capacity',
    );
  if (filter.passNumeriqueEligible != null)
    qb.where('o.pass_numerique_eligible', filter.passNumeriqueEligible);
  if (filter.formats) qb.whereIn('o.format', filter.formats);
  if (filter.themes) qb.whereRaw('o.themes && ?::text[]', [pgTextArray(filter.themes)]);
}

/** One page of sessions by start time (keyset on starts_at, id) and the total count, in two statements. */
export async function searchSessions(
  em: EntityManager,
  filter: TrainingSessionFilter | undefined,
  page: PageRequest,
): Promise<{ rows: TrainingSession[]; totalCount: number }> {
  const knex = em.getKnex();
  const base = () => {
    const qb = knex('training_session as s').join('training_offer as o', 'o.id', 's.offer_id');
    applyFilter(knex, qb, filter);
    return qb;
  };
  const pageQuery = base()
    .select('s.*')
    .orderBy([{ column: 's.starts_at' }, { column: 's.id' }])
    .limit(page.first + 1);
  const after = page.after as [string, string] | null;
  if (after) {
    if (
      typeof after[0] !== 'string' ||
      Number.isNaN(Date.parse(after[0])) ||
      !UUID_PATTERN.test(String(after[1]))
    )
      throw badUserInput('after', 'not a cursor returned by this connection');
    pageQuery.whereRaw('(s.starts_at, s.id) > (?::timestamptz, ?::uuid)', [after[0], after[1]]);
  }
  const [rows, count] = await Promise.all([
    em.execute<Record<string, unknown>[]>(pageQuery),
    em.execute<{ count: string }[]>(base().count({ count: '*' })),
  ]);
  return { rows: rows.map((row) => em.map(TrainingSession, row)), totalCount: Number(count[0].count) };
}

export const sessionSortKey = (s: TrainingSession): unknown[] => [s.startsAt.toISOString(), s.id];
