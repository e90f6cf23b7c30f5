import { territoryStatsResolvers } from '../../shared/territory-stats.resolver';
import type { PeopleContext } from '../context';
import { territory } from '../federation/stubs';
import { MediationStats } from './mediation-stats';

/** Digital mediation indicators on the three territory levels. */
export const mediationStatsResolvers = territoryStatsResolvers<MediationStats, PeopleContext>(territory, {
  field: 'mediationStats',
  type: MediationStats,
  description: 'Digital mediation indicators over a period.',
  loader: (ctx) => ctx.loaders.mediationStats,
  rows: {
    topThemes: 'theme',
    byTheme: 'theme',
    byAgeBand: 'ageBand',
    bySocialStatus: 'socialStatus',
    byPlace: 'placeId',
  },
  smallNumbers: { hours: 'accompaniments', inhabitantsPerConseiller: 'conseillers' },
});
