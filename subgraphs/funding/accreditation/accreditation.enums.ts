import { vocabulary, type ValueOf } from '../../shared/vocabulary';

export const PassAccreditationRole = vocabulary(
  'PassAccreditationRole',
  'What an accredited organization may do with Pass numérique.',
  { PRESCRIBER: 'Issues carnets to beneficiaries.', QUALIFIED_TRAINER: 'Redeems passes for training.' },
);
export type PassAccreditationRole = ValueOf<typeof PassAccreditationRole>;
