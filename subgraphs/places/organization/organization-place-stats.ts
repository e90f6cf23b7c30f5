import { Field, ObjectType } from 'type-graphql';
import type { Figures } from '../../shared/indicator';
import {
  organizationStatsResolver,
  type OrganizationIndicator,
  type OrganizationPeriodRow,
} from '../../shared/organization-stats.resolver';
import { sumOf } from '../../shared/territory-indicator';
import type { PlacesContext } from '../context';
import type { PlaceKind } from '../place/place.enums';
import { PlaceCounts, PlaceKindCount } from '../territory/place-stats';
import { Organization } from './organization.entity';

@ObjectType({
  description:
    "The places an organization runs, at the end of a period (partner dashboard): the same figures as a territory's placeStats.",
})
export class OrganizationPlaceStats extends PlaceCounts {
  @Field(() => [PlaceKindCount], { description: 'Its places by kind, most first.' })
  byKind!: PlaceKindCount[];
}

interface Row extends OrganizationPeriodRow {
  kind: PlaceKind;
  places: string;
  pass: string;
  updated: string;
  to_check: string;
  to_update: string;
}

/** An organization's places at the end of each period, per kind (the placeStats SQL, by organization). */
export const organizationPlaceIndicator: OrganizationIndicator<Row, Figures<OrganizationPlaceStats>> = {
  // One index range by organization whatever its size: generic, planned once per connection.
  plan: 'generic',
  sql: `select p.organization_id as org, per.f as "from", per.t as "to", p.kind,
      count(*) as places,
      count(*) filter (where p.accepts_pass_numerique) as pass,
      count(*) filter (where p.updated_on between per.f and per.t) as updated,
      count(*) filter (where p.updated_on <= per.t - interval '12 months' and p.updated_on >= per.t - interval '18 months') as to_check,
      count(*) filter (where p.updated_on < per.t - interval '18 months') as to_update
    from place p join per on p.created_at < per.next_day
    where p.organization_id = any(:orgs::uuid[])
    group by p.organization_id, per.f, per.t, p.kind`,
  summarize(rows) {
    return {
      places: sumOf(rows, (r) => r.places),
      acceptingPassNumerique: sumOf(rows, (r) => r.pass),
      updatedDuringPeriod: sumOf(rows, (r) => r.updated),
      toCheck: sumOf(rows, (r) => r.to_check),
      toUpdate: sumOf(rows, (r) => r.to_update),
      byKind: rows
        .map((r) => ({ kind: r.kind, count: Number(r.places) }))
        .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
    };
  },
};

/** Partner dashboard: the places an organization runs, at the end of a period and by month. */
export const OrganizationPlaceStatsResolver = organizationStatsResolver<
  OrganizationPlaceStats,
  PlacesContext
>(Organization, {
  field: 'placeStats',
  type: OrganizationPlaceStats,
  description:
    'The places it runs at the end of a period (partner dashboard): count, Pass numérique, freshness (to check, to update), by kind.',
  loader: (ctx) => ctx.loaders.organizationPlaces,
  rows: { byKind: 'kind' },
  what: 'dashboard figures',
});
