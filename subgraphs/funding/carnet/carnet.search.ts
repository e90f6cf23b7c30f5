import type { Knex } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageRequest } from '../../shared/connection';
import { InputProblems } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { territoryReference } from '../../shared/territory';
import { isoDate } from '../ledger-dates';
import { Pass } from '../pass/pass.entity';
import { Carnet } from './carnet.entity';
import type { PassFilter } from './carnet.input';
import { mapRow } from '../rows';

/** Checks a filter: ids are UUIDs, territories exist, the period is in order. */
export function checkPassFilter(filter: PassFilter | undefined): void {
  if (!filter) return;
  const problems = new InputProblems();
  const reference = territoryReference();
  if (filter.prescriberIds?.some((id) => !UUID_PATTERN.test(id)))
    problems.add('filter.prescriberIds', 'not organization ids');
  if (filter.programId != null && !UUID_PATTERN.test(filter.programId))
    problems.add('filter.programId', 'not a programme id');
  const badCommunes = (filter.inseeCodes ?? []).filter((c) => !reference.isCommune(c));
  if (badCommunes.length) problems.add('filter.inseeCodes', `unknown communes: ${badCommunes.join(', ')}`);
  const badEpcis = (filter.epciSirens ?? []).filter((s) => !reference.isEpci(s));
  if (badEpcis.length) problems.add('filter.epciSirens', `unknown EPCIs: ${badEpcis.join(', ')}`);
  if (filter.issuedFrom && filter.issuedTo && filter.issuedFrom > filter.issuedTo)
    problems.add('filter.issuedFrom', 'must not be after issuedTo');
  problems.throwIfAny();
}

/** The filter's conditions on carnet `c` (and pass `p` for statuses, when `withPass`). */
function applyFilter(qb: Knex.QueryBuilder, filter: PassFilter | undefined, withPass: boolean): void {
  if (!filter) return;
  if (filter.prescriberIds?.length)
    qb.whereIn(
      'c.prescriber_id',
      filter.prescriberIds.map((id) => id.toLowerCase()),
    );
  if (filter.programId) qb.where('c.program_id', filter.programId.toLowerCase());
  if (filter.issuedFrom) qb.where('c.issued_on', '>=', isoDate(filter.issuedFrom));
  if (filter.issuedTo) qb.where('c.issued_on', '<=', isoDate(filter.issuedTo));
  const communes = new Set(filter.inseeCodes ?? []);
  if (filter.epciSirens?.length) {
    const inEpcis = filter.epciSirens.flatMap((s) => territoryReference().communesOf('epci', s));
    // Both filters given: the communes in both.
    const scope = filter.inseeCodes?.length ? inEpcis.filter((c) => communes.has(c)) : inEpcis;
    qb.whereIn('c.beneficiary_insee_code', scope.length ? scope : ['']);
  } else if (communes.size) qb.whereIn('c.beneficiary_insee_code', [...communes]);
  if (withPass && filter.statuses?.length) qb.whereIn('p.status', filter.statuses);
}

/** Carnets matching a filter, latest issued first: one page query and one count. */
export async function searchCarnets(em: EntityManager, filter: PassFilter | undefined, page: PageRequest) {
  const knex = em.getKnex();
  const base = knex('carnet as c');
  applyFilter(base, filter, false);
  const rowsQuery = base
    .clone()
    .select('c.*')
    .orderBy([
      { column: 'c.issued_on', order: 'desc' },
      { column: 'c.id', order: 'asc' },
    ]);
  const after = page.after as [string, string] | null;
  if (after)
    rowsQuery.where((w) =>
      w
        .where('c.issued_on', '<', after[0])
        .orWhere((x) => x.where('c.issued_on', after[0]).where('c.id', '>', after[1])),
    );
  const [rows, [{ n }]] = await Promise.all([
    em.execute<Record<string, unknown>[]>(rowsQuery.limit(page.first + 1)),
    em.execute<{ n: string }[]>(base.clone().count({ n: '*' })),
  ]);
  return { rows: rows.map((row) => mapRow(em, Carnet, row)), totalCount: Number(n) };
}

/** Passes matching a filter, latest issued first: one page query and one count. */
export async function searchPasses(em: EntityManager, filter: PassFilter | undefined, page: PageRequest) {
  const knex = em.getKnex();
  const base = knex('pass as p').join('carnet as c', 'c.id', 'p.carnet_id');
  applyFilter(base, filter, true);
  const rowsQuery = base
    .clone()
    .select('p.*')
    .orderBy([
      { column: 'p.issued_on', order: 'desc' },
      { column: 'p.id', order: 'asc' },
    ]);
  const after = page.after as [string, string] | null;
  if (after)
    rowsQuery.where((w) =>
      w
        .where('p.issued_on', '<', after[0])
        .orWhere((x) => x.where('p.issued_on', after[0]).where('p.id', '>', after[1])),
    );
  const [rows, [{ n }]] = await Promise.all([
    em.execute<Record<string, unknown>[]>(rowsQuery.limit(page.first + 1)),
    em.execute<{ n: string }[]>(base.clone().count({ n: '*' })),
  ]);
  return { rows: rows.map((row) => mapRow(em, Pass, row)), totalCount: Number(n) };
}
