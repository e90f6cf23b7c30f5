import { graphql, startSubgraph, type RunningSubgraph } from '../../helpers/hub';
import { subgraphs } from '../../../subgraphs/registry';
import { bearer } from '../../helpers/auth';

let places: RunningSubgraph;
let admin: Record<string, string>;
const q = (query: string, variables?: Record<string, unknown>) =>
  graphql(places.server.http, query, variables, admin);
const count = async (table: string) =>
  Number(
    (
      await places.db.orm.em
        .fork()
        .getConnection()
        .execute<{ n: string }[]>(`select count(*) as n from ${table}`)
    )[0].n,
  );

beforeAll(async () => {
  admin = await bearer('admin');
  places = await startSubgraph(subgraphs.find((s) => s.definition.name === 'places')!);
});

afterAll(async () => {
  await places?.server.stop();
  await places?.db.close();
});

const CREATE_ORG =
  'mutation($input: OrganizationInput!) { createOrganization(input: $input) { id name siret roles commune { name } } }';
const CREATE_PLACE =
  'mutation($input: PlaceInput!) { createPlace(input: $input) { id name kind pivot communeName organization { id } commune { name } updatedOn freshness } }';

const validPlace = (organizationId: string) => ({
  organizationId,
  name: 'Atelier numérique du Pin',
  address: '2 place du Pin',
  postalCode: '47000',
  inseeCode: '47001',
  latitude: 44.2,
  longitude: 0.62,
  typologies: ['ASSO', 'EPN'],
  services: ['AIDE_AUX_DEMARCHES_ADMINISTRATIVES'],
  openingHours: 'Mo-Fr 09:00-12:00',
  phone: '+33553000000',
  emails: ['contact@example.org'],
  acceptsPassNumerique: true,
});

describe('organization mutations', () => {
  it('creates an organization with a valid SIRET', async () => {
    const res = await q(CREATE_ORG, {
      input: {
        name: 'Les Clics du Pin',
        kind: 'ASSOCIATION',
        siret: '73282932000074',
        roles: ['QUALIFIED_TRAINER'],
        inseeCode: '47001',
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.createOrganization).toMatchObject({
      name: 'Les Clics du Pin',
      siret: '73282932000074',
      commune: { name: 'Agen' },
    });
  });

  it('refuses an invalid SIRET with BAD_USER_INPUT and writes nothing', async () => {
    const before = await count('organization');
    const res = await q(CREATE_ORG, {
      input: { name: 'Faux', kind: 'ASSOCIATION', siret: '12345678901234' },
    });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.siret' });
    expect(await count('organization')).toBe(before);
  });

  it('refuses a SIRET already registered', async () => {
    const res = await q(CREATE_ORG, {
      input: { name: 'Doublon', kind: 'ASSOCIATION', siret: '73282932000074' },
    });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.siret' });
  });

  it('updates and deletes, leaving the places without the link', async () => {
    const created = await q(CREATE_ORG, {
      input: { name: 'Temporaire', kind: 'ASSOCIATION', rna: 'W471000001' },
    });
    const id = created.data.createOrganization.id;
    const place = await q(CREATE_PLACE, { input: validPlace(id) });
    expect(place.data.createPlace.pivot).toBe('W471000001');
    const updated = await q(
      'mutation($id: ID!) { updateOrganization(id: $id, input: { name: "Renommée" }) { name } }',
      { id },
    );
    expect(updated.data.updateOrganization.name).toBe('Renommée');
    const deleted = await q('mutation($id: ID!) { deleteOrganization(id: $id) }', { id });
    expect(deleted.data.deleteOrganization).toBe(true);
    const after = await q('query($id: ID!) { place(id: $id) { pivot organization { id } } }', {
      id: place.data.createPlace.id,
    });
    expect(after.data.place).toEqual({ pivot: 'W471000001', organization: null });
  });
});

describe('place mutations', () => {
  let orgId: string;
  beforeAll(async () => {
    const res = await q(CREATE_ORG, { input: { name: 'Porteur', kind: 'ASSOCIATION', rna: 'W471000002' } });
    orgId = res.data.createOrganization.id;
  });

  it('creates a place, deriving pivot, commune name, kind and date_maj', async () => {
    const res = await q(CREATE_PLACE, { input: validPlace(orgId) });
    expect(res.errors).toBeUndefined();
    expect(res.data.createPlace).toMatchObject({
      pivot: 'W471000002',
      communeName: 'Agen',
      kind: 'EPN',
      organization: { id: orgId },
      freshness: 'FRESH',
    });
  });

  it.each([
    ['an unknown INSEE code', { inseeCode: '47999' }, 'input.inseeCode'],
    ['a postal code of another commune', { postalCode: '47200' }, 'input.postalCode'],
    ['a latitude out of range', { latitude: 123 }, 'input.latitude'],
    ['an invalid SIRET pivot', { organizationId: null, pivot: '12345678901234' }, 'input.pivot'],
    ['invalid opening hours', { openingHours: 'tous les jours' }, 'input.openingHours'],
    ['a summary over 280 characters', { summary: 'x'.repeat(281) }, 'input.summary'],
    [
      'an unknown organization',
      { organizationId: '00000000-0000-4000-8000-000000000000' },
      'input.organizationId',
    ],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_label, override, field) => {
    const before = await count('place');
    const res = await q(CREATE_PLACE, { input: { ...validPlace(orgId), ...override } });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.problems.map((p: any) => p.field)).toContain(field);
    expect(await count('place')).toBe(before);
  });

  it('refuses an unknown enum value as bad input', async () => {
    const res = await q('mutation { createPlace(input: { name: "x", services: [CUISINE] }) { id } }');
    expect(res.errors?.[0].extensions?.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
  });

  it('updates only the fields given and leaves the row intact on bad input', async () => {
    const created = await q(CREATE_PLACE, { input: validPlace(orgId) });
    const id = created.data.createPlace.id;
    const ok = await q(
      'mutation($id: ID!) { updatePlace(id: $id, input: { name: "Nouveau nom", typologies: [BIB] }) { name kind address } }',
      { id },
    );
    expect(ok.data.updatePlace).toEqual({
      name: 'Nouveau nom',
      kind: 'MEDIATHEQUE',
      address: '2 place du Pin',
    });
    const bad = await q(
      'mutation($id: ID!) { updatePlace(id: $id, input: { name: "Perdu", latitude: 500 }) { name } }',
      { id },
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const after = await q('query($id: ID!) { place(id: $id) { name latitude } }', { id });
    expect(after.data.place).toEqual({ name: 'Nouveau nom', latitude: 44.2 });
  });

  it('answers an unknown id on update with BAD_USER_INPUT and on delete with false', async () => {
    const res = await q(
      'mutation { updatePlace(id: "00000000-0000-4000-8000-000000000000", input: { name: "x" }) { id } }',
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const del = await q('mutation { deletePlace(id: "00000000-0000-4000-8000-000000000000") }');
    expect(del.data.deletePlace).toBe(false);
  });
});

describe('federation entry points', () => {
  it('resolves references by key and answers null for unknown keys', async () => {
    const res = await q(
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Commune { name } ... on Epci { name } ... on Place { id } } }`,
      {
        r: [
          { __typename: 'Commune', inseeCode: '47001' },
          { __typename: 'Epci', siren: '200096956' },
          { __typename: 'Place', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'Commune', inseeCode: '99999' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { __typename: 'Commune', name: 'Agen' },
      { __typename: 'Epci', name: "CA Agglomération d'Agen" },
      null,
      null,
    ]);
  });
});
