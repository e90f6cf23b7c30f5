import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Period } from './period';
import { territoryReference, type TerritoryLevel } from './territory';

/** One territory (any level) over one period: what every territory indicator is computed for. */
export interface TerritoryStatsKey extends Period {
  level: TerritoryLevel;
  code: string;
}

export const territoryStatsKey = (k: TerritoryStatsKey) => `${k.level}|${k.code}|${k.from}|${k.to}`;

/** A row of an indicator's SQL: figures of one commune (possibly several rows per commune). */
export interface CommuneRow {
  insee_code: string;
}

/**
 * What a subgraph gives to add a territory indicator: the SQL returning rows per commune for a set of INSEE codes
 * and a period, and the summary of the rows of one territory's communes.
 */
export interface TerritoryIndicator<Row extends CommuneRow, Summary> {
  query(em: EntityManager, inseeCodes: string[], period: Period): Promise<Row[]>;
  /** `inseeCodes`: the territory's communes (for ratios to their population, through `territoryReference()`). */
  summarize(rows: Row[], period: Period, inseeCodes: string[]): Summary;
}

/**
 * The loader of a territory indicator: one SQL statement per period for a whole batch of territories (communes,
 * EPCIs and départements mixed), the periods of a batch in parallel. Territories become INSEE codes through the
 * public territory reference, the database groups rows by commune, and each territory sums its communes here.
 */
export function createTerritoryIndicatorLoader<Row extends CommuneRow, Summary>(
  em: EntityManager,
  indicator: TerritoryIndicator<Row, Summary>,
): DataLoader<TerritoryStatsKey, Summary, string> {
  return new DataLoader(
    async (keys) => {
      const reference = territoryReference();
      const byPeriod = new Map<string, TerritoryStatsKey[]>();
      for (const key of keys) {
        const period = `${key.from}|${key.to}`;
        const group = byPeriod.get(period);
        if (group) group.push(key);
        else byPeriod.set(period, [key]);
      }
      const results = new Map<string, Summary>();
      await Promise.all(
        [...byPeriod.values()].map(async (group) => {
          const period = { from: group[0].from, to: group[0].to };
          const communesOf = new Map(
            group.map((k) => [territoryStatsKey(k), reference.communesOf(k.level, k.code)]),
          );
          const codes = [...new Set([...communesOf.values()].flat())];
          const rows = codes.length ? await indicator.query(em, codes, period) : [];
          const byCode = new Map<string, Row[]>();
          for (const row of rows) {
            const mine = byCode.get(row.insee_code);
            if (mine) mine.push(row);
            else byCode.set(row.insee_code, [row]);
          }
          for (const key of group) {
            const communes = communesOf.get(territoryStatsKey(key))!;
            const mine: Row[] = [];
            for (const code of communes) for (const row of byCode.get(code) ?? []) mine.push(row);
            results.set(territoryStatsKey(key), indicator.summarize(mine, period, communes));
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
