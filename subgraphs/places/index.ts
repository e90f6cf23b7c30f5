import type { SubgraphDefinition } from '../shared/subgraph';
import { IDEMPOTENCY_EXPIRY_MIGRATION, IDEMPOTENCY_MIGRATION } from '../shared/idempotency';
import type { PlacesContext } from './context';
import { ExchangeResolver } from './exchange/exchange.resolver';
import { importRoutes } from './import/import.routes';
import { exportRoutes } from './exchange/export.routes';
import { createPlacesLoaders, type PlacesLoaders } from './loaders';
import { Migration20261122000000_places } from './migrations/Migration20261122000000_places';
import { Migration20261128000000_places_exchange } from './migrations/Migration20261128000000_places_exchange';
import { Migration20261123000000_places_nearest } from './migrations/Migration20261123000000_places_nearest';
import { PlaceHost } from './hosting/place-host.entity';
import { PlaceHostingResolver } from './hosting/hosting.resolver';
import { Migration20261128000000_place_hosts } from './migrations/Migration20261128000000_place_hosts';
import { Migration20261206000000_places_without_location } from './migrations/Migration20261206000000_places_without_location';
import { Migration20261207020000_place_commune_stats_index } from './migrations/Migration20261207020000_place_commune_stats_index';
import { Organization } from './organization/organization.entity';
import { OrganizationResolver } from './organization/organization.resolver';
import { OrganizationPlaceStatsResolver } from './organization/organization-place-stats';
import { Place } from './place/place.entity';
import { PlaceResolver } from './place/place.resolver';
import { Commune } from './territory/commune.entity';
import { Departement } from './territory/departement.entity';
import { Epci } from './territory/epci.entity';
import { DepartementCoverageResolver, EpciCoverageResolver } from './territory/coverage';
import {
  CommuneResolver,
  DepartementResolver,
  EpciResolver,
  placeStatsResolvers,
} from './territory/territory.resolver';

/** places: territory (Commune, Epci, Departement), Organization and Place. */
export const placesSubgraph: SubgraphDefinition<PlacesLoaders> = {
  name: 'places',
  defaultPort: 4001,
  entities: [Departement, Epci, Commune, Organization, Place, PlaceHost],
  migrations: [
    { name: 'Migration20261122000000_places', class: Migration20261122000000_places },
    { name: 'Migration20261123000000_places_nearest', class: Migration20261123000000_places_nearest },
    { name: 'Migration20261128000000_place_hosts', class: Migration20261128000000_place_hosts },
    { name: 'Migration20261128000000_places_exchange', class: Migration20261128000000_places_exchange },
    {
      name: 'Migration20261206000000_places_without_location',
      class: Migration20261206000000_places_without_location,
    },
    IDEMPOTENCY_MIGRATION,
    IDEMPOTENCY_EXPIRY_MIGRATION,
    {
      name: 'Migration20261207020000_place_commune_stats_index',
      class: Migration20261207020000_place_commune_stats_index,
    },
  ],
  extensions: ['pg_trgm', 'cube'],
  resolvers: [
    PlaceResolver,
    PlaceHostingResolver,
    ExchangeResolver,
    OrganizationResolver,
    OrganizationPlaceStatsResolver,
    CommuneResolver,
    EpciResolver,
    DepartementResolver,
    ...placeStatsResolvers,
    EpciCoverageResolver,
    DepartementCoverageResolver,
  ],
  createLoaders: createPlacesLoaders,
  routes: (orm, auth) => [exportRoutes(orm), importRoutes(orm, auth)],
  referenceResolvers: {
    Place: {
      __resolveReference: (ref: { id: string }, ctx: PlacesContext) => ctx.loaders.place.load(ref.id),
    },
    Organization: {
      __resolveReference: (ref: { id: string }, ctx: PlacesContext) => ctx.loaders.organization.load(ref.id),
    },
    Commune: {
      __resolveReference: (ref: { inseeCode: string }, ctx: PlacesContext) =>
        ctx.loaders.commune.load(ref.inseeCode),
    },
    Epci: {
      __resolveReference: (ref: { siren: string }, ctx: PlacesContext) => ctx.loaders.epci.load(ref.siren),
    },
    Departement: {
      __resolveReference: (ref: { code: string }, ctx: PlacesContext) =>
        ctx.loaders.departement.load(ref.code),
    },
  },
};
