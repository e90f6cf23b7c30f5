import { LacoopClient } from '../../subgraphs/people/lacoop/client';
import { syncLacoop } from '../../subgraphs/people/lacoop/sync';
import { stableId } from '../../seeds/ids';
import { bearer } from '../helpers/auth';
import { startHub, type Hub } from '../helpers/hub';
import { startFakeLacoop, type FakeLacoop } from '../helpers/lacoop-fake/server';

const TOKEN = 'hub-client:e2e-secret';
let hub: Hub;
let fake: FakeLacoop;
let imported: number;

beforeAll(async () => {
  fake = await startFakeLacoop({ activities: 400, seed: 'e2e', token: TOKEN });
  process.env.LACOOP_API_URL = fake.url;
  process.env.LACOOP_API_TOKEN = TOKEN;
  hub = await startHub();
  const report = await syncLacoop(
    hub.subgraphs.people.db.orm,
    new LacoopClient({ baseUrl: fake.url, token: TOKEN, pageSize: 100, ratePerSecond: 100 }),
  );
  imported = report.activities.created;
});

afterAll(async () => {
  delete process.env.LACOOP_API_URL;
  delete process.env.LACOOP_API_TOKEN;
  await hub?.stop();
  await fake?.stop();
});

const YEAR = { from: '2024-01-01', to: '2024-12-31' };

describe('La Coop reports through the gateway', () => {
  it('serves imported activities with their provenance, and people with theirs as personal data', async () => {
    const query = `query($from: Date!, $to: Date!) {
      activities(filter: { from: $from, to: $to }, first: 3) { totalCount
        edges { node { type provenance { source upstreamId fetchedAt upstreamPlaceId }
          person { firstName role provenance { source upstreamId } } } } } }`;
    const variables = YEAR;
    const admin = await hub.query(query, variables, await bearer('admin'));
    expect(admin.errors).toBeUndefined();
    expect(admin.data.activities.totalCount).toBe(imported);
    const [node] = admin.data.activities.edges.map((e: any) => e.node);
    expect(node.provenance).toMatchObject({ source: 'lacoop' });
    expect(fake.dataset.activities.map((a) => a.id)).toContain(node.provenance.upstreamId);
    expect(fake.dataset.users.map((u) => u.id)).toContain(node.person.provenance.upstreamId);

    const analyst = await hub.query(query, variables, await bearer('analyst'));
    expect(analyst.data.activities.edges[0].node.provenance.source).toBe('lacoop');
    expect(analyst.data.activities.edges[0].node.person.provenance).toBeNull();
    expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('reconciles the département with La Coop: no difference', async () => {
    const query = `query($level: ReconciliationLevel!, $code: String!, $from: Date!, $to: Date!) {
      lacoopReconciliation(level: $level, code: $code, from: $from, to: $to) {
        agree compared differences { indicator hub lacoop } hubActivitiesNotFromLacoop } }`;
    const res = await hub.query(
      query,
      { level: 'DEPARTEMENT', code: '47', ...YEAR },
      await bearer('prefecture'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.lacoopReconciliation).toMatchObject({
      agree: true,
      differences: [],
      hubActivitiesNotFromLacoop: 0,
    });
    expect(res.data.lacoopReconciliation.compared).toContain('accompaniments');

    // The seeded reports of 2026 are the hub's own: the reconciliation says so and shows the gap.
    const seeded = await hub.query(
      query,
      { level: 'DEPARTEMENT', code: '47', from: '2026-01-01', to: '2026-03-31' },
      await bearer('analyst'),
    );
    expect(seeded.data.lacoopReconciliation.agree).toBe(false);
    expect(seeded.data.lacoopReconciliation.hubActivitiesNotFromLacoop).toBeGreaterThan(0);
  });

  it('keeps the reconciliation from partners and the public, and names a bad territory', async () => {
    const query = `query($code: String!) { lacoopReconciliation(level: COMMUNE, code: $code, from: "2024-01-01", to: "2024-12-31") { agree } }`;
    const partner = await hub.query(
      query,
      { code: '47001' },
      await bearer('partner', stableId('organization', 'lgnum')),
    );
    expect(partner.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await hub.query(query, { code: '47001' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await hub.query(query, { code: '99999' }, await bearer('admin'));
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('links a La Coop place to a hub place: its reports then point at it', async () => {
    const list = `query($from: Date!, $to: Date!) { activities(filter: { from: $from, to: $to }, first: 100) {
      edges { node { id locationType place { id name } provenance { upstreamPlaceId } } } } }`;
    const admin = await bearer('admin');
    const before = await hub.query(list, YEAR, admin);
    const atPlace = before.data.activities.edges
      .map((e: any) => e.node)
      .find((n: any) => n.provenance.upstreamPlaceId);
    expect(atPlace.place).toBeNull();
    const upstreamPlaceId = atPlace.provenance.upstreamPlaceId;
    const placeId = stableId('place', 'cms:agen');
    const mutation = `mutation($u: ID!, $p: ID!) { linkLacoopPlace(upstreamPlaceId: $u, placeId: $p) }`;
    const refused = await hub.query(mutation, { u: upstreamPlaceId, p: placeId }, await bearer('prefecture'));
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const linked = await hub.query(mutation, { u: upstreamPlaceId, p: placeId }, admin);
    expect(linked.errors).toBeUndefined();
    expect(linked.data.linkLacoopPlace).toBeGreaterThan(0);
    const after = await hub.query(list, YEAR, admin);
    const nodes = after.data.activities.edges.map((e: any) => e.node);
    expect(nodes.find((n: any) => n.id === atPlace.id)).toMatchObject({
      place: { id: placeId, name: "Centre médico-social d'Agen" },
      provenance: { upstreamPlaceId: null },
    });
    const unknown = await hub.query(
      mutation,
      { u: '00000000-0000-4000-8000-000000000000', p: placeId },
      admin,
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'upstreamPlaceId',
    });
  });

  it('tells an admin where the sync stands, and no one else', async () => {
    const query = `{ lacoopSyncStatus(rejections: 5) { checkpoints { resource since inProgress pages completedAt }
      rejectionCount rejections { resource upstreamId reason seenAt } } }`;
    const res = await hub.query(query, undefined, await bearer('admin'));
    expect(res.errors).toBeUndefined();
    expect(res.data.lacoopSyncStatus.checkpoints.map((c: any) => [c.resource, c.inProgress])).toEqual([
      ['activites', false],
      ['structures', false],
    ]);
    expect(res.data.lacoopSyncStatus.checkpoints[0].since).toBeTruthy();
    expect(res.data.lacoopSyncStatus).toMatchObject({ rejectionCount: 0, rejections: [] });
    const prefecture = await hub.query(query, undefined, await bearer('prefecture'));
    expect(prefecture.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const tooMany = await hub.query(
      '{ lacoopSyncStatus(rejections: 1000) { rejectionCount } }',
      undefined,
      await bearer('admin'),
    );
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rejections' });
  });
});
