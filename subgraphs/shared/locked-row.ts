import { LockMode, type EntityManager, type EntityName, type FilterQuery } from '@mikro-orm/core';
import { UUID_PATTERN } from '../../common/uuid';
import { badUserInput } from './errors';

/**
 * The row a mutation changes, read afresh and locked until its transaction ends, so two writers of one record
 * queue up instead of overwriting each other; null when `id` is not a record's identifier or there is none.
 */
export async function lockedRow<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  id: string,
): Promise<T | null> {
  if (!UUID_PATTERN.test(id)) return null;
  return em.findOne(entity, { id } as FilterQuery<T>, {
    lockMode: LockMode.PESSIMISTIC_WRITE,
    refresh: true,
  });
}

/** As {@link lockedRow}, for a record that must exist: BAD_USER_INPUT on `id` ("unknown <what>") otherwise. */
export async function lockedKnownRow<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  id: string,
  what: string,
): Promise<T> {
  const row = await lockedRow(em, entity, id);
  if (!row) throw badUserInput('id', `unknown ${what}`);
  return row;
}
