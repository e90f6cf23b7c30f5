import type { OrganizationKindCode, OrganizationRoleCode } from '../../reference/organization-vocabularies';

/**
 * The seed catalog: every subgraph's seeder reads the same organizations and places from here, so that
 * keys (organization ids, place ids, INSEE codes) agree across subgraphs without any subgraph importing
 * another. Places are written in the national standard's own form (French field names, `|`-separated
 * labels), exactly as a partner's export would give them; the places seeder imports them.
 */

/** Where a seed fact comes from: a public source, or generated because the fact is not known. */
export type SeedSource = 'declic47' | 'reference' | 'generated';

export interface SeedOrganization {
  /** stableId('organization', key) */
  id: string;
  /** Natural key, unique, e.g. 'caf-47', 'commune:47001', 'cms:agen'. */
  key: string;
  name: string;
  /** 14 digits, Luhn-valid (La Poste: digit sum multiple of 5). At least one of siret / rna. */
  siret?: string;
  /** W + 9 digits, for associations without SIRET. */
  rna?: string;
  kind: OrganizationKindCode;
  roles: OrganizationRoleCode[];
  conventionSignatory: boolean;
  /** Commune of the head office, an INSEE code of département 47. */
  inseeCode: string;
  website?: string;
  source: SeedSource;
}

/** A place in the national standard's form (schéma des lieux de médiation numérique v1.0.2). */
export interface SeedPlace {
  /** stableId('place', key) */
  id: string;
  /** Natural key, unique, e.g. 'mairie:47001', 'cms:agen', 'tiers-lieu:le-wez'. */
  key: string;
  organizationKey: string;
  // The standard's fields, field for field.
  pivot: string;
  nom: string;
  commune: string;
  code_postal: string;
  code_insee: string;
  adresse: string;
  complement_adresse?: string;
  latitude: number;
  longitude: number;
  typologie: string;
  telephone?: string;
  courriels?: string;
  site_web?: string;
  horaires?: string;
  presentation_resume?: string;
  presentation_detail?: string;
  source: string;
  itinerance?: string;
  structure_parente?: string;
  date_maj: string;
  services: string;
  publics_specifiquement_adresses?: string;
  prise_en_charge_specifique?: string;
  frais_a_charge?: string;
  dispositif_programmes_nationaux?: string;
  formations_labels?: string;
  autres_formations_labels?: string;
  modalites_acces?: string;
  modalites_accompagnement?: string;
  fiche_acces_libre?: string;
  prise_rdv?: string;
  /** Ours, not the standard's v1: whether the place accepts the Pass numérique. */
  accepte_pass_numerique: boolean;
}
