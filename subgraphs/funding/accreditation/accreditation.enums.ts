import { registerEnumType } from 'type-graphql';

export enum PassAccreditationRole {
  PRESCRIBER = 'PRESCRIBER',
  QUALIFIED_TRAINER = 'QUALIFIED_TRAINER',
}

registerEnumType(PassAccreditationRole, {
  name: 'PassAccreditationRole',
  description: 'What an accredited organization may do with Pass numérique.',
  valuesConfig: {
    PRESCRIBER: { description: 'Prescripteur du Pass numérique\n\nIssues carnets to beneficiaries.' },
    QUALIFIED_TRAINER: { description: 'Structure de formation qualifiée\n\nRedeems passes for training.' },
  },
});
