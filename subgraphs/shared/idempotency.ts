import { createHash } from 'node:crypto';
import type { IResolvers } from '@graphql-tools/utils';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { SubgraphContext } from './subgraph';
import { intFromEnv } from '../../common/config';
import { clientError } from '../../common/client-error';

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * How long a key is remembered: IDEMPOTENCY_RETENTION_HOURS, 24 by default (a client retries within minutes; a
 * day covers one left offline overnight). An older key is as good as unused: the same request writes again.
 */
export function idempotencyRetentionSeconds(): number {
  return intFromEnv('IDEMPOTENCY_RETENTION_HOURS', 24, 1, 24 * 365) * 3600;
}

/** Expired keys deleted by each keyed write, oldest first: the table never grows past a day's keys for long. */
export const PURGE_BATCH = 100;

/**
 * Each subgraph's table of idempotency keys, written in the transaction of the mutation it guards. Added to
 * every subgraph's migration list under the same name (each subgraph has its own migrations table).
 */
export class Migration20261128000000_idempotency extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table idempotency_key (
      key text primary key,
      request_hash text not null,
      result_id text,
      created_at timestamptz not null default now()
    )`);
  }
}

export const IDEMPOTENCY_MIGRATION = {
  name: 'Migration20261128000000_idempotency',
  class: Migration20261128000000_idempotency,
};

/** The keys by age, for the purge of expired ones (oldest first, a bounded batch per write). */
export class Migration20261129060000_idempotency_expiry extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index idempotency_key_created_at_idx on idempotency_key (created_at)');
  }
}

export const IDEMPOTENCY_EXPIRY_MIGRATION = {
  name: 'Migration20261129060000_idempotency_expiry',
  class: Migration20261129060000_idempotency_expiry,
};

/** The key of this request, checked: printable ASCII, 1 to 200 characters. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (!KEY.test(key))
    throw clientError('Idempotency-Key must be 1 to 200 printable ASCII characters', {
      extensions: { code: 'BAD_USER_INPUT', field: 'Idempotency-Key' },
    });
  return key;
}

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** The MikroORM entity behind a GraphQL object type (`TrainingRegistration` is the class `Registration`), if any. */
function entityOf(em: EntityManager, typeName: string) {
  const metadata = em.getMetadata();
  for (const type of getMetadataStorage().objectTypes)
    if (type.name === typeName) {
      const meta = metadata.find(type.target.name);
      if (meta?.class === type.target) return meta;
    }
  return undefined;
}

type Resolver = (
  root: unknown,
  args: Record<string, unknown>,
  ctx: SubgraphContext,
  info: GraphQLResolveInfo,
) => unknown;

/**
 * Wraps a mutation that returns an entity: with an Idempotency-Key, the key (plus the field's response name and
 * the caller) is inserted in idempotency_key in the same transaction as the write. A retry with the same key and
 * the same arguments writes nothing and returns the entity the first call created; the same key with other
 * arguments is refused (IDEMPOTENCY_KEY_REUSED). A concurrent twin waits on the key's row, then replays. Keys
 * older than the retention are deleted as keyed writes come (see idempotencyRetentionSeconds).
 */
function idempotent(field: string, resolve: Resolver, retention: number): Resolver {
  return async (root, args, ctx, info) => {
    const header = idempotencyKeyOf(ctx.idempotencyKey);
    const entity = entityOf(ctx.em, getNamedType(info.returnType).name);
    if (!header || !entity) return resolve(root, args, ctx, info);
    const key = `${ctx.viewer.role}:${ctx.viewer.subject ?? ''}:${info.path.key}:${header}`;
    const hash = createHash('sha256')
      .update(JSON.stringify([field, stable(args)]))
      .digest('hex');
    const outer = ctx.em;
    return outer.transactional(async (em: EntityManager) => {
      // Expired keys go first: this one if it is (then it is free again), and a bounded batch of others, skipping
      // rows another write holds (no waiting, no deadlock between two purges). No scheduler to forget.
      await em.execute(
        `delete from idempotency_key where key = ? and created_at < now() - make_interval(secs => ?)`,
        [key, retention],
      );
      await em.execute(
        `delete from idempotency_key where key in (
           select key from idempotency_key where created_at < now() - make_interval(secs => ?)
           order by created_at limit ${PURGE_BATCH} for update skip locked)`,
        [retention],
      );
      const inserted = await em.execute<{ key: string }[]>(
        'insert into idempotency_key (key, request_hash) values (?, ?) on conflict (key) do nothing returning key',
        [key, hash],
        'all',
      );
      if (!inserted.length) {
        const [first] = await em.execute<{ request_hash: string; result_id: string | null }[]>(
          'select request_hash, result_id from idempotency_key where key = ?',
          [key],
          'all',
        );
        if (first.request_hash !== hash)
          throw clientError(
            'this Idempotency-Key was already used with other arguments: use a new key for a new request',
            { extensions: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' } },
          );
        return em.findOneOrFail(entity.className, { id: first.result_id } as never);
      }
      ctx.em = em;
      try {
        const result = (await resolve(root, args, ctx, info)) as { id?: unknown } | null;
        await em.execute('update idempotency_key set result_id = ? where key = ?', [
          result?.id === undefined ? null : String(result.id),
          key,
        ]);
        return result;
      } finally {
        ctx.em = outer;
      }
    });
  };
}

/** Every Mutation field of a resolver map made idempotent under an Idempotency-Key. */
export function withIdempotency(resolvers: IResolvers): IResolvers {
  const mutation = resolvers.Mutation as Record<string, Resolver | { resolve: Resolver }> | undefined;
  if (!mutation) return resolvers;
  const retention = idempotencyRetentionSeconds();
  const wrapped = Object.fromEntries(
    Object.entries(mutation).map(([field, r]) => [
      field,
      typeof r === 'function'
        ? idempotent(field, r, retention)
        : { ...r, resolve: idempotent(field, r.resolve, retention) },
    ]),
  );
  return { ...resolvers, Mutation: wrapped as never };
}
