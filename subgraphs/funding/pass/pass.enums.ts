import { vocabulary, type ValueOf } from '../../shared/vocabulary';

export const PassStatus = vocabulary(
  'PassStatus',
  'Life of a Pass numérique: ISSUED → REDEEMED → REIMBURSED, or EXPIRED / CANCELLED.',
  {
    ISSUED: 'Handed out in a carnet, not used yet.',
    REDEEMED: 'Used at a qualified training structure, not reimbursed yet.',
    REIMBURSED: 'Paid back to the training structure in a monthly batch.',
    EXPIRED: 'Not used by 31 January after its year of issue.',
    CANCELLED: 'Withdrawn unused from its carnet; no longer counts against the budget.',
  },
);
export type PassStatus = ValueOf<typeof PassStatus>;

/** The face value of every pass: €10. */
export const PASS_VALUE_CENTS = 1000;
