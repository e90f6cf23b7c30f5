import { territoryStatsResolvers } from '../../shared/territory-stats.resolver';
import type { TrainingContext } from '../context';
import { territory } from '../federation/stubs';
import { TrainingStats } from './training-stats';

/** Training indicators on the three territory levels. */
export const trainingStatsResolvers = territoryStatsResolvers<TrainingStats, TrainingContext>(territory, {
  field: 'trainingStats',
  type: TrainingStats,
  description: 'Training indicators over a period: sessions held, seats, registrations, attendance.',
  loader: (ctx) => ctx.loaders.trainingStats,
  rows: { byFormat: 'format' },
  smallNumbers: { attendanceRate: 'attendees' },
});
