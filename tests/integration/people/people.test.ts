import { bearer } from '../../helpers/auth';
import { graphql, startSubgraph, type RunningSubgraph } from '../../helpers/hub';
import { subgraphs } from '../../../subgraphs/registry';
import { stableId } from '../../../seeds/ids';
import { seedPeople } from '../../../seeds/catalog/people';
import { seedOrganizations } from '../../../seeds/catalog';

let people: RunningSubgraph;
let admin: Record<string, string>;
const q = (query: string, variables?: Record<string, unknown>) =>
  graphql(people.server.http, query, variables, admin);
const sql = async (text: string, bindings: unknown[] = []) =>
  people.db.orm.em.getConnection().execute(text, bindings);

beforeAll(async () => {
  admin = await bearer('admin');
  process.env.MAX_PAGE_SIZE = '1000';
  people = await startSubgraph(subgraphs.find((s) => s.definition.name === 'people')!);
});

afterAll(async () => {
  delete process.env.MAX_PAGE_SIZE;
  await people?.server.stop();
  await people?.db.close();
});

const orgId = (key: string) => seedOrganizations().find((o) => o.key === key)!.id;

describe('people subgraph: seeds', () => {
  it('holds the 39 conseillers numériques under their contract ids', async () => {
    const res = await q(
      '{ people(filter: { roles: [CONSEILLER_NUMERIQUE] }, first: 100) { totalCount edges { node { id } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.people.totalCount).toBe(39);
    const ids = new Set(res.data.people.edges.map((e: any) => e.node.id));
    for (let n = 1; n <= 39; n++)
      expect(ids).toContain(stableId('person', `conseiller-${String(n).padStart(2, '0')}`));
  });

  it('employs 4 conseillers at the Département and 3 at LGNum', async () => {
    const count = async (key: string) =>
      (
        await q(
          'query($e: ID!) { people(filter: { employerId: $e, roles: [CONSEILLER_NUMERIQUE] }) { totalCount } }',
          {
            e: orgId(key),
          },
        )
      ).data.people.totalCount;
    expect(await count('departement-47')).toBe(4);
    expect(await count('lgnum')).toBe(3);
  });

  it('holds a few hundred aidants, some habilitated Aidants Connect', async () => {
    const res = await q(
      '{ all: people(filter: { roles: [AIDANT_NUMERIQUE] }) { totalCount } habilitated: people(filter: { roles: [AIDANT_NUMERIQUE], habilitated: true }) { totalCount } }',
    );
    expect(res.data.all.totalCount).toBeGreaterThanOrEqual(200);
    expect(res.data.habilitated.totalCount).toBeGreaterThan(0);
    expect(res.data.habilitated.totalCount).toBeLessThan(res.data.all.totalCount);
  });

  it('seeds again without writing anything', async () => {
    const entry = subgraphs.find((s) => s.definition.name === 'people')!;
    const [before] = await sql('select count(*)::int as n from activity');
    expect(await entry.seed(people.db.orm.em.fork() as never)).toBe(false);
    const [after] = await sql('select count(*)::int as n from activity');
    expect(after.n).toBe(before.n);
    expect(before.n).toBeGreaterThan(5000);
  });
});

describe('people subgraph: lookups and lists', () => {
  it('returns a person by id with role, employer and permanences', async () => {
    const res = await q(
      'query($id: ID!) { person(id: $id) { firstName role employer { id } commune { inseeCode } permanences { openingHours place { id } presentAt(at: "2026-11-18T09:00:00Z") } } }',
      { id: stableId('person', 'conseiller-01') },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.person.role).toBe('CONSEILLER_NUMERIQUE');
    expect(res.data.person.employer.id).toBe(orgId('departement-47'));
    expect(res.data.person.permanences.length).toBeGreaterThanOrEqual(1);
  });

  it('returns null for an unknown or malformed person id', async () => {
    const res = await q(
      '{ a: person(id: "00000000-0000-4000-8000-000000000000") { id } b: person(id: "nope") { id } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: null, b: null });
  });

  it('filters people by commune and by EPCI', async () => {
    const agen = await q(
      '{ people(filter: { inseeCode: "47001" }, first: 1000) { totalCount edges { node { commune { inseeCode } } } } }',
    );
    expect(agen.data.people.totalCount).toBeGreaterThan(0);
    expect(agen.data.people.edges.every((e: any) => e.node.commune.inseeCode === '47001')).toBe(true);
    const epci = await q('{ people(filter: { epciSiren: "200096956" }, first: 1000) { totalCount } }');
    expect(epci.data.people.totalCount).toBeGreaterThan(agen.data.people.totalCount);
  });

  it('finds people by name without accents or case', async () => {
    const someone = seedPeople().find((p) => /[éèë]/.test(p.firstName))!;
    const text = someone.firstName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase();
    const res = await q(
      'query($t: String!) { people(filter: { text: $t }, first: 1000) { edges { node { id } } } }',
      {
        t: text,
      },
    );
    expect(res.data.people.edges.map((e: any) => e.node.id)).toContain(someone.id);
  });

  it('pages through people with cursors that carry no last name', async () => {
    const first = await q(
      '{ people(first: 5) { edges { cursor node { id lastName } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(first.data.people.pageInfo.hasNextPage).toBe(true);
    for (const edge of first.data.people.edges)
      expect(Buffer.from(edge.cursor, 'base64url').toString()).not.toContain(edge.node.lastName);
    const next = await q('query($a: String) { people(first: 5, after: $a) { edges { node { id } } } }', {
      a: first.data.people.pageInfo.endCursor,
    });
    const seen = new Set(first.data.people.edges.map((e: any) => e.node.id));
    expect(next.data.people.edges.some((e: any) => seen.has(e.node.id))).toBe(false);
  });

  it('refuses a malformed people filter with BAD_USER_INPUT naming the field', async () => {
    const res = await q('{ people(filter: { epciSiren: "123" }) { totalCount } }');
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe('filter.epciSiren');
  });

  it('filters activities by person, period, theme and type', async () => {
    const person = stableId('person', 'conseiller-02');
    const res = await q(
      `query($p: ID!) { activities(filter: { personId: $p, from: "2026-01-01", to: "2026-03-31", theme: EMAIL, types: [INDIVIDUEL] }, first: 1000) {
        totalCount edges { node { date type themes person { id } } } } }`,
      { p: person },
    );
    expect(res.errors).toBeUndefined();
    const [{ n }] = await sql(
      `select count(*)::int as n from activity where person_id = ? and date between '2026-01-01' and '2026-03-31'
       and 'email' = any(themes) and type = 'individuel'`,
      [person],
    );
    expect(res.data.activities.totalCount).toBe(n);
    expect(n).toBeGreaterThan(0);
    for (const { node } of res.data.activities.edges) {
      expect(node.person.id).toBe(person);
      expect(node.themes).toContain('EMAIL');
      expect(node.date >= '2026-01-01' && node.date <= '2026-03-31').toBe(true);
    }
  });

  it('lists activities most recent first across pages', async () => {
    const first = await q('{ activities(first: 3) { edges { node { id date } } pageInfo { endCursor } } }');
    const next = await q(
      'query($a: String) { activities(first: 3, after: $a) { edges { node { id date } } } }',
      {
        a: first.data.activities.pageInfo.endCursor,
      },
    );
    const dates = [...first.data.activities.edges, ...next.data.activities.edges].map(
      (e: any) => e.node.date,
    );
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('marks last name, e-mail and phone as personal data in the schema', async () => {
    const { readFileSync } = await import('node:fs');
    const sdl = readFileSync('schema/people.graphql', 'utf8');
    const person = sdl.slice(sdl.indexOf('type Person'), sdl.indexOf('}', sdl.indexOf('type Person')));
    for (const field of ['lastName', 'email', 'phone'])
      expect(person).toMatch(new RegExp(`${field}: [A-Za-z]+!? @tag\\(name: "personal-data"\\)`));
    expect(person).toMatch(/firstName: String!\n/);
  });
});

describe('people subgraph: federation', () => {
  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
    ... on Person { id firstName }
    ... on Place { id permanences { id } conseillers { id } }
    ... on Organization { id staff { id } } } }`;

  it('resolves Person references, and null for unknown ones', async () => {
    const known = stableId('person', 'aidant-001');
    const res = await q(ENTITIES, {
      r: [
        { __typename: 'Person', id: known },
        { __typename: 'Person', id: '00000000-0000-4000-8000-000000000000' },
        { __typename: 'Person', id: 'nope' },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { id: known, firstName: seedPeople().find((p) => p.id === known)!.firstName },
      null,
      null,
    ]);
  });

  it('extends a batch of places and organizations with a fixed number of statements', async () => {
    const statements = async (placeKeys: string[]) => {
      const before = people.server.metrics.sqlStatements;
      const res = await q(ENTITIES, {
        r: [
          ...placeKeys.map((k) => ({ __typename: 'Place', id: stableId('place', k) })),
          { __typename: 'Organization', id: orgId('departement-47') },
        ],
      });
      expect(res.errors).toBeUndefined();
      expect(res.data._entities.at(-1).staff.length).toBeGreaterThan(4);
      return people.server.metrics.sqlStatements - before;
    };
    const few = await statements(['cms:agen']);
    const many = await statements([
      'cms:agen',
      'cms:marmande',
      'bib:47001',
      'tiers-lieu:le-wez',
      'mairie:47017',
    ]);
    expect(many).toBe(few);
  });
});
