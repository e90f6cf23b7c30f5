import { requireOrganization, requireWriter, scopeOfRead } from '../../../common/auth';
import { employerOf } from '../ownership';
import { Arg, Args, Ctx, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, pageRequest, toConnection } from '../../shared/connection';
import { InputProblems } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { territoryReference } from '../../shared/territory';
import type { PeopleContext } from '../context';
import { CommuneRef, PlaceRef } from '../federation/stubs';
import { Person } from '../person/person.entity';
import { Activity } from './activity.entity';
import { ActivityFilter, ActivityInput } from './activity.input';
import { buildActivity } from './activity.write';

@ObjectType({ description: 'A page of Activity results, Relay style.' })
export class ActivityConnection extends Connection('Activity', Activity) {}

/** The activities filter as a MikroORM condition; BAD_USER_INPUT names a malformed filter field. */
export function activityWhere(filter: ActivityFilter | undefined): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (!filter) return where;
  const problems = new InputProblems();
  for (const field of ['personId', 'placeId'] as const) {
    const value = filter[field];
    if (value == null) continue;
    if (!UUID_PATTERN.test(value)) problems.add(`filter.${field}`, 'not an id');
    else where[field] = value;
  }
  const from = filter.from?.toISOString().slice(0, 10);
  const to = filter.to?.toISOString().slice(0, 10);
  if (from && to && from > to) problems.add('filter.from', 'must not be after `to`');
  if (from || to) where.date = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
  if (filter.theme) where.themes = { $contains: [filter.theme] };
  if (filter.types?.length) where.type = { $in: filter.types };
  if (filter.inseeCode != null) {
    if (!territoryReference().isCommune(filter.inseeCode))
      problems.add('filter.inseeCode', 'unknown commune');
    where.inseeCode = filter.inseeCode;
  }
  problems.throwIfAny();
  return where;
}

@Resolver(() => Activity)
export class ActivityResolver {
  @Query(() => ActivityConnection, { nullable: true, description: 'Activity reports, most recent first.' })
  async activities(
    @Arg('filter', () => ActivityFilter, {
      nullable: true,
      description: 'Criteria to match; all given must hold. None: everything.',
    })
    filter: ActivityFilter | undefined,
    @Args() args: PageArgs,
    @Ctx() ctx: PeopleContext,
  ): Promise<ActivityConnection> {
    const page = pageRequest(args);
    // Activity reports are anonymous but not public: partners read those of their own staff.
    const scope = scopeOfRead(ctx.viewer, 'activity reports');
    const staffIds = scope
      ? (await ctx.em.find(Person, { employerId: scope }, { fields: ['id'] })).map((p) => p.id)
      : null;
    const where = staffIds
      ? { $and: [activityWhere(filter), { personId: { $in: staffIds } }] }
      : activityWhere(filter);
    const after = page.after as [string, string] | null;
    const keyset = after
      ? { $or: [{ date: { $lt: after[0] } }, { date: after[0], id: { $lt: after[1] } }] }
      : {};
    const [rows, totalCount] = await Promise.all([
      ctx.em.find(
        Activity,
        { $and: [where, keyset] },
        { orderBy: { date: 'desc', id: 'desc' }, limit: page.first + 1 },
      ),
      ctx.em.count(Activity, where),
    ]);
    return toConnection(rows, page, totalCount, (a) => [a.date, a.id]);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Who gave the help.' })
  person(@Root() activity: Activity, @Ctx() ctx: PeopleContext): Promise<Person | null> {
    return ctx.loaders.person.load(activity.personId);
  }

  @FieldResolver(() => PlaceRef, { nullable: true, description: 'Where, for help at a place.' })
  place(@Root() activity: Activity): PlaceRef | null {
    return activity.placeId ? { id: activity.placeId } : null;
  }

  @FieldResolver(() => CommuneRef, {
    nullable: true,
    description:
      'The commune of `inseeCode`. Null, with an error on this path, when the places subgraph fails or does not know it.',
  })
  commune(@Root() activity: Activity): CommuneRef {
    return { inseeCode: activity.inseeCode };
  }

  @Mutation(() => Activity, {
    description: 'Records an activity report; BAD_USER_INPUT names any invalid field and nothing is written.',
  })
  recordActivity(
    @Arg('input', () => ActivityInput, {
      description:
        'The report: who, where, when, how long, on what themes, and the anonymous participant profile.',
    })
    input: ActivityInput,
    @Ctx() ctx: PeopleContext,
  ): Promise<Activity> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const activity = await buildActivity(em, input);
      requireOrganization(
        ctx.viewer,
        await employerOf(em, activity.personId),
        'record activities of the staff',
      );
      em.persist(activity);
      return activity;
    });
  }
}
