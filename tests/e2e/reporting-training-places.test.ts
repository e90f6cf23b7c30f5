import type { EntityManager } from '@mikro-orm/postgresql';
import { graphql, startHub, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';
import { stableId } from '../../seeds/ids';
import {
  rebuildTrainingDaily,
  SESSION_ATTENDANCE_FROM_RAW,
  TRAINING_DAILY_FROM_RAW,
} from '../../subgraphs/training/territory/training-daily';
import { foldRollups } from '../../subgraphs/shared/rollup-fold';
import { trainingSubgraph } from '../../subgraphs/training';

/**
 * The training and places figures of the FNE report and of the partner dashboard, each checked against a direct
 * SQL count on the owning database, right after random concurrent writes through the gateway; and the training
 * rollup (`training_daily`) kept by triggers equal to the raw rows and to a rebuild.
 */
let hub: Hub;
let admin: Record<string, string>;
let analyst: Record<string, string>;

type SubgraphName = 'places' | 'people' | 'training';
const sql = async <T = any>(subgraph: SubgraphName, text: string, bindings: unknown[] = []): Promise<T[]> =>
  (await hub.subgraphs[subgraph].db.orm.em.fork().getConnection().execute(text, bindings)) as T[];
const uuids = (ids: string[]) => `{${ids.join(',')}}`;

beforeAll(async () => {
  admin = await bearer('admin');
  analyst = await bearer('analyst');
  hub = await startHub();
  // Generous: four subgraphs and a gateway start on a shared, loaded machine.
}, 600_000);

afterAll(async () => {
  await hub?.stop();
});

let seed = 2026;
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const HOUR = 3_600_000;
const PERIOD = { from: '2025-01-01', to: '2026-12-31' };

/** Random writes of every kind that moves a training or places figure, all at once through the gateway. */
async function concurrentWrites(): Promise<void> {
  const future = await sql<{ id: string; free: number }>(
    'training',
    `select id, capacity - registrations_count as free from training_session
     where starts_at > now() + interval '2 hours' and insee_code is not null and capacity - registrations_count >= 4
     order by id limit 4`,
  );
  const cancellable = await sql<{ id: string }>(
    'training',
    `select r.id from registration r join training_session s on s.id = r.session_id
     where s.starts_at > now() + interval '2 hours' and s.insee_code is not null and r.status = 'REGISTERED'
     order by r.id limit 4`,
  );
  const past = await sql<{
    id: string;
    starts_at: Date;
    ends_at: Date;
    capacity: number;
    registrations_count: number;
  }>(
    'training',
    `select id, starts_at, ends_at, capacity, registrations_count from training_session
     where starts_at between ?::date and now() - interval '1 day' and insee_code is not null
     order by id limit 6`,
    [PERIOD.from],
  );
  const attendance = await sql<{ id: string }>(
    'training',
    `select r.id from registration r where r.session_id = any(?::uuid[]) and r.status = 'REGISTERED'
     order by r.id limit 8`,
    [uuids(past.map((s) => s.id))],
  );
  const [offer] = await sql<{ id: string }>(
    'training',
    `select o.id from training_offer o where o.format = 'ON_SITE' and exists (
       select 1 from training_session s where s.offer_id = o.id and s.starts_at < now() and s.insee_code is not null)
     order by o.id limit 1`,
  );
  const places = await sql<{ id: string; organization_id: string }>(
    'places',
    'select id, organization_id from place where organization_id is not null order by id limit 6',
  );
  expect(future.length).toBeGreaterThan(2);
  expect(cancellable.length).toBeGreaterThan(2);
  expect(past.length).toBeGreaterThan(2);
  expect(attendance.length).toBeGreaterThan(4);

  const writes: Promise<{ errors?: unknown[] }>[] = [];
  const run = (query: string, variables: Record<string, unknown>) =>
    writes.push(hub.query(query, variables, admin));
  for (const session of future)
    for (let i = 0; i < Math.min(2, session.free); i++)
      run(
        'mutation($s: ID!, $p: String!) { registerForTrainingSession(sessionId: $s, participantRef: $p) { id } }',
        { s: session.id, p: `rollup-${session.id.slice(0, 8)}-${i}-${random(1000)}` },
      );
  for (const { id } of cancellable)
    run('mutation($id: ID!) { cancelTrainingRegistration(id: $id) { id } }', { id });
  for (const { id } of attendance)
    run('mutation($id: ID!, $a: Boolean!) { recordTrainingAttendance(id: $id, attended: $a) { id } }', {
      id,
      a: random(3) > 0,
    });
  const UPDATE_SESSION =
    'mutation($id: ID!, $input: TrainingSessionInput!) { updateTrainingSession(id: $id, input: $input) { id } }';
  past.slice(0, 3).forEach((session, i) => {
    const shift = (1 + random(40)) * 24 * HOUR;
    const input: Record<string, unknown> = {
      startsAt: new Date(new Date(session.starts_at).getTime() - shift).toISOString(),
      endsAt: new Date(new Date(session.ends_at).getTime() - shift).toISOString(),
      capacity: Math.max(session.registrations_count, session.capacity + 1 + random(5)),
    };
    // One session moves to another commune (a new place).
    if (i === 0) Object.assign(input, { placeId: places[0].id, inseeCode: '47157' });
    run(UPDATE_SESSION, { id: session.id, input });
  });
  if (offer)
    run('mutation($id: ID!) { updateTrainingOffer(id: $id, input: { format: HYBRID }) { id } }', {
      id: offer.id,
    });
  // A session that started an hour ago (today's figures read the raw rows, earlier days the rollup).
  run('mutation($input: TrainingSessionInput!) { createTrainingSession(input: $input) { id } }', {
    input: {
      offerId: offer.id,
      startsAt: new Date(Date.now() - HOUR).toISOString(),
      endsAt: new Date(Date.now() + HOUR).toISOString(),
      placeId: places[1].id,
      inseeCode: '47001',
      capacity: 12,
    },
  });
  // Places: new ones (one of the dashboard's organization), updates of freshness and Pass numérique, a deletion.
  for (let i = 0; i < 4; i++)
    run('mutation($input: PlaceInput!) { createPlace(input: $input) { id } }', {
      input: {
        name: `Lieu du rapport ${i}`,
        address: `${i} place du Rapport`,
        postalCode: ['47000', '47200'][i % 2],
        inseeCode: ['47001', '47157'][i % 2],
        organizationId: places[0].organization_id,
        updatedOn: `2025-0${1 + random(9)}-1${random(9)}`,
        acceptsPassNumerique: random(2) === 0,
      },
    });
  for (const place of places.slice(2, 5))
    run('mutation($id: ID!, $input: PlaceInput!) { updatePlace(id: $id, input: $input) { id } }', {
      id: place.id,
      input: { updatedOn: `2024-1${random(3)}-0${1 + random(9)}`, acceptsPassNumerique: random(2) === 0 },
    });
  run('mutation($id: ID!) { deletePlace(id: $id) }', { id: places[5].id });

  const results = await Promise.all(writes);
  // Registrations may meet a session filled by a racing request: that refusal is the only one allowed.
  const errors = results.flatMap((r) => (r.errors ?? []) as { extensions?: { code?: string } }[]);
  expect(errors.filter((e) => e.extensions?.code !== 'SESSION_FULL')).toEqual([]);
}

const FIGURES = ['sessions', 'seats', 'registrations', 'attendees', 'recorded'];
const canonical = (rows: Record<string, unknown>[]) =>
  rows
    .filter((r) => FIGURES.some((f) => Number(r[f]) !== 0))
    .map((r) =>
      [r.insee_code, String(r.date instanceof Date ? r.date.toISOString() : r.date).slice(0, 10), r.format]
        .concat(FIGURES.map((f) => String(Number(r[f]))))
        .join('|'),
    )
    .sort();

// The view (folded and pending rows, a key's changes possibly in several rows, summed as its readers sum them), and
// the folded rows alone (one row per key).
const MAINTAINED = `select insee_code, date, format, ${FIGURES.map((f) => `sum(${f}) as ${f}`).join(', ')}
  from training_daily group by insee_code, date, format`;
const FOLDED = 'select * from training_daily_folded';
const fold = () => foldRollups(hub.subgraphs.training.db.orm.em.fork() as EntityManager, trainingSubgraph);

describe('training rollup and FNE figures after concurrent writes', () => {
  beforeAll(async () => {
    await concurrentWrites();
  }, 600_000);

  it('keeps training_daily equal to the raw rows and to a rebuild', async () => {
    const expected = canonical(await sql('training', TRAINING_DAILY_FROM_RAW));
    expect(expected.length).toBeGreaterThan(10);
    expect(canonical(await sql('training', MAINTAINED))).toEqual(expected);
    await fold();
    expect(await sql('training', 'select * from training_daily_pending')).toEqual([]);
    expect(canonical(await sql('training', FOLDED))).toEqual(expected);
    // Direct SQL writes (a cancellation of an attended seat, a deletion) go through the same triggers.
    const [attended] = await sql<{ id: string; sessionId: string }>(
      'training',
      `select r.id, r.session_id as "sessionId" from registration r join training_session s on s.id = r.session_id
       where r.attended and r.status = 'REGISTERED' and s.insee_code is not null order by r.id limit 1`,
    );
    await sql('training', `update registration set status = 'CANCELLED', cancelled_at = now() where id = ?`, [
      attended.id,
    ]);
    const [empty] = await sql<{ id: string }>(
      'training',
      `select s.id from training_session s where s.insee_code is not null
       and not exists (select 1 from registration r where r.session_id = s.id) order by s.id limit 1`,
    );
    await sql('training', 'delete from training_session where id = ?', [empty.id]);
    const after = canonical(await sql('training', TRAINING_DAILY_FROM_RAW));
    expect(after).not.toEqual(expected);
    expect(canonical(await sql('training', MAINTAINED))).toEqual(after);
    // Each session's attendance counts, kept by the registration triggers, equal its registrations counted.
    const attendance = async () => {
      const [row] = await sql<{ attended: string; recorded: string; mismatched: string }>(
        'training',
        `select sum(c.attendees) as attended, sum(c.recorded) as recorded,
           count(*) filter (where s.attendees_count <> c.attendees
             or s.attendance_recorded_count <> c.recorded) as mismatched
         from training_session s join (${SESSION_ATTENDANCE_FROM_RAW}) c on c.id = s.id`,
      );
      return {
        attended: Number(row.attended),
        recorded: Number(row.recorded),
        mismatched: Number(row.mismatched),
      };
    };
    const counted = await attendance();
    expect(counted.attended).toBeGreaterThan(0);
    expect(counted.recorded).toBeGreaterThan(counted.attended);
    expect(counted.mismatched).toBe(0);
    // Counts put wrong behind the triggers' back are put right by the rebuild, with the rollup.
    await sql('training', 'update training_session set attendees_count = attendees_count + 3 where id = ?', [
      attended.sessionId,
    ]);
    expect((await attendance()).mismatched).toBe(1);
    const em = hub.subgraphs.training.db.orm.em.fork() as EntityManager;
    expect(await rebuildTrainingDaily(em)).toBeGreaterThan(0);
    expect(await sql('training', 'select * from training_daily_pending')).toEqual([]);
    expect(canonical(await sql('training', FOLDED))).toEqual(after);
    expect(await attendance()).toEqual(counted);
  });

  it('gives every trainingStats and placeStats figure of the département by EPCI as SQL counts it', async () => {
    const res = await hub.query(
      `query($from: Date!, $to: Date!) { departement(code: "47") { code
        trainingStats(from: $from, to: $to) { id sessionsHeld seatsOffered registrations attendees attendanceRate }
        placeStats(from: $from, to: $to) { id places }
        epcis { siren
          placeStats(from: $from, to: $to) { id places acceptingPassNumerique updatedDuringPeriod toCheck toUpdate
            inhabitantsPerPlace byKind { id kind count } }
          trainingStats(from: $from, to: $to) { id sessionsHeld seatsOffered registrations attendees attendanceRate
            withheld byFormat { id format sessionsHeld seatsOffered registrations attendees } } } } }`,
      PERIOD,
      analyst,
    );
    expect(res.errors).toBeUndefined();
    const communes = await sql<{ insee_code: string; epci_siren: string; population: number }>(
      'places',
      'select insee_code, epci_siren, population from commune',
    );
    const epciOf = new Map(communes.map((c) => [c.insee_code, c.epci_siren]));
    const places = await sql<Record<string, string>>(
      'places',
      `select p.insee_code, p.kind, count(*) as places,
         count(*) filter (where p.accepts_pass_numerique) as pass,
         count(*) filter (where p.updated_on between ?::date and ?::date) as updated,
         count(*) filter (where p.updated_on <= ?::date - interval '12 months' and p.updated_on >= ?::date - interval '18 months') as to_check,
         count(*) filter (where p.updated_on < ?::date - interval '18 months') as to_update
       from place p where p.created_at < ?::date + interval '1 day' group by 1, 2`,
      [PERIOD.from, PERIOD.to, PERIOD.to, PERIOD.to, PERIOD.to, PERIOD.to],
    );
    // The raw SQL of the indicator before the rollup: every session held at a place during the period.
    const sessions = await sql<Record<string, string>>(
      'training',
      `select s.insee_code, o.format, count(*) as sessions, sum(s.capacity) as seats,
         sum(s.registrations_count) as registrations,
         count(r.id) filter (where r.attended) as attendees, count(r.id) filter (where r.attended is not null) as recorded
       from training_session s join training_offer o on o.id = s.offer_id
       left join lateral (select r.id, r.attended from registration r
         where r.session_id = s.id and r.status = 'REGISTERED' and r.attended is not null) r on true
       where (s.starts_at at time zone 'Europe/Paris')::date between ?::date and ?::date and s.starts_at < now()
         and s.insee_code is not null
       group by 1, 2`,
      [PERIOD.from, PERIOD.to],
    );
    // Attended rows multiply the session rows above: count sessions, seats and registrations once per session.
    const perSession = await sql<Record<string, string>>(
      'training',
      `select s.insee_code, o.format, count(*) as sessions, sum(s.capacity) as seats,
         sum(s.registrations_count) as registrations
       from training_session s join training_offer o on o.id = s.offer_id
       where (s.starts_at at time zone 'Europe/Paris')::date between ?::date and ?::date and s.starts_at < now()
         and s.insee_code is not null
       group by 1, 2`,
      [PERIOD.from, PERIOD.to],
    );
    const total = (
      rows: Record<string, string>[],
      siren: string | null,
      column: string,
      keep = (_: any) => true,
    ) =>
      rows
        .filter((r) => (siren === null || epciOf.get(r.insee_code) === siren) && keep(r))
        .reduce((a, r) => a + Number(r[column]), 0);

    const d = res.data.departement;
    expect(d.placeStats.places).toBe(total(places, null, 'places'));
    expect(d.trainingStats.sessionsHeld).toBe(total(perSession, null, 'sessions'));
    expect(d.trainingStats.attendees).toBe(total(sessions, null, 'attendees'));
    let held = 0;
    for (const epci of d.epcis) {
      const p = epci.placeStats;
      expect(p.id).toBe(`PlaceStats:epci:${epci.siren}:${PERIOD.from}..${PERIOD.to}`);
      expect(p.places).toBe(total(places, epci.siren, 'places'));
      expect(p.acceptingPassNumerique).toBe(total(places, epci.siren, 'pass'));
      expect(p.updatedDuringPeriod).toBe(total(places, epci.siren, 'updated'));
      expect(p.toCheck).toBe(total(places, epci.siren, 'to_check'));
      expect(p.toUpdate).toBe(total(places, epci.siren, 'to_update'));
      const population = communes
        .filter((c) => c.epci_siren === epci.siren)
        .reduce((a, c) => a + c.population, 0);
      expect(p.inhabitantsPerPlace).toBe(p.places ? Math.round((population / p.places) * 10) / 10 : null);
      for (const row of p.byKind)
        expect(row.count).toBe(total(places, epci.siren, 'places', (r) => r.kind === row.kind));
      expect(p.byKind.reduce((a: number, r: { count: number }) => a + r.count, 0)).toBe(p.places);

      const t = epci.trainingStats;
      expect(t.withheld).toEqual([]);
      expect(t.sessionsHeld).toBe(total(perSession, epci.siren, 'sessions'));
      expect(t.seatsOffered).toBe(total(perSession, epci.siren, 'seats'));
      expect(t.registrations).toBe(total(perSession, epci.siren, 'registrations'));
      expect(t.attendees).toBe(total(sessions, epci.siren, 'attendees'));
      const recorded = total(sessions, epci.siren, 'recorded');
      expect(t.attendanceRate).toBe(recorded ? t.attendees / recorded : null);
      for (const row of t.byFormat) {
        const mine = (r: Record<string, string>) => r.format === row.format;
        expect(row.sessionsHeld).toBe(total(perSession, epci.siren, 'sessions', mine));
        expect(row.seatsOffered).toBe(total(perSession, epci.siren, 'seats', mine));
        expect(row.registrations).toBe(total(perSession, epci.siren, 'registrations', mine));
        expect(row.attendees).toBe(total(sessions, epci.siren, 'attendees', mine));
      }
      held += t.sessionsHeld;
    }
    expect(held).toBeGreaterThan(0);
  });
});

describe('partner dashboard: places and training', () => {
  const DASHBOARD = `query($id: ID!, $from: Date!, $to: Date!) { organization(id: $id) { id
    placeStats(from: $from, to: $to) { id places acceptingPassNumerique updatedDuringPeriod toCheck toUpdate
      byKind { id kind count } }
    placeStatsSeries(from: $from, to: $to, by: MONTH) { id from to stats { id places toUpdate } }
    trainingStats(from: $from, to: $to) { id offers offersWithSessions sessionsHeld seatsOffered registrations fillRate
      attendees attendanceRate byFormat { id format sessionsHeld seatsOffered registrations attendees } }
    trainingStatsSeries(from: $from, to: $to, by: MONTH) { id from to
      stats { id offersWithSessions sessionsHeld seatsOffered registrations attendees } }
    staffMediationStats(from: $from, to: $to) { id conseillers aidants habilitatedAidants }
    staffPermanenceStats(from: $from, to: $to) { id permanences people conseillers places }
    staffPermanenceStatsSeries(from: $from, to: $to, by: QUARTER) { id from to stats { id permanences } } } }`;
  const YEAR = { from: '2026-01-01', to: '2026-12-31' };

  /** The training provider with the most sessions held in the year, that also runs places. */
  async function busiestOrganization(): Promise<string> {
    const providers = await sql<{ provider_id: string }>(
      'training',
      `select o.provider_id from training_offer o join training_session s on s.offer_id = o.id
       where s.starts_at < now() and s.starts_at >= ?::date group by 1 order by count(*) desc, 1`,
      [YEAR.from],
    );
    const running = await sql<{ organization_id: string }>(
      'places',
      'select distinct organization_id from place where organization_id = any(?::uuid[])',
      [uuids(providers.map((p) => p.provider_id))],
    );
    const ids = new Set(running.map((r) => r.organization_id));
    const org = providers.find((p) => ids.has(p.provider_id));
    expect(org).toBeDefined();
    return org!.provider_id;
  }

  it('gives a partner its own places and training, every figure and every month as SQL counts them', async () => {
    const org = await busiestOrganization();
    const res = await hub.query(DASHBOARD, { id: org, ...YEAR }, await bearer('partner', org));
    expect(res.errors).toBeUndefined();
    const o = res.data.organization;

    const [places] = await sql<Record<string, string>>(
      'places',
      `select count(*) as places, count(*) filter (where accepts_pass_numerique) as pass,
         count(*) filter (where updated_on between ?::date and ?::date) as updated,
         count(*) filter (where updated_on <= ?::date - interval '12 months' and updated_on >= ?::date - interval '18 months') as to_check,
         count(*) filter (where updated_on < ?::date - interval '18 months') as to_update
       from place where organization_id = ? and created_at < ?::date + interval '1 day'`,
      [YEAR.from, YEAR.to, YEAR.to, YEAR.to, YEAR.to, org, YEAR.to],
    );
    const kinds = await sql<{ kind: string; n: string }>(
      'places',
      `select kind, count(*) as n from place where organization_id = ? and created_at < ?::date + interval '1 day'
       group by 1`,
      [org, YEAR.to],
    );
    const p = o.placeStats;
    expect(p.id).toBe(`OrganizationPlaceStats:organization:${org}:${YEAR.from}..${YEAR.to}`);
    expect(p.places).toBe(Number(places.places));
    expect(p.places).toBeGreaterThan(0);
    expect(p.acceptingPassNumerique).toBe(Number(places.pass));
    expect(p.updatedDuringPeriod).toBe(Number(places.updated));
    expect(p.toCheck).toBe(Number(places.to_check));
    expect(p.toUpdate).toBe(Number(places.to_update));
    expect(Object.fromEntries(p.byKind.map((r: any) => [r.kind, r.count]))).toEqual(
      Object.fromEntries(kinds.map((r) => [r.kind, Number(r.n)])),
    );

    const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    expect(o.placeStatsSeries.map((b: any) => b.from.slice(0, 7))).toEqual(months);
    expect(o.trainingStatsSeries.map((b: any) => b.from.slice(0, 7))).toEqual(months);
    expect(o.trainingStatsSeries[1].to).toBe('2026-02-28');
    // A stock: the places recorded by the end of each month.
    const placesByMonth = await sql<{ month: string; n: string }>(
      'places',
      `select m.month, count(p.id) as n from (select to_char(d, 'YYYY-MM') as month, (d + interval '1 month')::date as next
         from generate_series(?::date, ?::date, interval '1 month') d) m
       left join place p on p.organization_id = ? and p.created_at < m.next group by 1`,
      [YEAR.from, '2026-12-01', org],
    );
    months.forEach((month, i) =>
      expect(o.placeStatsSeries[i].stats.places).toBe(
        Number(placesByMonth.find((r) => r.month === month)!.n),
      ),
    );

    const [offers] = await sql<{ n: string }>(
      'training',
      `select count(*) as n from training_offer where provider_id = ? and created_at < ?::date + interval '1 day'`,
      [org, YEAR.to],
    );
    const held = await sql<Record<string, string>>(
      'training',
      `select to_char(s.starts_at at time zone 'Europe/Paris', 'YYYY-MM') as month, o.format,
         count(distinct o.id) as offers, count(*) as sessions, sum(s.capacity) as seats,
         sum(s.registrations_count) as registrations,
         sum((select count(*) from registration r where r.session_id = s.id and r.status = 'REGISTERED' and r.attended)) as attendees,
         sum((select count(*) from registration r where r.session_id = s.id and r.status = 'REGISTERED' and r.attended is not null)) as recorded
       from training_session s join training_offer o on o.id = s.offer_id
       where o.provider_id = ? and s.starts_at < now()
         and (s.starts_at at time zone 'Europe/Paris')::date between ?::date and ?::date
       group by 1, 2`,
      [org, YEAR.from, YEAR.to],
    );
    const [distinct] = await sql<{ n: string }>(
      'training',
      `select count(distinct o.id) as n from training_session s join training_offer o on o.id = s.offer_id
       where o.provider_id = ? and s.starts_at < now()
         and (s.starts_at at time zone 'Europe/Paris')::date between ?::date and ?::date`,
      [org, YEAR.from, YEAR.to],
    );
    const sum = (column: string, keep = (_: Record<string, string>) => true) =>
      held.filter(keep).reduce((a, r) => a + Number(r[column]), 0);
    const t = o.trainingStats;
    expect(t.id).toBe(`OrganizationTrainingStats:organization:${org}:${YEAR.from}..${YEAR.to}`);
    expect(t.offers).toBe(Number(offers.n));
    expect(t.offersWithSessions).toBe(Number(distinct.n));
    expect(t.sessionsHeld).toBe(sum('sessions'));
    expect(t.sessionsHeld).toBeGreaterThan(0);
    expect(t.seatsOffered).toBe(sum('seats'));
    expect(t.registrations).toBe(sum('registrations'));
    expect(t.fillRate).toBe(t.registrations / t.seatsOffered);
    expect(t.attendees).toBe(sum('attendees'));
    expect(t.attendanceRate).toBe(sum('recorded') ? t.attendees / sum('recorded') : null);
    for (const row of t.byFormat) {
      const mine = (r: Record<string, string>) => r.format === row.format;
      expect(row.id).toBe(`${t.id}:${row.format}`);
      expect(row.sessionsHeld).toBe(sum('sessions', mine));
      expect(row.seatsOffered).toBe(sum('seats', mine));
      expect(row.registrations).toBe(sum('registrations', mine));
      expect(row.attendees).toBe(sum('attendees', mine));
    }
    months.forEach((month, i) => {
      const bucket = o.trainingStatsSeries[i].stats;
      const inMonth = (r: Record<string, string>) => r.month === month;
      expect(bucket.sessionsHeld).toBe(sum('sessions', inMonth));
      expect(bucket.seatsOffered).toBe(sum('seats', inMonth));
      expect(bucket.registrations).toBe(sum('registrations', inMonth));
      expect(bucket.attendees).toBe(sum('attendees', inMonth));
      expect(bucket.offersWithSessions).toBe(sum('offers', inMonth));
    });

    // Staff and permanences (people): its employees, their permanences recorded by the end of the period.
    const [staff] = await sql<Record<string, string>>(
      'people',
      `select count(*) filter (where role = 'CONSEILLER_NUMERIQUE') as conseillers,
         count(*) filter (where role = 'AIDANT_NUMERIQUE') as aidants,
         count(*) filter (where role = 'AIDANT_NUMERIQUE' and aidants_connect_habilitated_on <= ?::date) as habilitated
       from person where employer_id = ? and created_at < ?::date + interval '1 day'`,
      [YEAR.to, org, YEAR.to],
    );
    expect(o.staffMediationStats.conseillers).toBe(Number(staff.conseillers));
    expect(o.staffMediationStats.aidants).toBe(Number(staff.aidants));
    expect(o.staffMediationStats.habilitatedAidants).toBe(Number(staff.habilitated));
    const permanences = async (to: string) =>
      (
        await sql<Record<string, string>>(
          'people',
          `select count(*) as permanences, count(distinct p.id) as people,
             count(distinct p.id) filter (where p.role = 'CONSEILLER_NUMERIQUE') as conseillers,
             count(distinct m.place_id) as places
           from permanence m join person p on p.id = m.person_id
           where p.employer_id = ? and m.created_at < ?::date + interval '1 day'`,
          [org, to],
        )
      )[0];
    const kept = await permanences(YEAR.to);
    expect(o.staffPermanenceStats).toEqual({
      id: `StaffPermanenceStats:organization:${org}:${YEAR.from}..${YEAR.to}`,
      permanences: Number(kept.permanences),
      people: Number(kept.people),
      conseillers: Number(kept.conseillers),
      places: Number(kept.places),
    });
    expect(o.staffPermanenceStats.permanences).toBeGreaterThan(0);
    expect(o.staffPermanenceStatsSeries.map((b: any) => [b.from, b.to])).toEqual([
      ['2026-01-01', '2026-03-31'],
      ['2026-04-01', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
    ]);
    for (const bucket of o.staffPermanenceStatsSeries)
      expect(bucket.stats.permanences).toBe(Number((await permanences(bucket.to)).permanences));
  });

  it('follows an offer handed to another provider and a session created or moved to another offer', async () => {
    const HELD = `query($id: ID!, $from: Date!, $to: Date!) { organization(id: $id) { id
      trainingStats(from: $from, to: $to) { id offers sessionsHeld seatsOffered } } }`;
    const from = await busiestOrganization();
    const [offer] = await sql<{ id: string; held: string; seats: string }>(
      'training',
      `select o.id, count(*) as held, sum(s.capacity) as seats from training_offer o
       join training_session s on s.offer_id = o.id
       where o.provider_id = ? and s.starts_at < now() and s.starts_at >= ?::date
       group by o.id order by count(*) desc, o.id limit 1`,
      [from, YEAR.from],
    );
    const [{ provider_id: to }] = await sql<{ provider_id: string }>(
      'training',
      'select provider_id from training_offer where provider_id <> ? order by provider_id limit 1',
      [from],
    );
    const held = async (org: string) => {
      const res = await hub.query(HELD, { id: org, ...YEAR }, analyst);
      expect(res.errors).toBeUndefined();
      return res.data.organization.trainingStats;
    };
    /** No session whose provider is not its offer's. */
    const consistent = async () =>
      expect(
        await sql(
          'training',
          `select s.id from training_session s join training_offer o on o.id = s.offer_id
           where s.provider_id is distinct from o.provider_id`,
        ),
      ).toEqual([]);
    const hand = async (providerId: string) => {
      const res = await hub.query(
        'mutation($id: ID!, $input: TrainingOfferInput!) { updateTrainingOffer(id: $id, input: $input) { id } }',
        { id: offer.id, input: { providerId } },
        admin,
      );
      expect(res.errors).toBeUndefined();
    };
    const before = { from: await held(from), to: await held(to) };

    await hand(to);
    await consistent();
    const after = { from: await held(from), to: await held(to) };
    expect(after.from.sessionsHeld).toBe(before.from.sessionsHeld - Number(offer.held));
    expect(after.from.seatsOffered).toBe(before.from.seatsOffered - Number(offer.seats));
    expect(after.from.offers).toBe(before.from.offers - 1);
    expect(after.to.sessionsHeld).toBe(before.to.sessionsHeld + Number(offer.held));
    expect(after.to.seatsOffered).toBe(before.to.seatsOffered + Number(offer.seats));

    // A session created for the offer is the new provider's; moved to an offer of the first, it is the first's.
    const [template] = await sql<Record<string, string | number | null>>(
      'training',
      `select place_id, insee_code, latitude, longitude, online_url from training_session where offer_id = ?
       order by id limit 1`,
      [offer.id],
    );
    const [other] = await sql<{ id: string }>(
      'training',
      `select id from training_offer where provider_id = ? and id <> ?
         and format = (select format from training_offer where id = ?) order by id limit 1`,
      [from, offer.id, offer.id],
    );
    expect(other).toBeDefined();
    /** A session of the offer, two hours on `day` (at the template's place or link), of `capacity` seats. */
    const create = (day: string, capacity: number) =>
      hub.query(
        'mutation($input: TrainingSessionInput!) { createTrainingSession(input: $input) { id } }',
        {
          input: {
            offerId: offer.id,
            startsAt: `${day}T09:00:00+01:00`,
            endsAt: `${day}T11:00:00+01:00`,
            capacity,
            placeId: template.place_id ?? undefined,
            inseeCode: template.insee_code ?? undefined,
            latitude: template.latitude ?? undefined,
            longitude: template.longitude ?? undefined,
            onlineUrl: template.online_url ?? undefined,
          },
        },
        admin,
      );
    const created = await create('2026-02-10', 7);
    expect(created.errors).toBeUndefined();
    await consistent();
    expect((await held(to)).seatsOffered).toBe(after.to.seatsOffered + 7);
    const moved = await hub.query(
      'mutation($id: ID!, $input: TrainingSessionInput!) { updateTrainingSession(id: $id, input: $input) { id } }',
      { id: created.data.createTrainingSession.id, input: { offerId: other.id } },
      admin,
    );
    expect(moved.errors).toBeUndefined();
    await consistent();
    expect((await held(from)).seatsOffered).toBe(after.from.seatsOffered + 7);
    expect((await held(to)).seatsOffered).toBe(after.to.seatsOffered);

    await hand(from);
    await consistent();
    const back = await held(from);
    expect(back.sessionsHeld).toBe(before.from.sessionsHeld + 1);
    expect(back.seatsOffered).toBe(before.from.seatsOffered + 7);
    expect(back.offers).toBe(before.from.offers);
    expect(await held(to)).toEqual(before.to);

    // Sessions created while the offer is handed over and back: none is left with the provider it had.
    const answers = await Promise.all([
      create('2026-03-11', 3),
      hand(to),
      create('2026-03-12', 3),
      create('2026-03-13', 3),
      create('2026-03-14', 3),
    ]);
    for (const answer of answers) expect(answer?.errors).toBeUndefined();
    await consistent();
    for (const answer of await Promise.all([create('2026-03-15', 3), hand(from), create('2026-03-16', 3)]))
      expect(answer?.errors).toBeUndefined();
    await consistent();
  });

  it("refuses another organization's dashboard and anonymous callers, also through _entities; readers see it", async () => {
    const org = await busiestOrganization();
    const other = [stableId('organization', 'caf-47'), stableId('organization', 'cpam-47')].find(
      (o) => o !== org,
    )!;
    const partner = await bearer('partner', other);
    const refused = await hub.query(DASHBOARD, { id: org, ...YEAR }, partner);
    const fields = [
      'placeStats',
      'placeStatsSeries',
      'staffMediationStats',
      'staffPermanenceStats',
      'staffPermanenceStatsSeries',
      'trainingStats',
      'trainingStatsSeries',
    ];
    for (const field of fields) expect(refused.data.organization[field]).toBeNull();
    expect(refused.errors?.map((e: any) => e.extensions?.code)).toEqual(
      Array(fields.length).fill('FORBIDDEN'),
    );
    expect(refused.errors?.map((e: any) => e.path.join('.')).sort()).toEqual(
      fields.map((f) => `organization.${f}`),
    );
    const anonymous = await hub.query(DASHBOARD, { id: org, ...YEAR });
    expect(anonymous.data.organization.trainingStats).toBeNull();
    expect(anonymous.data.organization.placeStats).toBeNull();

    const FIELD = { places: 'placeStats', training: 'trainingStats', people: 'staffPermanenceStats' };
    for (const subgraph of ['places', 'training', 'people'] as const) {
      const entities = await graphql(
        hub.subgraphs[subgraph].server.http,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Organization {
          ${FIELD[subgraph]}(from: "2026-01-01", to: "2026-12-31") { id } } } }`,
        { r: [{ __typename: 'Organization', id: org }] },
      );
      expect(entities.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }

    for (const role of ['analyst', 'prefecture', 'admin'] as const) {
      const res = await hub.query(DASHBOARD, { id: org, ...YEAR }, await bearer(role));
      expect(res.errors).toBeUndefined();
      expect(res.data.organization.trainingStats.sessionsHeld).toBeGreaterThan(0);
    }
  });

  it('refuses a reversed period naming `from`', async () => {
    const org = await busiestOrganization();
    const res = await hub.query(DASHBOARD, { id: org, from: '2026-02-01', to: '2026-01-01' }, analyst);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(res.data.organization.trainingStats).toBeNull();
  });
});
