import { withSmallNumbers } from '../../../subgraphs/shared/small-numbers';

const stats = {
  id: 'PassStats:commune:47001:2026-01-01..2026-12-31',
  passesIssued: 3,
  amountIssuedCents: 15_000,
  passesRedeemed: 0,
  passesExpired: 12,
  redemptionRate: 0.3333,
  byFormat: [
    { format: 'A', sessionsHeld: 2 },
    { format: 'B', sessionsHeld: 7 },
  ],
};
const derived = { amountIssuedCents: 'passesIssued', redemptionRate: 'passesIssued' };

describe('small numbers', () => {
  afterEach(() => delete process.env.SMALL_NUMBER_THRESHOLD);

  it('nulls counts from 1 to 4 and what derives from them for the public, and lists their paths', () => {
    const seen = withSmallNumbers({ role: 'public' }, stats, derived, { byFormat: 'format' });
    expect(seen).toMatchObject({
      passesIssued: null,
      amountIssuedCents: null,
      redemptionRate: null,
      passesRedeemed: 0,
      passesExpired: 12,
      byFormat: [
        { format: 'A', sessionsHeld: null },
        { format: 'B', sessionsHeld: 7 },
      ],
      withheld: ['passesIssued', 'amountIssuedCents', 'redemptionRate', 'byFormat.0.sessionsHeld'],
    });
  });

  it('shows exact figures to any token', () => {
    for (const role of ['partner', 'analyst', 'prefecture', 'admin'] as const) {
      expect(withSmallNumbers({ role }, stats, derived, { byFormat: 'format' })).toEqual({
        ...stats,
        withheld: [],
      });
    }
  });

  it('follows SMALL_NUMBER_THRESHOLD, 0 turning it off', () => {
    process.env.SMALL_NUMBER_THRESHOLD = '20';
    expect(withSmallNumbers({ role: 'public' }, stats, derived).passesExpired).toBeNull();
    process.env.SMALL_NUMBER_THRESHOLD = '0';
    expect(withSmallNumbers({ role: 'public' }, stats, derived)).toEqual({ ...stats, withheld: [] });
  });
});
