import type { EntityManager } from '@mikro-orm/postgresql';
import type { MigrationObject, MikroORM } from '@mikro-orm/core';
import type { HttpHandler } from '../../common/http';
import type { IResolvers } from '@graphql-tools/utils';
import type { AuthConfig, Viewer } from '../../common/auth';
import type { BuildSchemaOptions } from 'type-graphql';
import type { Options } from '@mikro-orm/core';

/** PostgreSQL extensions a subgraph may ask for; each one exists both in PGlite and in Debian's PostgreSQL. */
export type Extension = 'pg_trgm' | 'cube';

/** Everything the shared kit needs to build, migrate and serve one subgraph. */
export interface SubgraphDefinition<Loaders = unknown> {
  /** Also the PostgreSQL schema name and the embedded database folder name. */
  name: string;
  defaultPort: number;
  entities: NonNullable<Options['entities']>;
  migrations: MigrationObject[];
  extensions?: Extension[];
  resolvers: BuildSchemaOptions['resolvers'];
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** `__resolveReference` per entity type, merged into the type-graphql resolvers. */
  referenceResolvers: IResolvers;
  /** Plain HTTP routes of this subgraph (exports, file imports), served by the same HTTP server as /graphql. */
  routes?: (orm: MikroORM, auth: AuthConfig) => HttpHandler[];
  /**
   * The SQL function that folds this subgraph's pending rollup changes (shared/rollup-journal.ts), run on a timer by
   * its primary process (shared/rollup-fold.ts).
   */
  rollupFold?: string;
  /** Builds this request's DataLoaders from this request's EntityManager fork. */
  createLoaders: (em: EntityManager) => Loaders;
}

/** What every resolver gets: the viewer, a per-request EntityManager fork and the DataLoaders built on it. */
export interface SubgraphContext<Loaders = unknown> {
  em: EntityManager;
  loaders: Loaders;
  /** Who is asking: verified from the request's own token by this subgraph, never taken from a bare header. */
  viewer: Viewer;
  /** The caller's Authorization header, forwarded when this subgraph asks the gateway (the hosting rule). */
  authorization?: string;
  /** The request's Idempotency-Key header, as sent (see idempotency.ts). */
  idempotencyKey?: string;
}
