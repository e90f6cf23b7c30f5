import { registerEnumType } from 'type-graphql';

export enum PassStatus {
  ISSUED = 'ISSUED',
  REDEEMED = 'REDEEMED',
  REIMBURSED = 'REIMBURSED',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(PassStatus, {
  name: 'PassStatus',
  description:
    'Life of a Pass numérique: ISSUED → REDEEMED → REIMBURSED, or EXPIRED / CANCELLED (value descriptions: French label, then what it means).',
  valuesConfig: {
    ISSUED: { description: 'Émis\n\nHanded out in a carnet, not used yet.' },
    REDEEMED: { description: 'Utilisé\n\nUsed at a qualified training structure, not reimbursed yet.' },
    REIMBURSED: { description: 'Remboursé\n\nPaid back to the training structure in a monthly batch.' },
    EXPIRED: { description: 'Expiré\n\nNot used by 31 January after its year of issue.' },
    CANCELLED: {
      description: 'Annulé\n\nWithdrawn unused from its carnet; no longer counts against the budget.',
    },
  },
});

/** The face value of every pass: €10. */
export const PASS_VALUE_CENTS = 1000;
