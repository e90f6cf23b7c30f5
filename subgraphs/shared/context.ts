import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphContext, SubgraphDefinition } from './subgraph';

/** Per request: a fresh EntityManager fork and DataLoaders built on it; nothing request-scoped outlives it. */
export function createContextFactory<L>(def: SubgraphDefinition<L>, orm: MikroORM) {
  return async (): Promise<SubgraphContext<L>> => {
    const em = orm.em.fork() as EntityManager;
    return { em, loaders: def.createLoaders(em) };
  };
}
