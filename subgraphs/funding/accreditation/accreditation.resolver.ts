import { requireAdmin } from '../../../common/auth';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import type { FundingContext } from '../context';
import { OrganizationRef, organizationRef } from '../federation/stubs';
import { todayInParis } from '../../shared/today';
import { Accreditation } from './accreditation.entity';
import { PassAccreditationRole } from './accreditation.enums';
import { mapRow } from '../rows';

@Resolver(() => Accreditation)
export class AccreditationResolver {
  @Query(() => [Accreditation], {
    nullable: true,
    description: 'The accreditation registry, optionally one role and active only.',
  })
  passAccreditations(
    @Arg('role', () => PassAccreditationRole, {
      nullable: true,
      description: 'Only this role; all roles when absent.',
    })
    role: PassAccreditationRole | undefined,
    @Arg('activeOnly', { defaultValue: true, description: 'Only the accreditations in force.' })
    activeOnly: boolean,
    @Ctx() ctx: FundingContext,
  ): Promise<Accreditation[]> {
    return ctx.em.find(
      Accreditation,
      { ...(role ? { role } : {}), ...(activeOnly ? { active: true } : {}) },
      { orderBy: { role: 'asc', organizationId: 'asc' } },
    );
  }

  @FieldResolver(() => OrganizationRef, {
    nullable: true,
    description:
      'The accredited organization. Null, with an error on this path, when the places subgraph fails or does not know it.',
  })
  organization(@Root() accreditation: Accreditation): OrganizationRef {
    return organizationRef(accreditation.organizationId);
  }

  @Mutation(() => Accreditation, {
    description:
      'Grants (active: true) or withdraws an accreditation to prescribe or redeem passes; `since` moves when it changes.',
  })
  setPassAccreditation(
    @Arg('organizationId', () => ID, { description: 'The organization (Organization id).' })
    organizationId: string,
    @Arg('role', () => PassAccreditationRole, { description: 'The accreditation to grant or withdraw.' })
    role: PassAccreditationRole,
    @Arg('active', { description: 'true grants it, false withdraws it.' }) active: boolean,
    @Ctx() ctx: FundingContext,
  ): Promise<Accreditation> {
    requireAdmin(ctx.viewer);
    if (!UUID_PATTERN.test(organizationId)) throw badUserInput('organizationId', 'not an organization id');
    return ctx.em.transactional(async (em) => {
      const [row] = await em.execute<Record<string, unknown>[]>(
        `insert into accreditation (organization_id, role, active, since, created_at, updated_at)
         values (?, ?, ?, ?::date, now(), now())
         on conflict (organization_id, role) do update set
           active = excluded.active,
           since = case when accreditation.active = excluded.active then accreditation.since else excluded.since end,
           updated_at = now()
         returning *`,
        [organizationId.toLowerCase(), role, active, todayInParis()],
      );
      return mapRow(em, Accreditation, row);
    });
  }
}
