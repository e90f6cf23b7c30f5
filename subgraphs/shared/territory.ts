import communes from '../../reference/communes-47.json';
import { groupBy } from '../../common/group-by';

/**
 * The INSEE / DGCL territory reference (commune -> EPCI -> département), public and immutable. The places
 * subgraph owns Commune, Epci and Departement in the API; every subgraph reads this same reference file
 * to group its own rows by territory (never another subgraph's tables).
 */
export interface TerritoryReference {
  isCommune(inseeCode: string): boolean;
  isEpci(siren: string): boolean;
  isDepartement(code: string): boolean;
  epciOf(inseeCode: string): string | undefined;
  departementOf(inseeCode: string): string | undefined;
  /** INSEE codes of the communes in a territory. */
  communesOf(level: TerritoryLevel, code: string): string[];
  /** Population municipale (INSEE) of a set of communes. */
  populationOf(inseeCodes: readonly string[]): number;
}

export type TerritoryLevel = 'commune' | 'epci' | 'departement';

let reference: TerritoryReference | undefined;

export function territoryReference(): TerritoryReference {
  if (reference) return reference;
  const byEpci = groupBy(
    communes,
    (c) => c.epci_siren,
    (c) => c.code_insee,
  );
  const byDepartement = groupBy(
    communes,
    (c) => c.departement,
    (c) => c.code_insee,
  );
  const epciOf = new Map<string, string>();
  const departementOf = new Map<string, string>();
  const population = new Map<string, number>();
  for (const c of communes) {
    epciOf.set(c.code_insee, c.epci_siren);
    departementOf.set(c.code_insee, c.departement);
    population.set(c.code_insee, c.population_municipale);
  }
  reference = {
    populationOf: (codes) => codes.reduce((acc, code) => acc + (population.get(code) ?? 0), 0),
    isCommune: (code) => epciOf.has(code),
    isEpci: (siren) => byEpci.has(siren),
    isDepartement: (code) => byDepartement.has(code),
    epciOf: (code) => epciOf.get(code),
    departementOf: (code) => departementOf.get(code),
    communesOf: (level, code) =>
      level === 'commune'
        ? epciOf.has(code)
          ? [code]
          : []
        : ((level === 'epci' ? byEpci : byDepartement).get(code) ?? []),
  };
  return reference;
}
