import { territoryStatsResolvers } from '../../shared/territory-stats.resolver';
import type { FundingContext } from '../context';
import { territory } from '../federation/stubs';
import { PassStats } from './pass-stats';

/** Pass numérique indicators on the three territory levels. */
export const passStatsResolvers = territoryStatsResolvers<PassStats, FundingContext>(territory, {
  field: 'passStats',
  type: PassStats,
  description: "Pass numérique indicators over a period, by the beneficiaries' commune of residence.",
  loader: (ctx) => ctx.loaders.passStats,
  smallNumbers: {
    amountIssuedCents: 'passesIssued',
    amountRedeemedCents: 'passesRedeemed',
    amountExpiredCents: 'passesExpired',
    redemptionRate: 'passesIssued',
  },
});
