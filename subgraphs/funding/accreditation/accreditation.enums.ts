import { vocabulary, type ValueOf } from '../../shared/vocabulary';

export const PassAccreditationRole = vocabulary(
  'PassAccreditationRole',
  'What an accredited organization may do with Pass numérique.',
  {
    PRESCRIBER: 'Prescripteur du Pass numérique\n\nIssues carnets to beneficiaries.',
    QUALIFIED_TRAINER: 'Structure de formation qualifiée\n\nRedeems passes for training.',
  },
);
export type PassAccreditationRole = ValueOf<typeof PassAccreditationRole>;
