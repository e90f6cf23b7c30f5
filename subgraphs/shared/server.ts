import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authConfigFromEnv, type AuthConfig } from '../../common/auth';
import { createContextFactory } from './context';
import { buildFederatedSchema } from './federation';
import { closeServer, createHttpServer } from '../../common/http';
import {
  allowDirectAccessFromEnv,
  gatewayOnly,
  signingKeysFromEnv,
  type GatewayOnlyOptions,
} from '../../common/gateway-signature';
import { formatError } from '../../common/format-error';
import { subgraphProtection } from '../../common/protection';
import { inputLimitsPlugin } from '../../common/input-limits';
import { Metrics } from './metrics';
import { compiledExecution, executorFromEnv, type GraphQLExecutor } from './compiled-execution';
import { BACKGROUND_SQL } from './rollup-fold';
import { admission, admissionLimitsFromEnv, requestId, type AdmissionLimits } from '../../common/admission';
import { operationOf, requestCoster } from '../../common/request-cost';
import { deadlineOf, runWithDeadline } from './deadline';
import { failureLogPlugin } from '../../common/failures';
import type { SubgraphContext, SubgraphDefinition } from './subgraph';

export interface SubgraphServer<L> {
  http: Server;
  apollo: ApolloServer<SubgraphContext<L>>;
  metrics: Metrics;
  /** How it runs operations: compiled by graphql-jit, or interpreted by graphql-js. */
  executor: GraphQLExecutor;
  /** Stops accepting requests, lets in-flight ones finish, stops Apollo. The ORM stays open: its owner closes it. */
  stop(): Promise<void>;
}

/** Builds a subgraph's schema and HTTP server on an open ORM; never listens (see main.ts). */
export async function createSubgraphServer<L>(
  def: SubgraphDefinition<L>,
  orm: MikroORM,
  {
    auth = authConfigFromEnv(),
    plugins = [],
    gateway = { keys: signingKeysFromEnv(), allowDirect: allowDirectAccessFromEnv() },
    limits = admissionLimitsFromEnv('SUBGRAPH_'),
    executor = executorFromEnv(),
  }: {
    auth?: AuthConfig;
    plugins?: ApolloServerPlugin<SubgraphContext<L>>[];
    /** Who may call: the gateway's signing keys (and, in development, direct access). */
    gateway?: GatewayOnlyOptions;
    /** SUBGRAPH_MAX_IN_FLIGHT, SUBGRAPH_MAX_HEAVY_IN_FLIGHT, SUBGRAPH_HEAVY_COST by default. */
    limits?: AdmissionLimits;
    /** GRAPHQL_EXECUTOR by default: operations compiled by graphql-jit, or interpreted by graphql-js. */
    executor?: GraphQLExecutor;
  } = {},
): Promise<SubgraphServer<L>> {
  const schema = await buildFederatedSchema(def as SubgraphDefinition);
  const metrics = new Metrics();
  const em = orm.em as EntityManager;
  em.getConnection()
    .getKnex()
    .on('query', (query: { sql?: string }) => {
      // What requests run: the rollup fold on its timer is not theirs.
      if (!query.sql?.startsWith(BACKGROUND_SQL)) metrics.sqlStatements++;
    });
  const protection = subgraphProtection();
  const apollo = new ApolloServer<SubgraphContext<L>>({
    // Operations compiled by graphql-jit (compiled-execution.ts), unless GRAPHQL_EXECUTOR=graphql-js.
    ...(executor === 'jit' ? { gateway: compiledExecution(schema) } : { schema }),
    // The gateway's depth, alias, token, directive and cost limits, again here (DESIGN.md 5).
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
    // No Apollo usage reporting and no cache hints (the gateway's response cache keys on the request), so no
    // plugin hooks every field resolver: Apollo then leaves the schema uninstrumented.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...protection.plugins,
      inputLimitsPlugin(),
      failureLogPlugin(def.name),
      ...plugins,
    ] as never,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: protection.introspection,
    // onShutdown in the kit handles SIGINT/SIGTERM; Apollo's own handler would race it and stall the stop.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  // The gateway's entity fetches cost their representations: a page of 100 places is heavy here too.
  const admit = admission(limits, requestCoster(schema));
  metrics.admission = admit.stats;
  const http = createHttpServer({
    // The gateway's signature first: a subgraph's own routes (the places exports) are covered like /graphql.
    handlers: [requestId, gatewayOnly(gateway), admit.handler, ...(def.routes?.(orm, auth) ?? [])],
    admit: (req, res, request) => admit.admit(req, res, operationOf(request.body, request.search)),
    // The gateway's deadline follows the request down to each statement on the embedded database (deadline.ts).
    around: (request, execute) => runWithDeadline(deadlineOf(request.headers), execute),
    apollo,
    context: createContextFactory(def, orm, auth),
    onRequest: () => metrics.requests++,
    metrics: () => metrics.snapshot(),
    ready: async () => {
      await em.getConnection().execute('select 1');
      return true;
    },
  });
  return {
    http,
    apollo,
    metrics,
    executor,
    stop: async () => {
      await closeServer(http);
      await apollo.stop();
    },
  };
}
