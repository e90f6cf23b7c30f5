import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Period } from './period';
import { pgTextArray } from './sql';
import { territoryReference, type TerritoryLevel } from './territory';
import { groupBy } from '../../common/group-by';

/** One territory (any level) over one period: what every territory indicator is computed for. */
export interface TerritoryStatsKey extends Period {
  level: TerritoryLevel;
  code: string;
}

export const territoryStatsKey = (k: TerritoryStatsKey) => `${k.level}|${k.code}|${k.from}|${k.to}`;

/** A row of an indicator's SQL: figures of one territory of the batch (possibly several rows per territory). */
export interface TerritoryRow {
  /** The territory's key in the batch (`territoryKey`). */
  territory: string;
}

/** A territory's key in a loader batch (one period): its level and code. */
const territoryKey = (k: TerritoryStatsKey) => `${k.level}|${k.code}`;

/**
 * The territories of one loader batch and their communes, as SQL bindings (`:codes` and `:territories`, text
 * arrays) of pairs: commune `codes[i]` belongs to territory `territories[i]` (a commune of several territories of
 * the batch, say an EPCI and its département, comes once per territory). `TERRITORY_COMMUNES` joins them.
 */
export interface TerritoryBatch {
  codes: string;
  territories: string;
}

/**
 * The (insee_code, territory) pairs of a batch, as a relation `tc` for the indicators' SQL (needs the batch as
 * bindings): an indicator joins its rows on `tc.insee_code` and groups by `tc.territory`, so that the database
 * sums each territory's communes and returns a few rows per territory, not per commune.
 */
export const TERRITORY_COMMUNES = 'unnest(:codes::text[], :territories::text[]) as tc(insee_code, territory)';

/**
 * What a subgraph gives to add a territory indicator: the SQL returning rows per territory of a batch (grouped by
 * `tc.territory`, see TERRITORY_COMMUNES) for a period, and the summary of the rows of one territory.
 */
export interface TerritoryIndicator<Row extends TerritoryRow, Summary> {
  query(em: EntityManager, batch: TerritoryBatch, period: Period): Promise<Row[]>;
  /** `inseeCodes`: the territory's communes (for ratios to their population, through `territoryReference()`). */
  summarize(rows: Row[], period: Period, inseeCodes: string[]): Summary;
}

/** A batch of territories given as lists of communes, each under its key; undefined when there is no commune. */
export function territoryBatch(communesOf: Map<string, string[]>): TerritoryBatch | undefined {
  const codes: string[] = [];
  const territories: string[] = [];
  for (const [territory, communes] of communesOf)
    for (const code of communes) {
      codes.push(code);
      territories.push(territory);
    }
  return codes.length ? { codes: pgTextArray(codes), territories: pgTextArray(territories) } : undefined;
}

/**
 * The loader of a territory indicator: one SQL statement per period for a whole batch of territories (communes,
 * EPCIs and départements mixed), the periods of a batch in parallel. Territories become INSEE codes through the
 * public territory reference, and the database sums each territory's communes (a département by EPCI is a few
 * hundred rows, not some ten thousand per commune, and a top 20 of a territory's places is exact in SQL).
 */
export function createTerritoryIndicatorLoader<Row extends TerritoryRow, Summary>(
  em: EntityManager,
  indicator: TerritoryIndicator<Row, Summary>,
): DataLoader<TerritoryStatsKey, Summary, string> {
  return new DataLoader(
    async (keys) => {
      const reference = territoryReference();
      const byPeriod = groupBy(keys, (key) => `${key.from}|${key.to}`);
      const results = new Map<string, Summary>();
      await Promise.all(
        [...byPeriod.values()].map(async (group) => {
          const period = { from: group[0].from, to: group[0].to };
          const communesOf = new Map(
            group.map((k) => [territoryKey(k), reference.communesOf(k.level, k.code)]),
          );
          const batch = territoryBatch(communesOf);
          const rows = batch ? await indicator.query(em, batch, period) : [];
          const byTerritory = groupBy(rows, (row) => row.territory);
          for (const key of group) {
            const territory = territoryKey(key);
            const summary = indicator.summarize(
              byTerritory.get(territory) ?? [],
              period,
              communesOf.get(territory)!,
            );
            results.set(territoryStatsKey(key), summary);
          }
        }),
      );
      return keys.map((k) => results.get(territoryStatsKey(k))!);
    },
    { cacheKeyFn: territoryStatsKey },
  );
}

/** Sums a numeric column (as the driver returns it: string or number) over rows. */
export function sumOf<Row>(rows: Row[], column: (row: Row) => unknown): number {
  return rows.reduce((acc, r) => acc + Number(column(r)), 0);
}

/** A ratio to the tenth (inhabitants per place, say); null when the divisor is 0. */
export function ratio(numerator: number, divisor: number): number | null {
  return divisor > 0 ? Math.round((numerator / divisor) * 10) / 10 : null;
}
