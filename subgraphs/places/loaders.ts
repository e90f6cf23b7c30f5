import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgTextArray } from '../shared/sql';
import { PlaceHost } from './hosting/place-host.entity';
import { entityLoader, groupLoader, readOnlyLoader } from '../shared/loaders';
import { UUID_PATTERN } from '../../common/uuid';
import { Commune } from './territory/commune.entity';
import { Departement } from './territory/departement.entity';
import { Epci } from './territory/epci.entity';
import { createTerritoryIndicatorLoader } from '../shared/territory-indicator';
import { placeStatsIndicator } from './territory/place-stats';
import { createOrganizationIndicatorLoader } from '../shared/organization-stats.resolver';
import { organizationPlaceIndicator } from './organization/organization-place-stats';
import { Organization } from './organization/organization.entity';
import { Place } from './place/place.entity';
import { createPlaceSourcesLoader } from './exchange/place-sources.loader';

const isUuid = (k: string) => UUID_PATTERN.test(k);

/** The places subgraph's per-request DataLoaders, built on the request's EntityManager fork. */
export function createPlacesLoaders(em: EntityManager) {
  return {
    commune: entityLoader(em, Commune, 'inseeCode'),
    epci: entityLoader(em, Epci, 'siren'),
    departement: entityLoader(em, Departement, 'code'),
    communesByEpci: groupLoader(em, Commune, 'epciSiren', { name: 'asc' }),
    communesByDepartement: groupLoader(em, Commune, 'departementCode', { name: 'asc' }),
    epcisByDepartement: new DataLoader<string, Epci[]>(async (codes) => {
      const links = await em.execute<{ departement_code: string; epci_siren: string }[]>(
        'select distinct departement_code, epci_siren from commune where departement_code = any(?::text[])',
        [pgTextArray(codes)],
      );
      const epcis = await em.find(
        Epci,
        { siren: { $in: [...new Set(links.map((l) => l.epci_siren))] } },
        { orderBy: { name: 'asc' } },
      );
      return codes.map((code) => {
        const sirens = new Set(links.filter((l) => l.departement_code === code).map((l) => l.epci_siren));
        return epcis.filter((e) => sirens.has(e.siren));
      });
    }),
    organization: readOnlyLoader(em, Organization, 'id', isUuid),
    place: readOnlyLoader(em, Place, 'id', isUuid),
    placesByOrganization: groupLoader(em, Place, 'organizationId', { name: 'asc', id: 'asc' }, isUuid),
    placeStats: createTerritoryIndicatorLoader(em, placeStatsIndicator),
    organizationPlaces: createOrganizationIndicatorLoader(em, organizationPlaceIndicator),
    hostsByPlace: groupLoader(em, PlaceHost, 'placeId', { organizationId: 'asc' }, isUuid),
    placeSources: createPlaceSourcesLoader(em),
  };
}

export type PlacesLoaders = ReturnType<typeof createPlacesLoaders>;
