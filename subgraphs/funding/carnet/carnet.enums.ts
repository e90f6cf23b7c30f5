import { registerEnumType } from 'type-graphql';

/** Age bands of the national activity report (La Coop, CRA v1 `age_*` columns), keeping their French codes. */
export enum PassAgeBand {
  MOINS_12_ANS = 'MOINS_12_ANS',
  DE_12_A_18_ANS = 'DE_12_A_18_ANS',
  DE_18_A_35_ANS = 'DE_18_A_35_ANS',
  DE_35_A_60_ANS = 'DE_35_A_60_ANS',
  PLUS_60_ANS = 'PLUS_60_ANS',
}

/** Social statuses of the national activity report (La Coop, CRA v1 `statut_*`; `heterogene` is for groups only). */
export enum PassSocialStatus {
  ETUDIANT = 'ETUDIANT',
  SANS_EMPLOI = 'SANS_EMPLOI',
  EN_EMPLOI = 'EN_EMPLOI',
  RETRAITE = 'RETRAITE',
}

registerEnumType(PassAgeBand, {
  name: 'PassAgeBand',
  description: "A Pass numérique beneficiary's age band (national activity report vocabulary).",
  valuesConfig: {
    MOINS_12_ANS: { description: 'Moins de 12 ans (national code `age_moins_12_ans`)' },
    DE_12_A_18_ANS: { description: 'Entre 12 et 18 ans (national code `age_de_12_a_18_ans`)' },
    DE_18_A_35_ANS: { description: 'Entre 18 et 35 ans (national code `age_de_18_a_35_ans`)' },
    DE_35_A_60_ANS: { description: 'Entre 35 et 60 ans (national code `age_de_35_a_60_ans`)' },
    PLUS_60_ANS: { description: 'Plus de 60 ans (national code `age_plus_60_ans`)' },
  },
});

registerEnumType(PassSocialStatus, {
  name: 'PassSocialStatus',
  description: "A Pass numérique beneficiary's social status (national activity report vocabulary).",
  valuesConfig: {
    ETUDIANT: { description: 'Étudiants (national code `statut_etudiant`)' },
    SANS_EMPLOI: { description: 'Sans emploi (national code `statut_sans_emploi`)' },
    EN_EMPLOI: { description: 'En emploi (national code `statut_en_emploi`)' },
    RETRAITE: { description: 'Retraités (national code `statut_retraite`)' },
  },
});
