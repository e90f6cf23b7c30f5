import { readFileSync } from 'node:fs';
import { buildSchema, Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { SignJWT } from 'jose';
import { startHub, graphql, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';
import { seedOrganizations, seedPlaces } from '../../seeds/catalog';
import { DEVELOPMENT_SECRET, type TokenRole } from '../../subgraphs/shared/auth';

let hub: Hub;
const headers: Record<string, Record<string, string>> = {};

// Partner A runs places in the seeds; partner B is another organization.
const placeOfA =
  seedPlaces().find((p) => p.organizationKey === seedOrganizations().find((o) => o.key === 'caf-47')?.key) ??
  seedPlaces()[0];
const orgA = seedOrganizations().find((o) => o.key === placeOfA.organizationKey)!;
const orgB = seedOrganizations().find((o) => o.id !== orgA.id && o.kind === 'ASSOCIATION')!;

const ROLES = ['public', 'partnerA', 'partnerB', 'analyst', 'prefecture', 'admin'] as const;
type Caller = (typeof ROLES)[number];

beforeAll(async () => {
  hub = await startHub();
  headers.public = {};
  headers.partnerA = await bearer('partner', orgA.id);
  headers.partnerB = await bearer('partner', orgB.id);
  for (const role of ['analyst', 'prefecture', 'admin'] as TokenRole[]) headers[role] = await bearer(role);
});

afterAll(async () => {
  await hub?.stop();
});

const targets = () => ({ gateway: hub.gateway.http, places: hub.subgraphs.places.server.http });

async function sign(
  claims: Record<string, unknown>,
  secret = DEVELOPMENT_SECRET,
  expiresIn: string | number = '1h',
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('t')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

describe('tokens', () => {
  const cases: [string, () => Promise<string>][] = [
    [
      'an expired token',
      () => sign({ role: 'admin' }, DEVELOPMENT_SECRET, Math.floor(Date.now() / 1000) - 60),
    ],
    ['a token signed with another secret', () => sign({ role: 'admin' }, 'x'.repeat(40))],
    [
      'a tampered token',
      async () => {
        const [h, , s] = (await sign({ role: 'analyst' })).split('.');
        const payload = Buffer.from(JSON.stringify({ role: 'admin', sub: 't', exp: 9999999999 })).toString(
          'base64url',
        );
        return `${h}.${payload}.${s}`;
      },
    ],
    ['a token with an unknown role', () => sign({ role: 'superuser' })],
    ['a partner token without organization', () => sign({ role: 'partner' })],
    [
      'an unsigned token',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"admin","sub":"t","exp":9999999999}').toString('base64url')}.`,
    ],
  ];

  it.each(cases)(
    'refuses %s with 401 UNAUTHENTICATED, at the gateway and at the subgraph',
    async (_label, make) => {
      const token = await make();
      for (const server of Object.values(targets())) {
        const res = await graphql(server, '{ places(first: 1) { totalCount } }', undefined, {
          authorization: `Bearer ${token}`,
        });
        expect(res.status).toBe(401);
        expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(res.data ?? null).toBeNull();
      }
    },
  );

  it('refuses a malformed Authorization header rather than treating the caller as public', async () => {
    const res = await hub.query('{ places(first: 1) { totalCount } }', undefined, {
      authorization: 'Basic abc',
    });
    expect(res.status).toBe(401);
  });

  it('lets a caller without a token read public data', async () => {
    const res = await hub.query('{ places(first: 1) { totalCount } }');
    expect(res.status).toBe(200);
    expect(res.data.places.totalCount).toBeGreaterThan(0);
  });
});

/** Each mutation of the supergraph: how to call it, and which callers may. */
interface MutationCase {
  allowed: Caller[];
  /** Returns the query and variables; may prepare fixtures with the admin token. */
  call: () => Promise<{ query: string; variables?: Record<string, unknown> }>;
}

const admin = (query: string, variables?: Record<string, unknown>) =>
  graphql(hub.gateway.http, query, variables, headers.admin);
let counter = 0;
const newPlace = async (organizationId: string) => {
  const res = await admin('mutation($i: PlaceInput!) { createPlace(input: $i) { id } }', {
    i: {
      organizationId,
      name: `Lieu ${++counter}`,
      address: '1 rue Test',
      postalCode: '47000',
      inseeCode: '47001',
    },
  });
  return res.data.createPlace.id as string;
};
const newOrganization = async () => {
  const res = await admin('mutation($i: OrganizationInput!) { createOrganization(input: $i) { id } }', {
    i: {
      name: `Org ${++counter}`,
      kind: 'ASSOCIATION',
      rna: `W47${String(900000 + counter).padStart(7, '0')}`,
    },
  });
  return res.data.createOrganization.id as string;
};

const MUTATIONS: Record<string, MutationCase> = {
  createOrganization: {
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($i: OrganizationInput!) { createOrganization(input: $i) { id } }',
      variables: {
        i: {
          name: `Nouvelle ${++counter}`,
          kind: 'ASSOCIATION',
          rna: `W47${String(800000 + counter).padStart(7, '0')}`,
        },
      },
    }),
  },
  updateOrganization: {
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($id: ID!) { updateOrganization(id: $id, input: { name: "Renommée" }) { id } }',
      variables: { id: orgA.id },
    }),
  },
  deleteOrganization: {
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($id: ID!) { deleteOrganization(id: $id) }',
      variables: { id: await newOrganization() },
    }),
  },
  createPlace: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($i: PlaceInput!) { createPlace(input: $i) { id } }',
      variables: {
        i: {
          organizationId: orgA.id,
          name: 'Lieu de A',
          address: '1 rue A',
          postalCode: '47000',
          inseeCode: '47001',
        },
      },
    }),
  },
  updatePlace: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { updatePlace(id: $id, input: { summary: "Mis à jour" }) { id } }',
      variables: { id: await newPlace(orgA.id) },
    }),
  },
  deletePlace: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { deletePlace(id: $id) }',
      variables: { id: await newPlace(orgA.id) },
    }),
  },
};

describe('who may call each mutation', () => {
  it('covers every mutation of the supergraph', () => {
    const schema = buildSchema(readFileSync('schema/supergraph.graphql', 'utf8'), { assumeValidSDL: true });
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual(Object.keys(MUTATIONS).sort());
  });

  const matrix = Object.entries(MUTATIONS).flatMap(([name, c]) =>
    (['gateway', 'places'] as const).flatMap((target) =>
      ROLES.map((caller) => [name, caller, target, c.allowed.includes(caller)] as const),
    ),
  );

  it.each(matrix)('%s as %s through %s: allowed=%s', async (name, caller, target, allowed) => {
    const { query, variables } = await MUTATIONS[name].call();
    const server = targets()[target];
    const before = await rowCounts();
    const res = await graphql(server, query, variables, headers[caller]);
    if (allowed) {
      expect(res.errors).toBeUndefined();
      expect(res.data[name]).toBeTruthy();
    } else {
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(res.data?.[name] ?? null).toBeNull();
      expect(await rowCounts()).toEqual(before);
    }
  });
});

async function rowCounts() {
  const em = hub.subgraphs.places.db.orm.em.fork();
  const rows = await em
    .getConnection()
    .execute<{ t: string; n: string; u: string }[]>(
      "select 'place' as t, count(*) as n, max(updated_at)::text as u from place union all select 'organization', count(*), max(updated_at)::text from organization",
    );
  return rows.map((r: { t: string; n: string; u: string }) => `${r.t}:${r.n}:${r.u}`);
}

describe('personal data', () => {
  it('lists every field tagged personal-data in the supergraph, each nullable so a denial keeps the rest', () => {
    const doc = parse(readFileSync('schema/supergraph.graphql', 'utf8'));
    const tagged = doc.definitions
      .filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION)
      .flatMap((t) =>
        (t.fields ?? [])
          .filter((f) =>
            f.directives?.some((d) => d.name.value === 'tag' && JSON.stringify(d).includes('personal-data')),
          )
          .map((f) => ({
            type: t.name.value,
            field: f.name.value,
            nonNull: f.type.kind === Kind.NON_NULL_TYPE,
          })),
      );
    expect(tagged.filter((t) => t.nonNull)).toEqual([]);
  });
});

describe('query limits at the gateway', () => {
  const fetches = () =>
    Object.values(hub.gateway.metrics.snapshot().subgraphFetches).reduce((a, b) => a + b, 0);

  it.each([
    [
      'an alias bomb',
      `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: places(first: 1) { totalCount }`).join(' ')} }`,
      /alias/i,
    ],
    [
      'a 50-deep query',
      `{ commune(inseeCode: "47001") { ${'epci { communes { '.repeat(25)} name ${'} } '.repeat(25)} } }`,
      /depth|cost/i,
    ],
    ['a huge query', `{ places(first: 1) { edges { node { ${'name '.repeat(4000)} } } } }`, /token/i],
    [
      'a directive flood',
      `{ places(first: 1) @include(if: true) ${'@skip(if: false) '.repeat(50)} { totalCount } }`,
      /directive/i,
    ],
  ])('refuses %s with a clear error before any subgraph fetch', async (_label, query, message) => {
    const before = fetches();
    const res = await hub.query(query);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].message).toMatch(message);
    expect(fetches()).toBe(before);
  });

  it('lets the README’s reporting query through', async () => {
    const res =
      await hub.query(`{ departement(code: "47") { name placeStats(from: "2026-01-01", to: "2026-12-31") { places toCheck toUpdate acceptingPassNumerique }
      epcis { siren name communes { name } placeStats(from: "2026-01-01", to: "2026-12-31") { places } } } }`);
    expect(res.errors).toBeUndefined();
  });
});
