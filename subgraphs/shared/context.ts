import type { IncomingMessage } from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { viewerFromAuthorization, type AuthConfig } from '../../common/auth';
import { IDEMPOTENCY_HEADER } from '../../common/headers';
import type { SubgraphContext, SubgraphDefinition } from './subgraph';

/**
 * Per request: the viewer verified from the request's token, a fresh EntityManager fork and DataLoaders
 * built on it; nothing request-scoped outlives the request.
 */
export function createContextFactory<L>(def: SubgraphDefinition<L>, orm: MikroORM, auth: AuthConfig) {
  return async (req: IncomingMessage): Promise<SubgraphContext<L>> => {
    const viewer = await viewerFromAuthorization(auth, req.headers.authorization);
    const em = orm.em.fork() as EntityManager;
    const idempotencyKey = req.headers[IDEMPOTENCY_HEADER];
    return {
      em,
      loaders: def.createLoaders(em),
      viewer,
      authorization: req.headers.authorization,
      idempotencyKey: Array.isArray(idempotencyKey) ? idempotencyKey[0] : idempotencyKey,
    };
  };
}
