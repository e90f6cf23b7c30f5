import type { EntityManager } from '@mikro-orm/postgresql';
import { InputProblems } from '../../../shared/errors';
import { INSEE_CODE_PATTERN } from '../../../shared/scalars';
import { checkNear } from '../../../shared/geography';
import type { PlaceFilter } from '../place.filter';

/** Checks a filter's values; unknown INSEE codes and EPCI SIRENs are looked up in one query each. */
export async function validatePlaceFilter(em: EntityManager, filter: PlaceFilter | undefined): Promise<void> {
  if (!filter) return;
  const problems = new InputProblems();
  const { bbox, near } = filter;
  const lat = (v: number, field: string) =>
    problems.check(Number.isFinite(v) && v >= -90 && v <= 90, field, 'latitude must be between -90 and 90');
  const lon = (v: number, field: string) =>
    problems.check(
      Number.isFinite(v) && v >= -180 && v <= 180,
      field,
      'longitude must be between -180 and 180',
    );
  if (bbox) {
    lat(bbox.south, 'filter.bbox.south');
    lat(bbox.north, 'filter.bbox.north');
    lon(bbox.west, 'filter.bbox.west');
    lon(bbox.east, 'filter.bbox.east');
    problems.check(bbox.south <= bbox.north, 'filter.bbox', 'south must not be above north');
    problems.check(
      bbox.west <= bbox.east,
      'filter.bbox',
      'west must not be east of east (boxes across the antimeridian are not supported)',
    );
  }
  if (near) checkNear(problems, near);
  if (filter.text !== undefined)
    problems.check(filter.text.length <= 200, 'filter.text', 'at most 200 characters');
  if (filter.openAt !== undefined)
    problems.check(!Number.isNaN(filter.openAt.getTime()), 'filter.openAt', 'not a valid instant');
  const badInsee = (filter.inseeCodes ?? []).filter((c) => !INSEE_CODE_PATTERN.test(c));
  problems.check(badInsee.length === 0, 'filter.inseeCodes', `not INSEE codes: ${badInsee.join(', ')}`);
  const badSiren = (filter.epciSirens ?? []).filter((c) => !/^\d{9}$/.test(c));
  problems.check(badSiren.length === 0, 'filter.epciSirens', `not SIRENs: ${badSiren.join(', ')}`);
  problems.throwIfAny();

  const knex = em.getKnex();
  if (filter.inseeCodes?.length) {
    const found = await em.execute<{ insee_code: string }[]>(
      knex('commune').select('insee_code').whereIn('insee_code', filter.inseeCodes),
    );
    const known = new Set(found.map((r) => r.insee_code));
    const unknown = filter.inseeCodes.filter((c) => !known.has(c));
    problems.check(unknown.length === 0, 'filter.inseeCodes', `unknown communes: ${unknown.join(', ')}`);
  }
  if (filter.epciSirens?.length) {
    const found = await em.execute<{ siren: string }[]>(
      knex('epci').select('siren').whereIn('siren', filter.epciSirens),
    );
    const known = new Set(found.map((r) => r.siren));
    const unknown = filter.epciSirens.filter((c) => !known.has(c));
    problems.check(unknown.length === 0, 'filter.epciSirens', `unknown EPCIs: ${unknown.join(', ')}`);
  }
  problems.throwIfAny();
}
