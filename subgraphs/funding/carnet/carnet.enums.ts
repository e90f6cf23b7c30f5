import { vocabulary, type ValueOf } from '../../shared/vocabulary';

/** Social statuses of the national activity report (La Coop, CRA v1 `statut_*`; `heterogene` is for groups only). */
export const PassSocialStatus = vocabulary(
  'PassSocialStatus',
  "A Pass numérique beneficiary's social status (national activity report vocabulary).",
  {
    ETUDIANT: 'Étudiants (national code `statut_etudiant`)',
    SANS_EMPLOI: 'Sans emploi (national code `statut_sans_emploi`)',
    EN_EMPLOI: 'En emploi (national code `statut_en_emploi`)',
    RETRAITE: 'Retraités (national code `statut_retraite`)',
  },
);
export type PassSocialStatus = ValueOf<typeof PassSocialStatus>;
