import { vocabulary, type ValueOf } from '../../shared/vocabulary';

/** Social statuses of the national activity report (La Coop, CRA v1 `statut_*`; `heterogene` is for groups only). */
export const PassSocialStatus = vocabulary(
  'PassSocialStatus',
  "A Pass numérique beneficiary's social status (national activity report vocabulary).",
  {
    ETUDIANT: 'statut_etudiant',
    SANS_EMPLOI: 'statut_sans_emploi',
    EN_EMPLOI: 'statut_en_emploi',
    RETRAITE: 'statut_retraite',
  },
);
export type PassSocialStatus = ValueOf<typeof PassSocialStatus>;
