import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { INDICATOR_ID, INDICATOR_ROW_ID, type Figures } from '../../shared/indicator';
import { executeNamed } from '../../shared/sql';
import { territoryReference } from '../../shared/territory';
import {
  ratio,
  sumOf,
  TERRITORY_COMMUNES,
  type TerritoryIndicator,
  type TerritoryRow,
} from '../../shared/territory-indicator';
import { PlaceKind } from '../place/place.enums';

@ObjectType({ description: 'Places of one kind in a territory.' })
export class PlaceKindCount {
  @Field(() => ID, { description: INDICATOR_ROW_ID })
  id!: string;

  @Field(() => PlaceKind, { description: 'The map kind these places are shown as.' })
  kind!: PlaceKind;

  @Field(() => Int, { description: 'Places of this kind recorded by the end of the period (at least 1).' })
  count!: number;
}

/** The figures of the places of a territory or of an organization, at the end of a period. */
@ObjectType({
  description: 'The places figures of a territory or of an organization at the end of a period.',
})
export class PlaceCounts {
  @Field(() => ID, { description: INDICATOR_ID })
  id!: string;

  @Field(() => Int, { description: 'Places recorded by the end of the period.' })
  places!: number;

  @Field(() => Int, { description: 'Of which accept the Pass numérique.' })
  acceptingPassNumerique!: number;

  @Field(() => Int, { description: 'Of which with data updated (date_maj) during the period.' })
  updatedDuringPeriod!: number;

  @Field(() => Int, {
    description: 'Of which to check: date_maj 12 to 18 months before the end of the period.',
  })
  toCheck!: number;

  @Field(() => Int, {
    description: 'Of which to update: date_maj over 18 months before the end of the period.',
  })
  toUpdate!: number;
}

@ObjectType({
  description: 'Places indicators of a territory at the end of a period (FNE table, places columns).',
})
export class PlaceStats extends PlaceCounts {
  @Field(() => Float, {
    nullable: true,
    description:
      'Inhabitants (population municipale, INSEE) of the territory per place recorded, to the tenth; null when none.',
  })
  inhabitantsPerPlace!: number | null;

  @Field(() => [PlaceKindCount], {
    description:
      'The places recorded, per map kind, most numerous first; kinds without a place are left out.',
  })
  byKind!: PlaceKindCount[];
}

interface Row extends TerritoryRow {
  kind: PlaceKind;
  places: string;
  pass: string;
  updated: string;
  to_check: string;
  to_update: string;
}

/** Places recorded by the end of the period, per territory and kind. */
export const placeStatsIndicator: TerritoryIndicator<Row, Figures<PlaceStats>> = {
  query: (em, batch, { from, to }) =>
    executeNamed<Row>(
      em,
      `select tc.territory, p.kind,
         count(*) as places,
         count(*) filter (where p.accepts_pass_numerique) as pass,
         count(*) filter (where p.updated_on between :from::date and :to::date) as updated,
         count(*) filter (where p.updated_on <= :to::date - interval '12 months' and p.updated_on >= :to::date - interval '18 months') as to_check,
         count(*) filter (where p.updated_on < :to::date - interval '18 months') as to_update
       from place p join ${TERRITORY_COMMUNES} on tc.insee_code = p.insee_code
       where p.created_at < :to::date + interval '1 day'
       group by tc.territory, p.kind`,
      { ...batch, from, to },
    ),
  summarize(rows, _period, communes) {
    const byKind = new Map<PlaceKind, number>();
    for (const r of rows) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + Number(r.places));
    const places = sumOf(rows, (r) => r.places);
    return {
      places,
      inhabitantsPerPlace: ratio(territoryReference().populationOf(communes), places),
      acceptingPassNumerique: sumOf(rows, (r) => r.pass),
      updatedDuringPeriod: sumOf(rows, (r) => r.updated),
      toCheck: sumOf(rows, (r) => r.to_check),
      toUpdate: sumOf(rows, (r) => r.to_update),
      byKind: [...byKind.entries()]
        .map(([kind, count]) => ({ kind, count }))
        .sort((a, b) => b.count - a.count),
    };
  },
};
