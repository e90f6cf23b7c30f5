import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { entityLoader, groupLoader } from '../shared/loaders';
import { UUID_PATTERN } from '../../common/uuid';
import { Permanence } from './permanence/permanence.entity';
import { Person } from './person/person.entity';
import { createTerritoryIndicatorLoader } from '../shared/territory-indicator';
import { mediationStatsIndicator } from './territory/mediation-stats';
import { createOrganizationMediationLoader } from './activity/organization-stats';
import { createOrganizationIndicatorLoader } from '../shared/organization-stats.resolver';
import { staffPermanenceIndicator } from './permanence/organization-permanence-stats';
import { PersonRole } from './vocabulary';

const isUuid = (k: string) => UUID_PATTERN.test(k);

/** The people subgraph's per-request DataLoaders, built on the request's EntityManager fork. */
export function createPeopleLoaders(em: EntityManager) {
  const person = entityLoader(em, Person, 'id', isUuid);
  const permanencesByPlace = groupLoader(em, Permanence, 'placeId', { createdAt: 'asc', id: 'asc' }, isUuid);
  return {
    person,
    permanencesByPlace,
    permanencesByPerson: groupLoader(em, Permanence, 'personId', { createdAt: 'asc', id: 'asc' }, isUuid),
    staffByOrganization: groupLoader(em, Person, 'employerId', { firstName: 'asc', id: 'asc' }, isUuid),
    // Two statements per batch of places, whatever its size: their permanences, then those people.
    conseillersByPlace: new DataLoader<string, Person[]>(async (placeIds) => {
      const permanences = await permanencesByPlace.loadMany(placeIds);
      return Promise.all(
        permanences.map(async (group) => {
          if (group instanceof Error) throw group;
          const people = await person.loadMany([...new Set(group.map((p) => p.personId))]);
          return people
            .filter((p): p is Person => p instanceof Person && p.role === PersonRole.CONSEILLER_NUMERIQUE)
            .sort((a, b) => a.firstName.localeCompare(b.firstName) || a.id.localeCompare(b.id));
        }),
      );
    }),
    mediationStats: createTerritoryIndicatorLoader(em, mediationStatsIndicator),
    organizationMediation: createOrganizationMediationLoader(em),
    staffPermanences: createOrganizationIndicatorLoader(em, staffPermanenceIndicator),
  };
}

export type PeopleLoaders = ReturnType<typeof createPeopleLoaders>;
