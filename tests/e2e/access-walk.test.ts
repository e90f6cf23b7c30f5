import { buildClientSchema, getIntrospectionQuery, getNamedType, type GraphQLSchema } from 'graphql';
import request from 'supertest';
import { readSupergraph } from '../../gateway/supergraph';
import { bearer } from '../helpers/auth';
import { graphql, startHub, type Hub } from '../helpers/hub';
import { restrictedFields, restrictedValues, selectionReaching, typesReaching } from '../helpers/schema-walk';

// The walk sends deep queries on purpose: the limits are the subject of other tests.
Object.assign(process.env, {
  MAX_DEPTH: '100',
  MAX_TOKENS: '100000',
  MAX_COST: '10000000',
  MAX_ALIASES: '100',
});

let hub: Hub;
const headers: Record<string, Record<string, string>> = {};
const supergraph = readSupergraph();
const restricted = restrictedFields(supergraph);
const samples: Record<string, Record<string, string>> = {};
let serial = '';
/** A redeemed pass whose trainer is not its prescriber. */
let redeemed: { id: string; serial: string; carnetId: string; prescriber: string; trainer: string };

const asAdmin = async (query: string, variables?: Record<string, unknown>) => {
  const res = await hub.query(query, variables, headers.admin);
  expect(res.errors).toBeUndefined();
  return res.data;
};

beforeAll(async () => {
  hub = await startHub();
  headers.admin = await bearer('admin');
  headers.analyst = await bearer('analyst');
  headers.prefecture = await bearer('prefecture');
  headers.public = {};
  const orgs = await asAdmin(`{ organizations(first: 100) { edges { node { id
    staff { id } carnetsIssued(first: 1) { id } passRedemptions(first: 1) { id } } } } }`);
  const stranger = orgs.organizations.edges
    .map((e: any) => e.node)
    .find((o: any) => !o.staff.length && !o.carnetsIssued.length && !o.passRedemptions.length);
  headers.stranger = await bearer('partner', stranger.id);

  const d = await asAdmin(`{
    places(first: 1) { edges { node { id } } }
    people(first: 1) { edges { node { id } } }
    carnets(first: 1) { edges { node { id } } }
    trainingOffers(first: 1) { edges { node { id } } }
    trainingSessions(first: 1) { edges { node { id } } }
    fundingPrograms { id }
    epcis { siren }
    passes(first: 100, filter: { statuses: [REDEEMED] }) { edges { node { id serial
      carnet { id prescriber { id } } redemption { trainer { id } } } } }
  }`);
  const first = (c: any) => c.edges[0].node.id;
  const pass = d.passes.edges
    .map((e: any) => e.node)
    .find((p: any) => p.carnet.prescriber.id !== p.redemption.trainer.id);
  redeemed = {
    id: pass.id,
    serial: pass.serial,
    carnetId: pass.carnet.id,
    prescriber: pass.carnet.prescriber.id,
    trainer: pass.redemption.trainer.id,
  };
  serial = pass.serial;
  Object.assign(samples, {
    Place: { id: first(d.places) },
    Person: { id: first(d.people) },
    Carnet: { id: redeemed.carnetId },
    Pass: { id: redeemed.id },
    TrainingOffer: { id: first(d.trainingOffers) },
    TrainingSession: { id: first(d.trainingSessions) },
    FundingProgram: { id: d.fundingPrograms[0].id },
    Organization: { id: redeemed.prescriber },
    Commune: { inseeCode: '47001' },
    Epci: { siren: d.epcis[0].siren },
    Departement: { code: '47' },
  });
  headers.prescriber = await bearer('partner', redeemed.prescriber);
  headers.trainer = await bearer('partner', redeemed.trainer);
});

afterAll(async () => {
  await hub?.stop();
});

/** The argument values a root field needs, from the seeded samples; null when it needs one we do not have. */
function rootArguments(schema: GraphQLSchema, fieldName: string): string | null {
  const field = schema.getQueryType()!.getFields()[fieldName];
  const values: string[] = [];
  for (const arg of field.args) {
    const required = arg.type.toString().endsWith('!') && arg.defaultValue === undefined;
    const returned = getNamedType(field.type).name;
    let value: string | undefined;
    if (arg.name === 'id') value = samples[returned]?.id;
    else if (arg.name === 'serial') value = serial;
    else if (arg.name === 'inseeCode') value = '47001';
    else if (arg.name === 'siren') value = samples.Epci.siren;
    else if (arg.name === 'code') value = '47';
    else if (arg.name === 'month') value = '2026-01';
    else if (arg.name === 'first') value = '3';
    if (value !== undefined)
      values.push(`${arg.name}: ${arg.name === 'first' ? value : JSON.stringify(value)}`);
    else if (required) return null;
  }
  return values.length ? `(${values.join(', ')})` : '';
}

const READERS_OF_NOTHING = ['public', 'analyst', 'prefecture', 'stranger'];

describe('every path of the supergraph to a restricted field', () => {
  it('answers null with FORBIDDEN to every role but the owner and admin, from every root field', async () => {
    const introspection = await hub.query(getIntrospectionQuery(), undefined, headers.admin);
    const schema = buildClientSchema(introspection.data);
    const reach = typesReaching(schema, restricted);
    const roots = Object.values(schema.getQueryType()!.getFields()).filter((f) =>
      reach.has(getNamedType(f.type).name),
    );
    expect(roots.length).toBeGreaterThan(10);
    const seenByAdmin = new Set<string>();
    let walked = 0;
    for (const root of roots) {
      const args = rootArguments(schema, root.name);
      if (args === null) continue;
      const query = `{ ${root.name}${args} ${selectionReaching(schema, getNamedType(root.type), restricted, reach, 3)} }`;
      for (const role of [...READERS_OF_NOTHING, 'admin']) {
        const started = Date.now();
        const res = await hub.query(query, undefined, headers[role]);
        if (process.env.WALK_TIMES) console.log(root.name, role, Date.now() - started, query.length);
        expect(res.status).toBeLessThan(500);
        const values = restrictedValues(res.data, restricted);
        walked += values.length;
        if (role === 'admin') {
          expect(res.errors).toBeUndefined();
          for (const v of values) if (v.value !== null) seenByAdmin.add(v.field);
          continue;
        }
        const leaked = values.filter((v) => v.value !== null);
        expect({ role, root: root.name, leaked }).toEqual({ role, root: root.name, leaked: [] });
        if (values.length) expect(res.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
      }
    }
    expect(walked).toBeGreaterThan(100);
    // The walk reached real values of each kind: secrets and personal data.
    for (const field of ['Pass.serial', 'Person.email', 'Person.lastName', 'Carnet.beneficiaryReference'])
      expect(seenByAdmin).toContain(field);
  });

  it('answers the same through `_entities` straight to each subgraph (signed, as the gateway would)', async () => {
    const keys = new Map<string, string>();
    for (const [name, sub] of Object.entries(hub.subgraphs)) {
      const res = await graphql(sub.server.http, getIntrospectionQuery(), undefined, headers.admin);
      const schema = buildClientSchema(res.data);
      const reach = typesReaching(schema, restricted);
      const entity = schema.getType('_Entity') as any;
      if (!entity) continue;
      for (const member of entity.getTypes()) {
        if (!reach.has(member.name) || !samples[member.name]) continue;
        const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${member.name} ${selectionReaching(schema, member, restricted, reach, 3)} } }`;
        const r = [{ __typename: member.name, ...samples[member.name] }];
        for (const role of READERS_OF_NOTHING) {
          const answer = await graphql(sub.server.http, query, { r }, headers[role]);
          expect(answer.status).toBeLessThan(500);
          const leaked = restrictedValues(answer.data, restricted).filter((v) => v.value !== null);
          expect({ name, type: member.name, role, leaked }).toEqual({
            name,
            type: member.name,
            role,
            leaked: [],
          });
        }
        const admin = await graphql(sub.server.http, query, { r }, headers.admin);
        expect(admin.errors).toBeUndefined();
        keys.set(`${name}.${member.name}`, 'walked');
      }
    }
    expect([...keys.keys()]).toEqual(
      expect.arrayContaining(['funding.Carnet', 'funding.Pass', 'people.Person', 'people.Organization']),
    );
  });

  it('refuses any subgraph request the gateway did not sign, with 401, but /health and /ready', async () => {
    for (const sub of Object.values(hub.subgraphs)) {
      const res = await request(sub.server.http)
        .post('/graphql')
        .set('content-type', 'application/json')
        .send({
          query: `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`,
          variables: { r: [{ __typename: 'Carnet', id: redeemed.carnetId }] },
        });
      expect(res.status).toBe(401);
      const forged = await request(sub.server.http)
        .post('/graphql')
        .set({
          'content-type': 'application/json',
          'x-gateway-signature': `v1,${Math.floor(Date.now() / 1000)},x,AAAA`,
        })
        .send({ query: '{ __typename }' });
      expect(forged.status).toBe(401);
      await request(sub.server.http).get('/health').expect(200);
      await request(sub.server.http).get('/ready').expect(200);
      await request(sub.server.http).get('/metrics').expect(401);
    }
  });
});

describe('Pass serials', () => {
  const SIBLINGS = `query($id: ID!) { organization(id: $id) { passRedemptions(first: 100) {
    pass { id serial carnet { id passes { id serial status valueCents } } } } } }`;

  it('shows the redeeming trainer the serial it redeemed, never the unused siblings of the carnet', async () => {
    const res = await hub.query(SIBLINGS, { id: redeemed.trainer }, headers.trainer);
    const redemption = res.data.organization.passRedemptions.find((r: any) => r.pass.id === redeemed.id);
    expect(redemption.pass.serial).toBe(redeemed.serial);
    const siblings = redemption.pass.carnet.passes.filter((p: any) => p.id !== redeemed.id);
    expect(siblings.length).toBeGreaterThan(0);
    for (const sibling of siblings) {
      expect(sibling.serial).toBeNull();
      expect(sibling.valueCents).toBe(1000);
    }
    expect(res.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('shows the issuing prescriber every serial of its carnet', async () => {
    const res = await hub.query(
      `query($id: ID!) { carnet(id: $id) { passes { serial } } }`,
      { id: redeemed.carnetId },
      headers.prescriber,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.carnet.passes.every((p: any) => typeof p.serial === 'string')).toBe(true);
  });

  it('shows analysts and the préfecture counts and amounts, never a serial', async () => {
    for (const role of ['analyst', 'prefecture']) {
      const res = await hub.query(
        `{ passes(first: 50) { totalCount edges { node { serial valueCents status } } } }`,
        undefined,
        headers[role],
      );
      expect(res.data.passes.totalCount).toBeGreaterThan(0);
      for (const { node } of res.data.passes.edges) {
        expect(node.serial).toBeNull();
        expect(node.valueCents).toBe(1000);
      }
    }
  });
});
