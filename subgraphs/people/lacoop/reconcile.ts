import type { EntityManager } from '@mikro-orm/postgresql';
import { pgTextArray } from '../../shared/sql';
import type { Figures } from '../../shared/indicator';
import { territoryReference, type TerritoryLevel } from '../../shared/territory';
import { createTerritoryIndicatorLoader } from '../../shared/territory-indicator';
import { mediationStatsIndicator, type MediationStats } from '../territory/mediation-stats';
import type { LacoopClient } from './client';
import type { Statistiques } from './contract';
import { LACOOP_SOURCE } from './mapping';

export interface ReconciliationScope {
  level: TerritoryLevel;
  code: string;
  /** YYYY-MM-DD, both included. */
  from: string;
  to: string;
}

export interface ReconciliationDifference {
  indicator: string;
  hub: string;
  lacoop: string;
}

export interface Reconciliation extends ReconciliationScope {
  /** Every compared indicator is equal. */
  agree: boolean;
  compared: string[];
  differences: ReconciliationDifference[];
  /** Reports of the scope the hub holds from elsewhere (recorded in the hub): they explain a hub surplus. */
  hubActivitiesNotFromLacoop: number;
}

const TOP_THEMES = 5;

/** /statistiques filters for a hub territory: La Coop filters by commune or département, not by EPCI. */
export function statistiquesFilters(scope: ReconciliationScope): Record<string, string> {
  const filters: Record<string, string> = { 'filter[du]': scope.from, 'filter[au]': scope.to };
  if (scope.level === 'departement') filters['filter[departements]'] = scope.code;
  else filters['filter[communes]'] = territoryReference().communesOf(scope.level, scope.code).join(',');
  return filters;
}

/** The indicators both sides compute, as [name, hub, La Coop]. */
function pairs(hub: Figures<MediationStats>, coop: Statistiques): [string, string, string][] {
  const totaux = coop.data.attributes.totaux;
  const themes = [...coop.data.attributes.activites.thematiques]
    .sort((x, y) => y.count - x.count || x.value.localeCompare(y.value))
    .slice(0, TOP_THEMES);
  const out: [string, string, string][] = [
    ['accompaniments', String(hub.accompaniments), String(totaux.activites.total)],
    [
      'individualAccompaniments',
      String(hub.individualAccompaniments),
      String(totaux.activites.individuels.total + totaux.activites.demarches.total),
    ],
    [
      'collectiveAccompaniments',
      String(hub.collectiveAccompaniments),
      String(totaux.activites.collectifs.total),
    ],
    ['participants', String(hub.participants), String(totaux.accompagnements.total)],
  ];
  for (let i = 0; i < Math.max(hub.topThemes.length, themes.length); i++) {
    const h = hub.topThemes[i];
    const c = themes[i];
    out.push([
      `topThemes[${i}]`,
      h ? `${h.theme} ${h.accompaniments}` : '-',
      c ? `${c.value} ${c.count}` : '-',
    ]);
  }
  return out;
}

/**
 * Compares the hub's mediationStats of a territory and period with La Coop's /statistiques for the same
 * filters. Hours are not compared: La Coop gives durations only as brackets.
 */
export async function reconcileLacoop(
  em: EntityManager,
  client: LacoopClient,
  scope: ReconciliationScope,
): Promise<Reconciliation> {
  const communes = territoryReference().communesOf(scope.level, scope.code);
  const [hub, coop, other] = await Promise.all([
    createTerritoryIndicatorLoader(em, mediationStatsIndicator).load(scope),
    client.statistiques(statistiquesFilters(scope)),
    em.execute<{ n: string }[] | { n: string }[][]>(
      `select count(*) as n from activity where insee_code = any(?::text[]) and date between ?::date and ?::date
         and source is distinct from ?`,
      [pgTextArray(communes), scope.from, scope.to, LACOOP_SOURCE],
    ),
  ]);
  const compared = pairs(hub, coop);
  const differences = compared
    .filter(([, h, c]) => h !== c)
    .map(([indicator, h, c]) => ({ indicator, hub: h, lacoop: c }));
  return {
    ...scope,
    agree: differences.length === 0,
    compared: compared.map(([name]) => name),
    differences,
    hubActivitiesNotFromLacoop: Number((other.flat()[0] as { n: string } | undefined)?.n ?? 0),
  };
}
