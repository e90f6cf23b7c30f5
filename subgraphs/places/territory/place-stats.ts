import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { INDICATOR_ID, INDICATOR_ROW_ID, type Figures } from '../../shared/indicator';
import type { Period } from '../../shared/period';
import { pgTextArray } from '../../shared/sql';
import { PlaceKind } from '../place/place.enums';

@ObjectType({ description: 'Places of one kind in a territory.' })
export class PlaceKindCount {
  @Field(() => ID, { description: INDICATOR_ROW_ID })
  id!: string;

  @Field(() => PlaceKind)
  kind!: PlaceKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType({
  description: 'Places indicators of a territory at the end of a period (FNE table, places columns).',
})
export class PlaceStats {
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

  @Field(() => [PlaceKindCount])
  byKind!: PlaceKindCount[];
}

export type TerritoryLevel = 'commune' | 'epci' | 'departement';

const LEVEL_COLUMN: Record<TerritoryLevel, string> = {
  commune: 'c.insee_code',
  epci: 'c.epci_siren',
  departement: 'c.departement_code',
};

export interface PlaceStatsKey extends Period {
  level: TerritoryLevel;
  code: string;
}

/** One SQL aggregate per (level, period) in a batch of territories, never one per territory. */
export function createPlaceStatsLoader(
  em: EntityManager,
): DataLoader<PlaceStatsKey, Figures<PlaceStats>, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, PlaceStatsKey[]>();
      for (const key of keys) {
        const group = `${key.level}|${key.from}|${key.to}`;
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const results = new Map<string, Figures<PlaceStats>>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { level, from, to } = group[0];
          const codes = [...new Set(group.map((k) => k.code))];
          const column = LEVEL_COLUMN[level];
          const rows = await em.execute<
            {
              code: string;
              kind: PlaceKind;
              places: string;
              pass: string;
              updated: string;
              to_check: string;
              to_update: string;
            }[]
          >(
            `select ${column} as code, p.kind,
               count(*) as places,
               count(*) filter (where p.accepts_pass_numerique) as pass,
               count(*) filter (where p.updated_on between ?::date and ?::date) as updated,
               count(*) filter (where p.updated_on <= ?::date - interval '12 months' and p.updated_on >= ?::date - interval '18 months') as to_check,
               count(*) filter (where p.updated_on < ?::date - interval '18 months') as to_update
             from place p join commune c on c.insee_code = p.insee_code
             where ${column} = any(?::text[]) and p.created_at < ?::date + interval '1 day'
             group by ${column}, p.kind`,
            [from, to, to, to, to, pgTextArray(codes), to],
          );
          for (const code of codes) {
            const mine = rows.filter((r) => r.code === code);
            const sum = (f: (r: (typeof rows)[number]) => string) =>
              mine.reduce((acc, r) => acc + Number(f(r)), 0);
            results.set(`${level}|${code}|${from}|${to}`, {
              places: sum((r) => r.places),
              acceptingPassNumerique: sum((r) => r.pass),
              updatedDuringPeriod: sum((r) => r.updated),
              toCheck: sum((r) => r.to_check),
              toUpdate: sum((r) => r.to_update),
              byKind: mine
                .map((r) => ({ kind: r.kind, count: Number(r.places) }))
                .sort((a, b) => b.count - a.count),
            });
          }
        }),
      );
      return keys.map((k) => results.get(`${k.level}|${k.code}|${k.from}|${k.to}`)!);
    },
    { cacheKeyFn: (k) => `${k.level}|${k.code}|${k.from}|${k.to}` },
  );
}
