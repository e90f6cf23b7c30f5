import { vocabulary, type ValueOf } from '../../shared/vocabulary';

export const PassStatus = vocabulary(
  'PassStatus',
  'Life of a Pass numérique: ISSUED → REDEEMED → REIMBURSED, or EXPIRED / CANCELLED (value descriptions: French label, then what it means).',
  {
    ISSUED: 'Émis\n\nHanded out in a carnet, not used yet.',
    REDEEMED: 'Utilisé\n\nUsed at a qualified training structure, not reimbursed yet.',
    REIMBURSED: 'Remboursé\n\nPaid back to the training structure in a monthly batch.',
    EXPIRED: 'Expiré\n\nNot used by 31 January after its year of issue.',
    CANCELLED: 'Annulé\n\nWithdrawn unused from its carnet; no longer counts against the budget.',
  },
);
export type PassStatus = ValueOf<typeof PassStatus>;

/** The face value of every pass: €10. */
export const PASS_VALUE_CENTS = 1000;
