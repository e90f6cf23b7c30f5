/** A commune of the reference file `shared/reference/communes-47-lot-et-garonne.json`, copied to reference/. */
export interface ReferenceCommune {
  code_insee: string;
  nom: string;
  siren: string;
  codes_postaux: string[];
  departement: string;
  region: string;
  arrondissement: string;
  canton: string;
  epci_siren: string;
  epci_nom: string;
  epci_type: string;
  population_municipale: number;
  population_totale: number;
  centre_lat: number;
  centre_lon: number;
}
