import { bearer } from '../../helpers/auth';
import { graphql } from '../../helpers/hub';
import { openTestDatabase } from '../../helpers/database';
import { listen } from '../../../common/http';
import type { Database } from '../../../subgraphs/shared/orm';
import { createSubgraphServer, type SubgraphServer } from '../../../subgraphs/shared/server';
import { trainingSubgraph } from '../../../subgraphs/training';

let db: Database;
let server: SubgraphServer<unknown>;
let admin: Record<string, string>;
const q = (query: string, variables?: Record<string, unknown>) =>
  graphql(server.http, query, variables, admin);
const count = async (table: string) =>
  Number(
    (await db.orm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from ${table}`))[0]
      .n,
  );
const counts = async () => ({
  offers: await count('training_offer'),
  sessions: await count('training_session'),
  registrations: await count('registration'),
});

beforeAll(async () => {
  admin = await bearer('admin');
  db = await openTestDatabase(trainingSubgraph);
  server = (await createSubgraphServer(trainingSubgraph, db.orm)) as SubgraphServer<unknown>;
  await listen(server.http, 0);
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const PROVIDER = '2b7e8f0a-4c1d-5e6f-8a9b-0c1d2e3f4a5b';
const PLACE = '3c8f9a1b-5d2e-5f7a-9b0c-1d2e3f4a5b6c';
const TRAINER = '4d9a0b2c-6e3f-5a8b-8c1d-2e3f4a5b6c7d';
const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

const CREATE_OFFER =
  'mutation($input: TrainingOfferInput!) { createTrainingOffer(input: $input) { id title themes level format priceCents passNumeriqueEligible provider { id } targetPublics programme } }';
const CREATE_SESSION =
  'mutation($input: TrainingSessionInput!) { createTrainingSession(input: $input) { id capacity registrationsCount seatsLeft inseeCode latitude place { id } trainer { id } onlineUrl offer { id } } }';
const REGISTER =
  'mutation($s: ID!, $p: String!) { registerForTrainingSession(sessionId: $s, participantRef: $p) { id status participantRef session { seatsLeft registrationsCount } } }';
const CANCEL =
  'mutation($id: ID!) { cancelTrainingRegistration(id: $id) { id status cancelledAt session { seatsLeft } } }';

const validOffer = {
  title: 'Atelier tablette',
  description: 'Prendre en main une tablette.',
  themes: ['PRENDRE_EN_MAIN_DU_MATERIEL', 'NAVIGATION_SUR_INTERNET'],
  level: 'BEGINNER',
  format: 'ON_SITE',
  durationMinutes: 120,
  priceCents: 2000,
  passNumeriqueEligible: true,
  providerId: PROVIDER,
  targetPublics: ['SENIORS'],
};

async function createOffer(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await q(CREATE_OFFER, { input: { ...validOffer, ...overrides } });
  expect(res.errors).toBeUndefined();
  return res.data.createTrainingOffer.id;
}

async function createSession(offerId: string, overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await q(CREATE_SESSION, {
    input: {
      offerId,
      startsAt: inHours(48),
      endsAt: inHours(50),
      placeId: PLACE,
      inseeCode: '47001',
      latitude: 44.2,
      longitude: 0.62,
      trainerId: TRAINER,
      capacity: 5,
      ...overrides,
    },
  });
  expect(res.errors).toBeUndefined();
  return res.data.createTrainingSession;
}

describe('offer mutations', () => {
  it('creates an offer and updates only the fields given', async () => {
    const res = await q(CREATE_OFFER, { input: { ...validOffer, programme: ' ' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.createTrainingOffer).toMatchObject({
      title: 'Atelier tablette',
      themes: ['PRENDRE_EN_MAIN_DU_MATERIEL', 'NAVIGATION_SUR_INTERNET'],
      provider: { id: PROVIDER },
      programme: null,
    });
    const id = res.data.createTrainingOffer.id;
    const updated = await q(
      'mutation($id: ID!, $input: TrainingOfferInput!) { updateTrainingOffer(id: $id, input: $input) { title priceCents level } }',
      { id, input: { priceCents: 0 } },
    );
    expect(updated.data.updateTrainingOffer).toEqual({
      title: 'Atelier tablette',
      priceCents: 0,
      level: 'BEGINNER',
    });
    const found = await q(`{ trainingOffers(filter: { text: "TABLETTE" }) { totalCount } }`);
    expect(found.data.trainingOffers.totalCount).toBe(1);
  });

  it.each([
    ['a missing title', { title: undefined }, 'input.title'],
    ['no theme', { themes: [] }, 'input.themes'],
    ['a negative price', { priceCents: -1 }, 'input.priceCents'],
    ['a zero duration', { durationMinutes: 0 }, 'input.durationMinutes'],
    ['a malformed provider id', { providerId: 'caf' }, 'input.providerId'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_label, override, field) => {
    const before = await counts();
    const res = await q(CREATE_OFFER, { input: { ...validOffer, ...override } });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('refuses to update an unknown offer', async () => {
    const res = await q(
      'mutation { updateTrainingOffer(id: "00000000-0000-4000-8000-000000000000", input: { priceCents: 1 }) { id } }',
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('session mutations', () => {
  it('creates a session at a place, keeping its INSEE code and coordinates', async () => {
    const offerId = await createOffer();
    const session = await createSession(offerId);
    expect(session).toMatchObject({
      capacity: 5,
      registrationsCount: 0,
      seatsLeft: 5,
      inseeCode: '47001',
      latitude: 44.2,
      place: { id: PLACE },
      trainer: { id: TRAINER },
      offer: { id: offerId },
    });
  });

  it('creates an online session of a remote offer, without territory', async () => {
    const offerId = await createOffer({ format: 'REMOTE' });
    const session = await createSession(offerId, {
      placeId: null,
      inseeCode: null,
      latitude: null,
      longitude: null,
      onlineUrl: 'https://visio.example.org/atelier',
    });
    expect(session).toMatchObject({
      place: null,
      inseeCode: null,
      onlineUrl: 'https://visio.example.org/atelier',
    });
  });

  it.each([
    ['an end before the start', { endsAt: inHours(47) }, 'input.endsAt'],
    ['a place without INSEE code', { inseeCode: null }, 'input.inseeCode'],
    ['an INSEE code outside the reference', { inseeCode: '75056' }, 'input.inseeCode'],
    ['a latitude without longitude', { longitude: null }, 'input.latitude'],
    ['a zero capacity', { capacity: 0 }, 'input.capacity'],
    ['a malformed trainer id', { trainerId: 'bob' }, 'input.trainerId'],
    [
      'an on-site session without a place',
      { placeId: null, inseeCode: null, latitude: null, longitude: null, onlineUrl: 'https://x.example.org' },
      'input.placeId',
    ],
    ['an unknown offer', { offerId: '00000000-0000-4000-8000-000000000000' }, 'input.offerId'],
    ['a bad link', { onlineUrl: 'ftp://x' }, 'input.onlineUrl'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_label, override, field) => {
    const offerId = await createOffer();
    const before = await counts();
    const res = await q(CREATE_SESSION, {
      input: {
        offerId,
        startsAt: inHours(48),
        endsAt: inHours(50),
        placeId: PLACE,
        inseeCode: '47001',
        latitude: 44.2,
        longitude: 0.62,
        capacity: 5,
        ...override,
      },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('refuses sessions for a podcast and places for a remote offer', async () => {
    const podcast = await createOffer({ format: 'PODCAST' });
    const res = await q(CREATE_SESSION, {
      input: {
        offerId: podcast,
        startsAt: inHours(1),
        endsAt: inHours(2),
        onlineUrl: 'https://x.example.org',
        capacity: 5,
      },
    });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.offerId' });
    const remote = await createOffer({ format: 'REMOTE' });
    const placed = await q(CREATE_SESSION, {
      input: {
        offerId: remote,
        startsAt: inHours(1),
        endsAt: inHours(2),
        placeId: PLACE,
        inseeCode: '47001',
        capacity: 5,
      },
    });
    expect(placed.errors?.[0].extensions?.field).toBe('input.onlineUrl');
  });

  it('asks for the new place’s INSEE code when a session moves', async () => {
    const session = await createSession(await createOffer());
    const UPDATE =
      'mutation($id: ID!, $input: TrainingSessionInput!) { updateTrainingSession(id: $id, input: $input) { place { id } inseeCode latitude } }';
    const other = '5e0b1c3d-7f4a-5b9c-9d2e-3f4a5b6c7d8e';
    const res = await q(UPDATE, { id: session.id, input: { placeId: other } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.inseeCode' });
    const moved = await q(UPDATE, { id: session.id, input: { placeId: other, inseeCode: '47157' } });
    expect(moved.data.updateTrainingSession).toEqual({
      place: { id: other },
      inseeCode: '47157',
      latitude: null,
    });
  });

  it('refuses to lower the capacity below the registrations', async () => {
    const session = await createSession(await createOffer());
    for (const p of ['anon-0001', 'anon-0002', 'anon-0003']) await q(REGISTER, { s: session.id, p });
    const res = await q(
      'mutation($id: ID!) { updateTrainingSession(id: $id, input: { capacity: 2 }) { capacity } }',
      { id: session.id },
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.capacity' });
    const ok = await q(
      'mutation($id: ID!) { updateTrainingSession(id: $id, input: { capacity: 3 }) { capacity seatsLeft inseeCode } }',
      { id: session.id },
    );
    expect(ok.data.updateTrainingSession).toEqual({ capacity: 3, seatsLeft: 0, inseeCode: '47001' });
  });
});

describe('registrations', () => {
  it('registers a participant, takes a seat, and cancelling frees it', async () => {
    const session = await createSession(await createOffer());
    const res = await q(REGISTER, { s: session.id, p: 'anon-abc-1' });
    expect(res.errors).toBeUndefined();
    expect(res.data.registerForTrainingSession).toMatchObject({
      status: 'REGISTERED',
      session: { seatsLeft: 4, registrationsCount: 1 },
    });
    const cancelled = await q(CANCEL, { id: res.data.registerForTrainingSession.id });
    expect(cancelled.data.cancelTrainingRegistration).toMatchObject({
      status: 'CANCELLED',
      session: { seatsLeft: 5 },
    });
    expect(cancelled.data.cancelTrainingRegistration.cancelledAt).toBeTruthy();
    const again = await q(CANCEL, { id: res.data.registerForTrainingSession.id });
    expect(again.errors?.[0].extensions?.code).toBe('REGISTRATION_CANCELLED');
    const back = await q(REGISTER, { s: session.id, p: 'anon-abc-1' });
    expect(back.errors).toBeUndefined();
    expect(back.data.registerForTrainingSession.session.seatsLeft).toBe(4);
  });

  it('refuses a second registration of the same participant with ALREADY_REGISTERED', async () => {
    const session = await createSession(await createOffer());
    await q(REGISTER, { s: session.id, p: 'anon-twice' });
    const before = await counts();
    const res = await q(REGISTER, { s: session.id, p: 'anon-twice' });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'ALREADY_REGISTERED', field: 'participantRef' });
    expect(res.errors?.[0].message).toMatch(/already registered/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a full session with SESSION_FULL, and a past one with SESSION_PAST', async () => {
    const session = await createSession(await createOffer(), { capacity: 1 });
    await q(REGISTER, { s: session.id, p: 'anon-first' });
    const full = await q(REGISTER, { s: session.id, p: 'anon-second' });
    expect(full.errors?.[0].extensions?.code).toBe('SESSION_FULL');
    expect(full.errors?.[0].message).toMatch(/full/);

    const past = await createSession(await createOffer(), { startsAt: inHours(-3), endsAt: inHours(-1) });
    const before = await counts();
    const late = await q(REGISTER, { s: past.id, p: 'anon-late' });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'SESSION_PAST', field: 'sessionId' });
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a name instead of a pseudonym', 'Jean Dupont', 'participantRef'],
    ['an e-mail', 'jean@example.org', 'participantRef'],
    ['a malformed session id', 'anon-ok-1', 'sessionId'],
  ])('refuses %s with BAD_USER_INPUT', async (_label, participantRef, field) => {
    const session = await createSession(await createOffer());
    const res = await q(REGISTER, { s: field === 'sessionId' ? 'nope' : session.id, p: participantRef });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('records attendance only once the session has started', async () => {
    const session = await createSession(await createOffer());
    const reg = await q(REGISTER, { s: session.id, p: 'anon-attend' });
    const id = reg.data.registerForTrainingSession.id;
    const ATTEND = 'mutation($id: ID!) { recordTrainingAttendance(id: $id, attended: true) { attended } }';
    const early = await q(ATTEND, { id });
    expect(early.errors?.[0].extensions?.code).toBe('SESSION_NOT_STARTED');
    await q(
      'mutation($id: ID!, $s: DateTime!, $e: DateTime!) { updateTrainingSession(id: $id, input: { startsAt: $s, endsAt: $e }) { id } }',
      {
        id: session.id,
        s: inHours(-2),
        e: inHours(-1),
      },
    );
    const done = await q(ATTEND, { id });
    expect(done.data.recordTrainingAttendance).toEqual({ attended: true });
  });

  it('never overbooks: of 30 simultaneous registrations to 5 seats, exactly 5 succeed', async () => {
    const session = await createSession(await createOffer(), { capacity: 5 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => q(REGISTER, { s: session.id, p: `anon-rush-${i}` })),
    );
    const succeeded = results.filter((r) => !r.errors);
    expect(succeeded).toHaveLength(5);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'SESSION_FULL')).toHaveLength(25);
    for (const r of succeeded)
      expect(r.data.registerForTrainingSession.session.seatsLeft).toBeGreaterThanOrEqual(0);
    const after = await q(
      'query($id: ID!) { trainingSession(id: $id) { seatsLeft registrationsCount capacity } }',
      { id: session.id },
    );
    expect(after.data.trainingSession).toEqual({ seatsLeft: 0, registrationsCount: 5, capacity: 5 });
    const rows = await db.orm.em
      .fork()
      .getConnection()
      .execute<{ n: string }[]>(
        `select count(*) as n from registration where session_id = ? and status = 'REGISTERED'`,
        [session.id],
      );
    expect(Number(rows[0].n)).toBe(5);
  });

  it('never registers the same participant twice, even simultaneously', async () => {
    const session = await createSession(await createOffer(), { capacity: 50 });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => q(REGISTER, { s: session.id, p: 'anon-double' })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'ALREADY_REGISTERED')).toHaveLength(9);
  });

  it.each([
    ['the last seat is taken', 'registrations_count = capacity', 'SESSION_FULL'],
    ['the session is moved into the past', "starts_at = now() - interval '1 hour'", 'SESSION_PAST'],
  ])(
    'refuses a registration when %s between its checks and its seat, and keeps no row of it',
    async (_label, change, code) => {
      const session = await createSession(await createOffer(), { capacity: 5 });
      const conn = db.orm.em.fork().getConnection();
      // A concurrent writer's change, made the moment the registration row is inserted (before its seat is taken).
      await conn.execute(`create function race() returns trigger language plpgsql as $$
        begin update training_session set ${change} where id = new.session_id; return new; end $$`);
      await conn.execute(
        'create trigger race before insert on registration for each row execute function race()',
      );
      try {
        const before = await counts();
        const res = await q(REGISTER, { s: session.id, p: 'anon-raced' });
        expect(res.errors?.[0].extensions).toMatchObject({ code, field: 'sessionId' });
        expect(await counts()).toEqual(before);
      } finally {
        await conn.execute('drop trigger race on registration');
        await conn.execute('drop function race()');
      }
    },
  );

  it('holds the seat limit in the database itself', async () => {
    const session = await createSession(await createOffer(), { capacity: 2 });
    const conn = db.orm.em.fork().getConnection();
    await expect(
      conn.execute('update training_session set registrations_count = capacity + 1 where id = ?', [
        session.id,
      ]),
    ).rejects.toThrow(/training_session_seats_check/);
  });
});
