import type { EntityManager } from '@mikro-orm/postgresql';
import { entityLoader, groupLoader } from '../shared/loaders';
import { UUID_PATTERN } from '../../common/uuid';
import { TrainingOffer } from './offer/training-offer.entity';
import { createSessionsByParentLoader } from './session/sessions-by-parent';
import { TrainingSession } from './session/training-session.entity';
import { createTerritoryIndicatorLoader } from '../shared/territory-indicator';
import { trainingStatsIndicator } from './territory/training-stats';
import { createOrganizationIndicatorLoader } from '../shared/organization-stats.resolver';
import { organizationTrainingIndicator } from './territory/organization-training-stats';

const isUuid = (k: string) => UUID_PATTERN.test(k);

/** The training subgraph's per-request DataLoaders, built on the request's EntityManager fork. */
export function createTrainingLoaders(em: EntityManager) {
  return {
    offer: entityLoader(em, TrainingOffer, 'id', isUuid),
    session: entityLoader(em, TrainingSession, 'id', isUuid),
    offersByProvider: groupLoader(em, TrainingOffer, 'providerId', { title: 'asc', id: 'asc' }, isUuid),
    sessionsByParent: createSessionsByParentLoader(em),
    trainingStats: createTerritoryIndicatorLoader(em, trainingStatsIndicator),
    organizationTraining: createOrganizationIndicatorLoader(em, organizationTrainingIndicator),
  };
}

export type TrainingLoaders = ReturnType<typeof createTrainingLoaders>;
