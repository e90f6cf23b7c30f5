import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { requireAdmin } from '../../../common/auth';
import { badUserInput } from '../../shared/errors';
import { DateTimeScalar } from '../../shared/scalars';
import type { PeopleContext } from '../context';

@ObjectType({ description: 'The checkpoint of one La Coop resource the sync reads incrementally.' })
export class LacoopCheckpoint {
  @Field({ description: 'The La Coop route: `activites` or `structures`.' })
  resource!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The next run asks for changes since this instant (null: never completed, everything).',
  })
  since!: Date | null;

  @Field({ description: 'A run was interrupted: the next one resumes at its stored cursor.' })
  inProgress!: boolean;

  @Field(() => Int, { description: 'Pages committed by the current (or last) run.' })
  pages!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When a run last completed.' })
  completedAt!: Date | null;
}

@ObjectType({ description: 'A La Coop record kept out of the hub, and why.' })
export class LacoopRejection {
  @Field({ description: 'The La Coop route it came from: `activites` or `utilisateurs`.' })
  resource!: string;

  @Field({ description: 'Its La Coop id.' })
  upstreamId!: string;

  @Field({ description: 'Why it could not be mapped, e.g. `no thematique`.' })
  reason!: string;

  @Field(() => DateTimeScalar, { description: 'When a sync last met it.' })
  seenAt!: Date;
}

@ObjectType({ description: 'Where the La Coop sync stands: checkpoints and the records currently kept out.' })
export class LacoopSyncStatus {
  @Field(() => [LacoopCheckpoint], { description: 'One per incremental resource.' })
  checkpoints!: LacoopCheckpoint[];

  @Field(() => Int, { description: 'Records currently kept out.' })
  rejectionCount!: number;

  @Field(() => [LacoopRejection], { description: 'The most recently seen rejections, newest first.' })
  rejections!: LacoopRejection[];
}

const at = (value: Date | string | null) => (value == null ? null : new Date(value));

@Resolver()
export class LacoopSyncStatusResolver {
  @Query(() => LacoopSyncStatus, {
    nullable: true,
    description: 'Admin: the La Coop sync’s checkpoints and current rejections.',
  })
  async lacoopSyncStatus(
    @Arg('rejections', () => Int, { defaultValue: 20, description: 'How many rejections to list (0–100).' })
    limit: number,
    @Ctx() ctx: PeopleContext,
  ): Promise<LacoopSyncStatus> {
    requireAdmin(ctx.viewer);
    if (!Number.isInteger(limit) || limit < 0 || limit > 100)
      throw badUserInput('rejections', 'between 0 and 100');
    const rows = async <T>(sql: string, params: unknown[] = []) =>
      ((await ctx.em.execute(sql, params)) as unknown[]).flat() as T[];
    const [states, [count], rejections] = await Promise.all([
      rows<{
        resource: string;
        since: Date | null;
        run_started_at: Date | null;
        pages: number;
        completed_at: Date | null;
      }>(
        `select resource, since, run_started_at, pages, completed_at from lacoop_sync_state
         where resource <> 'lease' order by resource`,
      ),
      rows<{ n: string }>(`select count(*) as n from lacoop_sync_rejection`),
      rows<{ resource: string; upstream_id: string; reason: string; seen_at: Date }>(
        `select resource, upstream_id, reason, seen_at from lacoop_sync_rejection
         order by seen_at desc, resource, upstream_id limit ?`,
        [limit],
      ),
    ]);
    return {
      checkpoints: states.map((s) => ({
        resource: s.resource,
        since: at(s.since),
        inProgress: s.run_started_at != null,
        pages: Number(s.pages),
        completedAt: at(s.completed_at),
      })),
      rejectionCount: Number(count.n),
      rejections: rejections.map((r) => ({
        resource: r.resource,
        upstreamId: r.upstream_id,
        reason: r.reason,
        seenAt: new Date(r.seen_at),
      })),
    };
  }
}
