import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ORGANIZATION_INDICATOR_ID, type Figures } from '../../shared/indicator';
import { UUID_PATTERN } from '../../../common/uuid';
import { pgTextArray } from '../../shared/sql';
import { SafeIntScalar } from '../scalars';
import { mapRow } from '../rows';
import { groupBy } from '../../../common/group-by';

@ObjectType({ description: 'What a prescribing structure handed out.' })
export class PrescriberPassStats {
  @Field(() => ID, { description: ORGANIZATION_INDICATOR_ID })
  id!: string;

  @Field(() => Int, {
    description: 'Carnets it has issued, ever (including those whose passes were cancelled).',
  })
  carnetsIssued!: number;

  @Field(() => Int, { description: 'Passes issued and not cancelled.' })
  passesIssued!: number;

  @Field(() => SafeIntScalar, { description: 'Their value, in cents.' })
  amountIssuedCents!: number;

  @Field(() => Int, { description: 'Of which redeemed (or reimbursed).' })
  passesRedeemed!: number;
}

@ObjectType({ description: 'What a training structure redeemed and was paid back.' })
export class TrainerPassStats {
  @Field(() => ID, { description: ORGANIZATION_INDICATOR_ID })
  id!: string;

  @Field(() => Int, { description: 'Passes it has redeemed, ever (reimbursed or not).' })
  passesRedeemed!: number;

  @Field(() => SafeIntScalar, { description: 'Value of the passes redeemed, in cents.' })
  amountRedeemedCents!: number;

  @Field(() => Int, { description: 'Of which already paid back in a monthly reimbursement.' })
  passesReimbursed!: number;

  @Field(() => SafeIntScalar, { description: 'Amount reimbursed, in cents.' })
  amountReimbursedCents!: number;

  @Field(() => SafeIntScalar, { description: 'Redeemed, awaiting reimbursement, in cents.' })
  amountPendingCents!: number;
}

/**
 * One grouped SQL aggregate per batch of keys; keys with no row get `empty`. The SQL takes the keys as its
 * one `?::text[]` binding and returns a `key` column.
 */
export function aggregateLoader<T>(
  em: EntityManager,
  sql: string,
  toValue: (row: Record<string, string>) => T,
  empty: T,
  isValid: (key: string) => boolean = (k) => UUID_PATTERN.test(k),
): DataLoader<string, T> {
  return new DataLoader(async (keys: readonly string[]) => {
    const valid = [...new Set(keys.filter(isValid).map((k) => k.toLowerCase()))];
    const rows = valid.length ? await em.execute<Record<string, string>[]>(sql, [pgTextArray(valid)]) : [];
    const byKey = new Map(rows.map((row) => [String(row.key), toValue(row)]));
    return keys.map((k) => byKey.get(k.toLowerCase()) ?? empty);
  });
}

export function createPrescriberStatsLoader(em: EntityManager) {
  return aggregateLoader<Figures<PrescriberPassStats>>(
    em,
    `select c.prescriber_id as key,
       count(distinct c.id) as carnets,
       count(p.id) filter (where p.status <> 'CANCELLED') as passes,
       coalesce(sum(p.value_cents) filter (where p.status <> 'CANCELLED'), 0) as amount,
       count(p.id) filter (where p.status in ('REDEEMED', 'REIMBURSED')) as redeemed
     from carnet c join pass p on p.carnet_id = c.id
     where c.prescriber_id = any(?::text[]::uuid[])
     group by c.prescriber_id`,
    (r) => ({
      carnetsIssued: Number(r.carnets),
      passesIssued: Number(r.passes),
      amountIssuedCents: Number(r.amount),
      passesRedeemed: Number(r.redeemed),
    }),
    { carnetsIssued: 0, passesIssued: 0, amountIssuedCents: 0, passesRedeemed: 0 },
  );
}

export function createTrainerStatsLoader(em: EntityManager) {
  return aggregateLoader<Figures<TrainerPassStats>>(
    em,
    `select trainer_id as key,
       count(*) as redeemed,
       coalesce(sum(value_cents), 0) as amount,
       count(*) filter (where reimbursement_id is not null) as reimbursed,
       coalesce(sum(value_cents) filter (where reimbursement_id is not null), 0) as reimbursed_amount
     from redemption where trainer_id = any(?::text[]::uuid[])
     group by trainer_id`,
    (r) => ({
      passesRedeemed: Number(r.redeemed),
      amountRedeemedCents: Number(r.amount),
      passesReimbursed: Number(r.reimbursed),
      amountReimbursedCents: Number(r.reimbursed_amount),
      amountPendingCents: Number(r.amount) - Number(r.reimbursed_amount),
    }),
    {
      passesRedeemed: 0,
      amountRedeemedCents: 0,
      passesReimbursed: 0,
      amountReimbursedCents: 0,
      amountPendingCents: 0,
    },
  );
}

/** The latest N rows per parent in one query (a window function), for a batch of parents and one N. */
export function latestPerParent<T extends object>(
  em: EntityManager,
  entity: new () => T,
  table: string,
  parentColumn: string,
  orderBy: string,
): DataLoader<{ parent: string; first: number }, T[], string> {
  return new DataLoader(
    async (keys) => {
      const byFirst = groupBy(
        keys,
        (k) => k.first,
        (k) => k.parent.toLowerCase(),
      );
      const results = new Map<string, T[]>();
      for (const [first, parents] of byFirst) {
        const valid = [...new Set(parents.filter((p) => UUID_PATTERN.test(p)))];
        const rows = valid.length
          ? await em.execute<Record<string, unknown>[]>(
              `select * from (
                 select t.*, row_number() over (partition by t.${parentColumn} order by ${orderBy}) as rank_in_parent
                 from ${table} t where t.${parentColumn} = any(?::text[]::uuid[])
               ) ranked where rank_in_parent <= ? order by rank_in_parent`,
              [pgTextArray(valid), first],
            )
          : [];
        const byParent = groupBy(
          rows,
          (row) => `${row[parentColumn]}|${first}`,
          ({ rank_in_parent: _rank, ...columns }) => mapRow(em, entity, columns),
        );
        for (const [key, group] of byParent) results.set(key, group);
      }
      return keys.map((k) => results.get(`${k.parent.toLowerCase()}|${k.first}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.parent.toLowerCase()}|${k.first}` },
  );
}
