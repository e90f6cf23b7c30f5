import { startHub, type Hub } from '../helpers/hub';
import { stableId } from '../../seeds/ids';
import { bearer } from '../helpers/auth';

/**
 * Idempotency-Key on create mutations, through the gateway, on both databases: a retry with the same key and
 * input returns the first result and writes nothing; the same key with another input is refused.
 */
let hub: Hub;
let admin: Record<string, string>;
const CAF = stableId('organization', 'caf-47');
const count = async (subgraph: string, sql: string, params: unknown[]) => {
  const [row] = await hub.subgraphs[subgraph].db.orm.em.fork().getConnection().execute(sql, params);
  return Number(row.n);
};

beforeAll(async () => {
  admin = await bearer('admin');
  hub = await startHub();
});

afterAll(async () => {
  await hub?.stop();
});

const ISSUE = 'mutation($input: IssueCarnetInput!) { issueCarnet(input: $input) { id passes { serial } } }';
const CREATE_PLACE = 'mutation($i: PlaceInput!) { createPlace(input: $i) { id name } }';

async function program(): Promise<string> {
  const res = await hub.query(
    'mutation($input: FundingProgramInput!) { createFundingProgram(input: $input) { id } }',
    {
      input: {
        name: 'Programme idempotence',
        operatorId: stableId('organization', 'docaposte'),
        validFrom: '2020-01-01',
        validTo: '2099-12-31',
        budgetCents: 100_000,
      },
    },
    admin,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createFundingProgram.id;
}

const carnet = (programId: string, passCount: number) => ({
  programId,
  prescriberId: CAF,
  passCount,
  beneficiary: {
    reference: 'IDEM-1',
    ageBand: 'AGE_DE_35_A_60_ANS',
    socialStatus: 'SANS_EMPLOI',
    inseeCode: '47157',
  },
});

describe('Idempotency-Key on create mutations', () => {
  it('issues one carnet for any number of retries with the same key, and refuses the key with another input', async () => {
    const programId = await program();
    const key = { ...admin, 'idempotency-key': `carnet-${Date.now()}` };
    const first = await hub.query(ISSUE, { input: carnet(programId, 5) }, key);
    expect(first.errors).toBeUndefined();
    // Sequential and concurrent retries.
    const retries = [await hub.query(ISSUE, { input: carnet(programId, 5) }, key)];
    retries.push(
      ...(await Promise.all([1, 2, 3].map(() => hub.query(ISSUE, { input: carnet(programId, 5) }, key)))),
    );
    for (const retry of retries) {
      expect(retry.errors).toBeUndefined();
      expect(retry.data).toEqual(first.data);
    }
    const carnets = () =>
      count('funding', 'select count(*) as n from carnet where program_id = ?', [programId]);
    const passes = () => count('funding', 'select count(*) as n from pass where program_id = ?', [programId]);
    expect([await carnets(), await passes()]).toEqual([1, 5]);

    const other = await hub.query(ISSUE, { input: carnet(programId, 10) }, key);
    expect(other.data).toBeNull();
    expect(other.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect([await carnets(), await passes()]).toEqual([1, 5]);

    // Without a key, or with a new one, each call writes.
    expect((await hub.query(ISSUE, { input: carnet(programId, 5) }, admin)).errors).toBeUndefined();
    const fresh = { ...admin, 'idempotency-key': `carnet-${Date.now()}-b` };
    expect((await hub.query(ISSUE, { input: carnet(programId, 5) }, fresh)).errors).toBeUndefined();
    expect(await carnets()).toBe(3);
  });

  it('creates one place per key (places subgraph), refuses a reused key, and a failed write keeps the key free', async () => {
    const name = `Lieu idempotent ${Date.now()}`;
    const input = {
      organizationId: CAF,
      name,
      address: '1 rue Test',
      postalCode: '47000',
      inseeCode: '47001',
    };
    const key = { ...admin, 'idempotency-key': `place-${Date.now()}` };
    const places = () => count('places', 'select count(*) as n from place where name = ?', [name]);

    // Bad input: refused, rolled back with its key.
    const bad = await hub.query(CREATE_PLACE, { i: { ...input, inseeCode: '99999' } }, key);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const first = await hub.query(CREATE_PLACE, { i: input }, key);
    expect(first.errors).toBeUndefined();
    const again = await hub.query(CREATE_PLACE, { i: input }, key);
    expect(again.data).toEqual(first.data);
    expect(await places()).toBe(1);
    const reused = await hub.query(CREATE_PLACE, { i: { ...input, address: '2 rue Test' } }, key);
    expect(reused.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await places()).toBe(1);
    const malformed = await hub.query(CREATE_PLACE, { i: input }, { ...admin, 'idempotency-key': 'é' });
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('creates one training session and one registration per key (training subgraph), aliases keyed apart', async () => {
    const campus = stableId('organization', 'campus-numerique-47');
    const offers = await hub.query(
      'query($id: ID!) { trainingOffers(filter: { providerIds: [$id], formats: [ON_SITE] }, first: 1) { edges { node { id } } } }',
      { id: campus },
      admin,
    );
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    const input = {
      offerId: offers.data.trainingOffers.edges[0].node.id,
      startsAt: inDays(30),
      endsAt: inDays(30.1),
      placeId: stableId('place', 'tiers-lieu:campus-numerique-47'),
      inseeCode: '47001',
      latitude: 44.2,
      longitude: 0.62,
      trainerId: stableId('person', 'conseiller-01'),
      capacity: 8,
    };
    const key = { ...admin, 'idempotency-key': `session-${Date.now()}` };
    const CREATE =
      'mutation($input: TrainingSessionInput!) { createTrainingSession(input: $input) { id capacity } }';
    const [a, b] = await Promise.all([hub.query(CREATE, { input }, key), hub.query(CREATE, { input }, key)]);
    expect(a.errors).toBeUndefined();
    expect(b.data).toEqual(a.data);
    const sessionId = a.data.createTrainingSession.id;
    const sessions = await count(
      'training',
      'select count(*) as n from training_session where starts_at = ?',
      [new Date(input.startsAt)],
    );
    expect(sessions).toBe(1);

    // Two aliased registrations under one key: each alias has its own entry, a retry replays both.
    const REGISTER = `mutation($id: ID!) {
      first: registerForTrainingSession(sessionId: $id, participantRef: "idem-a") { id }
      second: registerForTrainingSession(sessionId: $id, participantRef: "idem-b") { id }
    }`;
    const rkey = { ...admin, 'idempotency-key': `register-${Date.now()}` };
    const once = await hub.query(REGISTER, { id: sessionId }, rkey);
    expect(once.errors).toBeUndefined();
    expect(once.data.first.id).not.toBe(once.data.second.id);
    const twice = await hub.query(REGISTER, { id: sessionId }, rkey);
    expect(twice.errors).toBeUndefined();
    expect(twice.data).toEqual(once.data);
    const registrations = () =>
      count('training', 'select count(*) as n from registration where session_id = ?', [sessionId]);
    expect(await registrations()).toBe(2);
  });

  it('keeps a key for IDEMPOTENCY_RETENTION_HOURS (24): a retry within it replays, after it writes again; each keyed write purges a bounded batch of expired keys', async () => {
    const name = `Lieu rétention ${Date.now()}`;
    const input = {
      organizationId: CAF,
      name,
      address: '3 rue Test',
      postalCode: '47000',
      inseeCode: '47001',
    };
    const header = `retention-${Date.now()}`;
    const key = { ...admin, 'idempotency-key': header };
    const db = () => hub.subgraphs.places.db.orm.em.fork().getConnection();
    const places = () => count('places', 'select count(*) as n from place where name = ?', [name]);
    const age = (hours: number) =>
      db().execute(
        `update idempotency_key set created_at = now() - make_interval(hours => ${hours}) where key like ?`,
        [`%:${header}`],
      );
    const first = await hub.query(CREATE_PLACE, { i: input }, key);
    expect(first.errors).toBeUndefined();

    // 23 hours later: still the first result, nothing written.
    await age(23);
    expect((await hub.query(CREATE_PLACE, { i: input }, key)).data).toEqual(first.data);
    expect(await places()).toBe(1);

    // 150 other keys long expired, one not: a keyed write deletes its own expired key and 100 others, oldest first.
    await db().execute(
      `insert into idempotency_key (key, request_hash, created_at)
       select 'stale-' || i, 'x', now() - make_interval(days => 30 + i) from generate_series(1, 150) i`,
    );
    await db().execute(
      `insert into idempotency_key (key, request_hash, created_at) values ('recent', 'x', now())`,
    );
    await age(25);
    const later = await hub.query(CREATE_PLACE, { i: input }, key);
    expect(later.errors).toBeUndefined();
    expect(later.data.createPlace.id).not.toBe(first.data.createPlace.id);
    expect(await places()).toBe(2);
    const stale = () =>
      count('places', `select count(*) as n from idempotency_key where key like 'stale-%'`, []);
    expect(await stale()).toBe(50);
    // The oldest went first: what is left are the 50 youngest (31 to 80 days old).
    expect(
      await count(
        'places',
        `select count(*) as n from idempotency_key where key like 'stale-%' and key in (${Array.from({ length: 50 }, (_, i) => `'stale-${i + 1}'`).join(',')})`,
        [],
      ),
    ).toBe(50);
    // The renewed key replays its new result; the next keyed write takes the rest; a recent key stays.
    expect((await hub.query(CREATE_PLACE, { i: input }, key)).data).toEqual(later.data);
    expect(await stale()).toBe(0);
    expect(await count('places', `select count(*) as n from idempotency_key where key = 'recent'`, [])).toBe(
      1,
    );
    expect(await places()).toBe(2);
  });
});
