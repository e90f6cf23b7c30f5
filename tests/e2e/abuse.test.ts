import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isObjectType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { readTrustedDocuments } from '../../gateway/trusted-documents';
import { SignJWT } from 'jose';
import { bearer } from '../helpers/auth';
import { Fuzzer, operationFor } from '../helpers/fuzz';
import { graphql, startHub, startSubgraph, type GraphQLResponse, type Hub } from '../helpers/hub';
import { subgraphs } from '../../subgraphs/registry';

let hub: Hub;
let admin: Record<string, string>;
let placeId: string;
let personId: string;
const ids: string[] = [];

/** Rows and latest change of every table of every subgraph: "nothing written" means this does not move. */
async function fingerprint(): Promise<string> {
  const parts: string[] = [];
  for (const [name, sub] of Object.entries(hub.subgraphs)) {
    const connection = sub.db.orm.em.getConnection();
    const tables = await connection.execute(
      `select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'mikro_orm_migrations'
        order by table_name`,
    );
    for (const { table_name } of tables) {
      const [row] = await connection.execute(`select count(*)::text as n from "${table_name}"`);
      parts.push(`${name}.${table_name}=${row.n}`);
    }
  }
  return parts.join(' ');
}

const noServerError = (label: string, res: GraphQLResponse) => {
  const internal = (res.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
  expect({ label, status: res.status < 500, internal }).toEqual({ label, status: true, internal: [] });
  expect(JSON.stringify(res.errors ?? [])).not.toMatch(/http:\/\/|127\.0\.0\.1|stacktrace/);
};

const REGISTERED = 'query PlaceCount { places(first: 1) { totalCount } }';
const REGISTERED_ID = createHash('sha256').update(REGISTERED).digest('hex');

beforeAll(async () => {
  hub = await startHub({ trustedDocuments: new Map([[REGISTERED_ID, REGISTERED]]) });
  admin = await bearer('admin');
  const d = (
    await hub.query(
      `{ places(first: 3) { edges { node { id } } } people(first: 3) { edges { node { id } } }
         organizations(first: 3) { edges { node { id } } } trainingSessions(first: 3) { edges { node { id } } }
         carnets(first: 3) { edges { node { id } } } }`,
      undefined,
      admin,
    )
  ).data;
  for (const connection of Object.values(d) as any[])
    ids.push(...connection.edges.map((e: any) => e.node.id));
  placeId = d.places.edges[0].node.id;
  personId = d.people.edges[0].node.id;
});

afterAll(async () => {
  await hub?.stop();
});

describe('no request stalls a subgraph', () => {
  const UPDATE = `mutation($id: ID!, $oh: String) { updatePlace(id: $id, input: { openingHours: $oh }) { id } }`;
  it.each([
    ['16,000 characters', 16_000],
    ['1 MB', 1_000_000],
  ])('refuses opening hours of %s quickly, as bad input', async (_, size) => {
    const oh = 'Mo-Fr 09:00-12:00,14:00-18:00; '.repeat(size / 30).slice(0, size);
    const started = Date.now();
    const res = await request(hub.gateway.http)
      .post('/graphql')
      .set({ 'content-type': 'application/json', ...admin })
      .send({ query: UPDATE, variables: { id: placeId, oh } });
    expect(Date.now() - started).toBeLessThan(3000);
    if (res.status === 413) return; // over the body limit: refused before reading it all
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.openingHours',
    });
    // Straight to the subgraph (signed, as the gateway would): the same.
    const direct = await graphql(hub.subgraphs.places.server.http, UPDATE, { id: placeId, oh }, admin);
    expect(direct.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses 300 aliases straight to a subgraph, as the gateway does', async () => {
    const query = `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: places(first: 100) { totalCount }`).join(' ')} }`;
    const started = Date.now();
    const direct = await graphql(hub.subgraphs.places.server.http, query, undefined, {});
    expect(direct.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('subgraphs follow the gateway’s production rules', () => {
  it('turns introspection and `_service { sdl }` off with INTROSPECTION=false', async () => {
    process.env.INTROSPECTION = 'false';
    let sub: Awaited<ReturnType<typeof startSubgraph>> | undefined;
    try {
      sub = await startSubgraph(subgraphs.find((s) => s.definition.name === 'funding')!);
    } finally {
      delete process.env.INTROSPECTION;
    }
    try {
      for (const query of ['{ _service { sdl } }', '{ __schema { types { name } } }']) {
        const res = await graphql(sub.server.http, query, undefined, admin);
        expect(res.status).toBe(400);
        expect(res.data).toBeUndefined();
      }
      // Entities still resolve: the gateway needs them.
      const res = await graphql(
        sub.server.http,
        'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
        {
          r: [],
        },
      );
      expect(res.errors).toBeUndefined();
    } finally {
      await sub.server.stop();
      await sub.db.close();
    }
  });
});

describe('bad input is BAD_USER_INPUT naming the field', () => {
  it('re-codes an invalid DateTime, as a literal or a variable, without internal URLs', async () => {
    const literal = await hub.query(`{ places(filter: { openAt: "2026-02-30T10:00:00Z" }) { totalCount } }`);
    noServerError('literal', literal);
    expect(literal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.openAt' });
    const variable = await hub.query(
      `query($at: DateTime) { places(filter: { openAt: $at }) { totalCount } }`,
      {
        at: '2026-02-30T10:00:00Z',
      },
    );
    noServerError('variable', variable);
    expect(variable.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.openAt' });
  });

  it('checks the variables of a document it has seen before, and refuses its literals again', async () => {
    // The gateway and each subgraph walk a document's text once and keep what it says; each request's variables are
    // still checked, through the gateway and straight to the subgraph.
    const BY_COMMUNES = `query($c: [String!]) { places(filter: { inseeCodes: $c }, first: 1) { totalCount } }`;
    const many = Array.from({ length: 501 }, (_, i) => String(47001 + i));
    for (const server of [hub.gateway.http, hub.subgraphs.places.server.http]) {
      expect((await graphql(server, BY_COMMUNES, { c: ['47001'] })).errors).toBeUndefined();
      const refused = await graphql(server, BY_COMMUNES, { c: many });
      expect(refused.status).toBe(400);
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'filter.inseeCodes',
      });
      expect((await graphql(server, BY_COMMUNES, { c: ['47001'] })).errors).toBeUndefined();
      const TEXT = `query($c: [String!]) { places(filter: { inseeCodes: $c, text: "Le\\u0000Wez" }) { totalCount } }`;
      for (const c of [['47001'], many]) {
        const literal = await graphql(server, TEXT, { c });
        expect(literal.errors?.[0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: c === many ? 'filter.inseeCodes' : 'filter.text',
        });
      }
    }
  });

  it('refuses control characters in text', async () => {
    const res = await hub.query(
      `mutation($id: ID!, $name: String) { updatePlace(id: $id, input: { name: $name }) { id } }`,
      { id: placeId, name: 'Le\u0000Wez' },
      admin,
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });

  it('refuses an explicit null for a required column before SQL, writing nothing', async () => {
    const before = await fingerprint();
    const place = await hub.query(
      `mutation($id: ID!) { updatePlace(id: $id, input: { latitude: null }) { id latitude } }`,
      { id: placeId },
      admin,
    );
    expect(place.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.latitude' });
    const person = await hub.query(
      `mutation($id: ID!) { updatePerson(id: $id, input: { trainingStatus: null }) { id } }`,
      { id: personId },
      admin,
    );
    expect(person.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.trainingStatus',
    });
    const after = await hub.query(`query($id: ID!) { place(id: $id) { latitude } }`, { id: placeId });
    expect(after.data.place.latitude).toEqual(expect.any(Number));
    expect(await fingerprint()).toBe(before);
  });

  it('answers the token limit with a 400', async () => {
    const query = `{ ${Array.from({ length: 4000 }, () => '__typename').join(' ')} }`;
    const res = await hub.query(query);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const direct = await graphql(hub.subgraphs.places.server.http, query, undefined, {});
    expect(direct.status).toBe(400);
  });
});

describe('tokens and the gateway’s own routes', () => {
  it('accepts the Bearer scheme in any case', async () => {
    const token = admin.authorization.slice('Bearer '.length);
    for (const scheme of ['bearer', 'BEARER', 'Bearer'])
      expect(
        (await hub.query('{ __typename }', undefined, { authorization: `${scheme} ${token}` })).status,
      ).toBe(200);
  });

  it('refuses a token that lives longer than the maximum (a day by default)', async () => {
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('t')
      .setIssuedAt()
      .setExpirationTime('100y')
      .sign(new TextEncoder().encode(process.env.JWT_SECRET!));
    const res = await hub.query('{ __typename }', undefined, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
  });

  it('serves /metrics to admins only', async () => {
    await request(hub.gateway.http).get('/metrics').expect(401);
    await request(hub.gateway.http)
      .get('/metrics')
      .set(await bearer('analyst'))
      .expect(403);
    await request(hub.gateway.http).get('/metrics').set(admin).expect(200);
  });

  it('runs a registered operation by id, for first-party frontends', async () => {
    const res = await request(hub.gateway.http)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ extensions: { persistedQuery: { version: 1, sha256Hash: REGISTERED_ID } } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.places.totalCount).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'trusted-'));
    const forged = join(dir, 'manifest.json');
    writeFileSync(
      forged,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: REGISTERED_ID, name: 'X', type: 'query', body: '{ __typename }' }],
      }),
    );
    expect(() => readTrustedDocuments(forged)).toThrow(/not the SHA-256/);
    rmSync(dir, { recursive: true });
  });

  it('keeps no shared cache of persisted queries', async () => {
    const res = await request(hub.gateway.http)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });
});

describe('fuzzed inputs of every mutation and filter, generated from the schema', () => {
  const schemaOf = async (server: Parameters<typeof graphql>[0]): Promise<GraphQLSchema> =>
    buildClientSchema((await graphql(server, getIntrospectionQuery(), undefined, admin)).data);
  const returnsObject = (f: GraphQLField<unknown, unknown>) => isObjectType(getNamedType(f.type));

  it('answers no 5xx, writes nothing and leaks nothing, through the gateway and straight to each subgraph', async () => {
    const before = await fingerprint();
    const fuzzer = new Fuzzer(47, ids);
    const targets: [string, Parameters<typeof graphql>[0]][] = [
      ['gateway', hub.gateway.http],
      ...Object.entries(hub.subgraphs).map(
        ([n, s]) => [n, s.server.http] as [string, Parameters<typeof graphql>[0]],
      ),
    ];
    let sent = 0;
    for (const [target, server] of targets) {
      const schema = await schemaOf(server);
      const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
      const filtered = Object.values(schema.getQueryType()!.getFields()).filter(
        (f) => f.args.length > 0 && !f.name.startsWith('_'),
      );
      const cases = target === 'gateway' ? 4 : 2;
      for (const field of [...mutations, ...filtered]) {
        const kind = mutations.includes(field) ? 'mutation' : 'query';
        const operation = operationFor(kind, field.name, field.args, returnsObject(field));
        for (let i = 0; i < cases; i++) {
          const { variables, poisoned } = fuzzer.invalidArguments(field.args);
          const res = await graphql(server, operation, variables, admin);
          sent++;
          noServerError(`${target} ${field.name} ${poisoned}`, res);
          expect({ field: field.name, poisoned, refused: Boolean(res.errors?.length) }).toEqual({
            field: field.name,
            poisoned,
            refused: true,
          });
          if (kind === 'mutation') expect(res.data?.[field.name] ?? null).toBeNull();
        }
      }
    }
    expect(sent).toBeGreaterThan(150);
    expect(await fingerprint()).toBe(before);
  });

  it('answers plausible but random inputs of every mutation and filter without a 5xx', async () => {
    const fuzzer = new Fuzzer(2026, ids);
    const schema = await schemaOf(hub.gateway.http);
    const fields = [
      ...Object.values(schema.getMutationType()!.getFields()),
      ...Object.values(schema.getQueryType()!.getFields()).filter((f) => f.args.length > 0),
    ];
    for (const field of fields) {
      const kind = schema.getMutationType()!.getFields()[field.name] === field ? 'mutation' : 'query';
      const operation = operationFor(kind, field.name, field.args, returnsObject(field));
      for (let i = 0; i < 4; i++) {
        const variables = fuzzer.plausibleArguments(field.args);
        noServerError(
          `${field.name} ${JSON.stringify(variables).slice(0, 300)}`,
          await graphql(hub.gateway.http, operation, variables, admin),
        );
      }
    }
  });
});
