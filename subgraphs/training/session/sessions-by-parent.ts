import DataLoader from 'dataloader';
import { ArgsType, Field, Int } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UUID_PATTERN } from '../../../common/uuid';
import { pgTextArray } from '../../shared/sql';
import { TrainingSession } from './training-session.entity';
import { groupBy } from '../../../common/group-by';

/** The parent a list of sessions hangs from: its place, its trainer or its offer. */
export type SessionParent = 'place_id' | 'trainer_id' | 'offer_id';

/** The arguments of a list of sessions under one record (an offer's, a trainer's). */
@ArgsType()
export class SessionListArgs {
  @Field(() => Int, {
    defaultValue: 20,
    description: 'How many sessions, 0 to MAX_PAGE_SIZE (100 unless configured); more is refused.',
  })
  first!: number;

  @Field(() => Boolean, { defaultValue: true, description: 'Only sessions starting from now on.' })
  upcoming!: boolean;
}

export interface SessionsByParentKey {
  parent: SessionParent;
  id: string;
  first: number;
  /** Only sessions starting from now on. */
  upcoming: boolean;
}

const keyOf = (k: SessionsByParentKey) => `${k.parent}|${k.id}|${k.first}|${k.upcoming}`;

/**
 * The first N sessions of each parent, by start time, in ONE query per batch (a window function), so the
 * statement count does not grow with the number of parents nor with N.
 */
export function createSessionsByParentLoader(
  em: EntityManager,
): DataLoader<SessionsByParentKey, TrainingSession[], string> {
  return new DataLoader(
    async (keys) => {
      const groups = groupBy(keys, (key) => `${key.parent}|${key.first}|${key.upcoming}`);
      const results = new Map<string, TrainingSession[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { parent, first, upcoming } = group[0];
          const ids = [...new Set(group.map((k) => k.id).filter((id) => UUID_PATTERN.test(id)))];
          const rows =
            ids.length && first > 0
              ? await em.execute<Record<string, unknown>[]>(
                  `select * from (
                     select s.*, row_number() over (partition by s.${parent} order by s.starts_at, s.id) as row_rank
                     from training_session s
                     where s.${parent} = any(?::uuid[]) ${upcoming ? 'and s.starts_at >= now()' : ''}
                   ) ranked
                   where row_rank <= ?
                   order by starts_at, id`,
                  [pgTextArray(ids), first],
                )
              : [];
          const byParent = groupBy(
            rows,
            (row) => String(row[parent]),
            ({ row_rank: _rank, ...row }) => em.map(TrainingSession, row),
          );
          for (const key of group) results.set(keyOf(key), byParent.get(key.id) ?? []);
        }),
      );
      return keys.map((k) => results.get(keyOf(k))!);
    },
    { cacheKeyFn: keyOf },
  );
}
