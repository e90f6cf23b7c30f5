import { requireOrganization, requireWriter } from '../../../common/auth';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, pageRequest, toConnection } from '../../shared/connection';
import { InputProblems } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { territoryReference } from '../../shared/territory';
import { escapeLike, foldForSearch } from '../../shared/text';
import type { PeopleContext } from '../context';
import { CommuneRef, OrganizationRef } from '../federation/stubs';
import { Permanence } from '../permanence/permanence.entity';
import { Person } from './person.entity';
import { PersonFilter, PersonInput } from './person.input';
import { applyPersonInput } from './person.write';
import { lockedKnownRow } from '../../shared/locked-row';

@ObjectType({ description: 'A page of Person results, Relay style.' })
export class PersonConnection extends Connection('Person', Person) {}

/** The people filter as a MikroORM condition; BAD_USER_INPUT names a malformed filter field. */
export function personWhere(filter: PersonFilter | undefined): Record<string, unknown> {
  const problems = new InputProblems();
  const territory = territoryReference();
  const where: Record<string, unknown> = {};
  if (!filter) return where;
  if (filter.text !== undefined && filter.text.length > 200)
    problems.add('filter.text', 'at most 200 characters');
  else if (filter.text?.trim()) where.searchText = { $like: `%${escapeLike(foldForSearch(filter.text))}%` };
  if (filter.roles?.length) where.role = { $in: filter.roles };
  if (filter.employerId != null) {
    if (!UUID_PATTERN.test(filter.employerId)) problems.add('filter.employerId', 'not an organization id');
    else where.employerId = filter.employerId;
  }
  const communes: string[][] = [];
  if (filter.inseeCode != null) {
    if (!territory.isCommune(filter.inseeCode)) problems.add('filter.inseeCode', 'unknown commune');
    communes.push([filter.inseeCode]);
  }
  if (filter.epciSiren != null) {
    if (!territory.isEpci(filter.epciSiren)) problems.add('filter.epciSiren', 'unknown EPCI');
    communes.push(territory.communesOf('epci', filter.epciSiren));
  }
  if (communes.length) where.inseeCode = { $in: communes.reduce((a, b) => a.filter((c) => b.includes(c))) };
  if (filter.habilitated != null) where.aidantsConnectHabilitated = filter.habilitated;
  problems.throwIfAny();
  return where;
}

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: 'A person by id; null when unknown.' })
  person(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: PeopleContext,
  ): Promise<Person | null> {
    return ctx.loaders.person.load(id);
  }

  @Query(() => PersonConnection, { nullable: true, description: 'People ordered by first name.' })
  async people(
    @Arg('filter', () => PersonFilter, {
      nullable: true,
      description: 'Criteria to match; all given must hold. None: everything.',
    })
    filter: PersonFilter | undefined,
    @Args() args: PageArgs,
    @Ctx() ctx: PeopleContext,
  ): Promise<PersonConnection> {
    const page = pageRequest(args);
    const where = personWhere(filter);
    const after = page.after as [string, string] | null;
    const keyset = after
      ? { $or: [{ firstName: { $gt: after[0] } }, { firstName: after[0], id: { $gt: after[1] } }] }
      : {};
    const [rows, totalCount] = await Promise.all([
      ctx.em.find(
        Person,
        { ...where, ...keyset },
        { orderBy: { firstName: 'asc', id: 'asc' }, limit: page.first + 1 },
      ),
      ctx.em.count(Person, where),
    ]);
    // The cursor carries the first name and id only: public fields, never the last name.
    return toConnection(rows, page, totalCount, (p) => [p.firstName, p.id]);
  }

  @FieldResolver(() => OrganizationRef, { nullable: true, description: 'The employer (places subgraph).' })
  employer(@Root() person: Person): OrganizationRef | null {
    return person.employerId ? { id: person.employerId } : null;
  }

  @FieldResolver(() => CommuneRef, {
    nullable: true,
    description:
      'The commune of the main place of work. Null, with an error on this path, when the places subgraph fails or does not know it.',
  })
  commune(@Root() person: Person): CommuneRef {
    return { inseeCode: person.inseeCode };
  }

  @FieldResolver(() => [Permanence], { description: 'Where and when to meet this person.' })
  permanences(@Root() person: Person, @Ctx() ctx: PeopleContext): Promise<Permanence[]> {
    return ctx.loaders.permanencesByPerson.load(person.id);
  }

  @Mutation(() => Person, { description: 'Creates a person; BAD_USER_INPUT names any invalid field.' })
  createPerson(
    @Arg('input', () => PersonInput, {
      description:
        'The new person: role, firstName, lastName and inseeCode are required (and profession for an aidant).',
    })
    input: PersonInput,
    @Ctx() ctx: PeopleContext,
  ): Promise<Person> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const person = new Person();
      await applyPersonInput(em, person, input, null);
      requireOrganization(ctx.viewer, person.employerId, 'create staff');
      em.persist(person);
      return person;
    });
  }

  @Mutation(() => Person, {
    description: 'Updates the fields given; BAD_USER_INPUT for an unknown id or invalid field.',
  })
  updatePerson(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Arg('input', () => PersonInput, {
      description: 'The fields to change; fields left out stay as they are, null clears an optional one.',
    })
    input: PersonInput,
    @Ctx() ctx: PeopleContext,
  ): Promise<Person> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const person = await lockedKnownRow(em, Person, id, 'person');
      requireOrganization(ctx.viewer, person.employerId, 'update staff');
      await applyPersonInput(em, person, input, person);
      requireOrganization(ctx.viewer, person.employerId, 'move staff');
      return person;
    });
  }
}
