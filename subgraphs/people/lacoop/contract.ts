/**
 * The parts of La Coop's API v1 the sync reads (`shared/reference/coop-mediation-numerique.api-v1.openapi.json`).
 * Upstream enums stay plain strings here: the mapping decides what the hub accepts.
 */

export interface ListResponse<T> {
  data: T[];
  /** The contract says strings; the running service sends `{ href }` objects: both are accepted. */
  links: { self?: Link; next?: Link; prev?: Link };
  meta: {
    total_count?: number;
    items_per_page?: number;
    total_pages?: number;
    has_next_page?: boolean;
    has_prev_page?: boolean;
  };
}

export type Link = string | { href?: string } | null | undefined;

export interface Activite {
  type: 'activite';
  id: string;
  attributes: {
    type: string;
    mediateur_id: string;
    accompagnements: number;
    date: string;
    duree: number;
    type_lieu: string;
    structure_id: string | null;
    lieu_code_postal: string | null;
    lieu_commune: string | null;
    lieu_code_insee: string | null;
    creation: string;
    modification: string | null;
    suppression: string | null;
    autonomie: string | null;
    oriente_vers_structure: boolean | null;
    structure_de_redirection: string | null;
    materiel: string[];
    thematiques: string[];
    tags: string[];
    precisions_demarche: string | null;
    titre_atelier: string | null;
    niveau_atelier: string | null;
  };
}

export interface Periode {
  id?: string;
  structure_id?: string;
  debut?: string;
  fin?: string | null;
  suppression?: string | null;
}

export interface Utilisateur {
  type: 'utilisateur';
  id: string;
  attributes: {
    email?: string;
    prenom?: string | null;
    nom?: string | null;
    telephone?: string | null;
    creation?: string;
    modification?: string;
    suppression?: string | null;
    emplois?: Periode[];
    mediateur?: { id?: string; en_activite?: Periode[] } | null;
    coordinateur?: { id?: string } | null;
    conseiller_numerique?: { is_conseiller_numerique: boolean; id_pg: number | null };
  };
}

export interface Structure {
  type: 'structure';
  id: string;
  attributes: {
    nom: string;
    siret: string | null;
    code_insee: string | null;
    code_postal: string;
    commune: string;
    creation: string;
    modification: string;
    suppression: string | null;
    [other: string]: unknown;
  };
}

export interface ValueLabelCount {
  value: string;
  label: string;
  count: number;
  proportion: number;
}

export interface Statistiques {
  data: {
    type: 'statistiques';
    id: string;
    attributes: {
      accompagnements_par_jour: { label: string; count: number }[];
      accompagnements_par_mois: { label: string; count: number }[];
      beneficiaires: {
        total: number;
        genres: ValueLabelCount[];
        tranche_ages: ValueLabelCount[];
        statuts_social: ValueLabelCount[];
      };
      activites: {
        total: number;
        type_activites: ValueLabelCount[];
        durees: ValueLabelCount[];
        type_lieu: ValueLabelCount[];
        thematiques: ValueLabelCount[];
        materiels: ValueLabelCount[];
      };
      totaux: {
        activites: {
          total: number;
          individuels: { total: number; proportion: number };
          collectifs: { total: number; proportion: number; participants: number };
          demarches: { total: number; proportion: number };
        };
        accompagnements: {
          total: number;
          individuels: { total: number; proportion: number };
          collectifs: { total: number; proportion: number };
          demarches: { total: number; proportion: number };
        };
        beneficiaires: { total: number; nouveaux: number; suivis: number; anonymes: number };
      };
    };
  };
}
