import type { EntityManager } from '@mikro-orm/postgresql';
import { isScalablePlace, scaledKey, seedOrganizations, seedPlaces } from '../../seeds/catalog';
import { seedPeople, seedPermanences } from '../../seeds/catalog/people';
import { conseillerId, seedTraining } from '../../seeds/catalog/training';
import { stableId } from '../../seeds/ids';
import { activityRows, seedPeople as seedPeopleDatabase } from '../../seeds/people.seeder';
import { seedTraining as seedTrainingDatabase } from '../../seeds/training.seeder';
import {
  fundingSeedRows,
  PROGRAM_BUDGET_CENTS,
  PROGRAM_ID,
  programBudgetCents,
  seedFunding,
} from '../../seeds/funding.seeder';
import { fundingSubgraph } from '../../subgraphs/funding';
import { peopleSubgraph } from '../../subgraphs/people';
import { trainingSubgraph } from '../../subgraphs/training';
import { openTestDatabase } from '../helpers/database';

const organizationIds = new Set(seedOrganizations(2).map((o) => o.id));
const placeIds = new Set(seedPlaces(2).map((p) => p.id));
const people = { base: seedPeople(), scaled: seedPeople(2) };
const personIds = new Set(people.scaled.map((p) => p.id));
const training = { base: seedTraining(), scaled: seedTraining(2) };
const funding = { base: fundingSeedRows(), scaled: fundingSeedRows(2) };

const unique = <T>(values: T[]) => new Set(values).size === values.length;
const count = async (em: EntityManager, table: string): Promise<number> =>
  (await em.getConnection().execute(`select count(*)::int as n from ${table}`))[0].n;

describe('people seeds at a scale', () => {
  it('scale 1 is today’s people: the same 347 people, 358 permanences and ids', () => {
    expect(seedPeople(1)).toBe(people.base);
    expect(people.base).toHaveLength(347);
    expect(seedPermanences(1)).toHaveLength(358);
    expect(people.base[0].id).toBe(stableId('person', 'conseiller-01'));
    expect(people.base[38].id).toBe(stableId('person', 'conseiller-39'));
  });

  it('scale 2 doubles the people and their permanences, with unique ids and e-mails', () => {
    expect(people.scaled).toHaveLength(2 * people.base.length);
    expect(people.scaled.slice(0, people.base.length)).toEqual(people.base);
    expect(unique(people.scaled.map((p) => p.id))).toBe(true);
    expect(unique(people.scaled.filter((p) => p.email).map((p) => p.email))).toBe(true);
    expect(people.scaled.filter((p) => p.role === 'CONSEILLER_NUMERIQUE')).toHaveLength(78);
    expect(seedPermanences(2)).toHaveLength(2 * seedPermanences(1).length);
    expect(unique(seedPermanences(2).map((p) => p.id))).toBe(true);
  });

  it('puts copy k of a person at copy k of their places and employer, or at a generated place of copy k', () => {
    const places = new Map(seedPlaces(2).map((p) => [p.key, p]));
    expect(people.scaled.filter((p) => !organizationIds.has(p.employerId))).toEqual([]);
    expect(seedPermanences(2).filter((p) => !placeIds.has(p.placeId))).toEqual([]);
    for (const original of people.base) {
      const copy = people.scaled.find((p) => p.key === scaledKey(original.key, 1))!;
      for (const key of copy.postings) expect(key.endsWith('~1')).toBe(true);
      original.postings.forEach((posting) => {
        const place = places.get(posting)!;
        if (isScalablePlace(place)) expect(copy.postings).toContain(scaledKey(place.key, 1));
      });
    }
  });

  it('keeps the staff of named real places (never copied) at every scale', () => {
    const real = new Set(
      seedPlaces(2)
        .filter((p) => !isScalablePlace(p))
        .map((p) => p.id),
    );
    const at = (scale: number) =>
      seedPermanences(scale)
        .filter((p) => real.has(p.placeId))
        .map((p) => p.id)
        .sort();
    expect(at(2)).toEqual(at(1));
    expect(at(1).length).toBeGreaterThan(10);
  });

  it('generates about twice the activity reports, at places of the scale-2 catalog', () => {
    const base = activityRows(people.base);
    const rows = activityRows(people.scaled, 2);
    expect(rows.slice(0, base.length)).toEqual(base);
    expect(rows.length / base.length).toBeGreaterThan(1.8);
    expect(rows.length / base.length).toBeLessThan(2.2);
    expect(unique(rows.map((r) => r.id))).toBe(true);
    expect(rows.filter((r) => !personIds.has(r.person_id as string))).toEqual([]);
    expect(rows.filter((r) => r.place_id && !placeIds.has(r.place_id as string))).toEqual([]);
  });

  it('is deterministic', () => {
    jest.isolateModules(() => {
      const again = jest.requireActual('../../seeds/catalog/people');
      expect(again.seedPeople(2)).toEqual(people.scaled);
      expect(again.seedPermanences(2)).toEqual(seedPermanences(2));
    });
  });
});

describe('training seeds at a scale', () => {
  it('scale 1 is today’s catalog', () => {
    expect(seedTraining(1)).toBe(training.base);
    expect(training.base.offers).toHaveLength(85);
    expect(training.base.sessions).toHaveLength(1571);
  });

  it('scale 2 doubles the offers and sessions, with unique ids and valid providers, places and trainers', () => {
    const { offers, sessions } = training.scaled;
    expect(offers).toHaveLength(2 * training.base.offers.length);
    expect(sessions).toHaveLength(2 * training.base.sessions.length);
    expect(sessions.slice(0, training.base.sessions.length)).toEqual(training.base.sessions);
    expect(unique(offers.map((o) => o.id))).toBe(true);
    expect(unique(sessions.map((s) => s.id))).toBe(true);
    const offerIds = new Set(offers.map((o) => o.id));
    expect(offers.filter((o) => !organizationIds.has(o.providerId))).toEqual([]);
    expect(
      sessions.filter(
        (s) =>
          !offerIds.has(s.offerId) ||
          !personIds.has(s.trainerId) ||
          (s.placeId && !placeIds.has(s.placeId)) ||
          s.id !== stableId('training-session', s.key),
      ),
    ).toEqual([]);
  });

  it('holds copy 1 of a session by copy 1 of its conseiller', () => {
    const original = training.base.sessions[0];
    const copy = training.scaled.sessions.find((s) => s.key === scaledKey(original.key, 1))!;
    const n = Array.from({ length: 39 }, (_, i) => i + 1).find(
      (i) => conseillerId(i) === original.trainerId,
    )!;
    expect(copy.trainerId).toBe(stableId('person', scaledKey(`conseiller-${String(n).padStart(2, '0')}`, 1)));
  });
});

describe('funding seeds at a scale', () => {
  it('scale 2 about doubles the carnets and passes, with unique ids and serials', () => {
    const { scaled, base } = funding;
    expect(scaled.carnets.slice(0, base.carnets.length)).toEqual(base.carnets);
    expect(scaled.passes.length / base.passes.length).toBeGreaterThan(1.95);
    expect(scaled.passes.length / base.passes.length).toBeLessThan(2.05);
    expect(unique(scaled.carnets.map((c) => c.id))).toBe(true);
    expect(unique(scaled.passes.map((p) => p.id))).toBe(true);
    expect(unique(scaled.passes.map((p) => p.serial))).toBe(true);
    expect(unique(scaled.redemptions.map((r) => r.id))).toBe(true);
  });

  it('points every carnet at a prescriber, and every redemption at a trainer, of the scale-2 catalog', () => {
    const prescribers = new Set(
      seedOrganizations(2)
        .filter((o) => o.roles.includes('PRESCRIBER'))
        .map((o) => o.id),
    );
    const trainers = new Set(
      seedOrganizations(2)
        .filter((o) => o.roles.includes('QUALIFIED_TRAINER'))
        .map((o) => o.id),
    );
    const { carnets, redemptions } = funding.scaled;
    expect(carnets.filter((c) => !prescribers.has(c.prescriber_id as string))).toEqual([]);
    expect(
      carnets.filter((c) => c.prescriber_person_id && !personIds.has(c.prescriber_person_id as string)),
    ).toEqual([]);
    expect(redemptions.filter((r) => !trainers.has(r.trainer_id))).toEqual([]);
  });

  it('grows the budget and contributions with the scale, so the issued amount stays within the budget', () => {
    expect(funding.base.program.budget_cents).toBe(PROGRAM_BUDGET_CENTS);
    expect(funding.scaled.program.budget_cents).toBe(programBudgetCents(2));
    expect(funding.scaled.program.contributed_cents).toBe(2 * funding.base.program.contributed_cents);
    expect(funding.scaled.program.issued_cents).toBeLessThanOrEqual(funding.scaled.program.budget_cents);
  });

  it('is deterministic', () => {
    expect(fundingSeedRows(2).passes.map((p) => p.serial)).toEqual(
      funding.scaled.passes.map((p) => p.serial),
    );
  });
});

describe('seeding the databases at scale 2', () => {
  it('seeds the people and training subgraphs at scale 2 over scale 1 with every copy, idempotently', async () => {
    for (const [definition, seed, tables] of [
      [
        peopleSubgraph,
        seedPeopleDatabase,
        { person: people.scaled.length, permanence: seedPermanences(2).length },
      ],
      [
        trainingSubgraph,
        seedTrainingDatabase,
        { training_offer: training.scaled.offers.length, training_session: training.scaled.sessions.length },
      ],
    ] as const) {
      // Scale 1 as every test starts from (a clone of the run's template, seeded by the same seeder), then scale 2
      // adds the copies: as the ledger test below, and as a deployment grows its seeds.
      const db = await openTestDatabase(definition, seed);
      try {
        expect(await seed(db.orm.em.fork() as EntityManager)).toBe(false);
        expect(await seed(db.orm.em.fork() as EntityManager, { scale: 2 })).toBe(true);
        const em = db.orm.em.fork() as EntityManager;
        for (const [table, n] of Object.entries(tables)) expect(await count(em, table)).toBe(n);
        expect(await seed(db.orm.em.fork() as EntityManager, { scale: 2 })).toBe(false);
      } finally {
        await db.close();
      }
    }
  });

  it('seeds the ledger at scale 2 over scale 1 within the database’s budget check, as if seeded at once', async () => {
    // Scale 1 as every test starts from: a clone of the run's template, which `seedFunding` seeded (one seeding
    // of 23,000 passes fewer than seeding it again here); it finds its rows there and adds none.
    const db = await openTestDatabase(fundingSubgraph, seedFunding);
    try {
      expect(await seedFunding(db.orm.em.fork() as EntityManager)).toBe(false);
      expect(await seedFunding(db.orm.em.fork() as EntityManager, { scale: 2 })).toBe(true);
      expect(await seedFunding(db.orm.em.fork() as EntityManager, { scale: 2 })).toBe(false);
      const em = db.orm.em.fork() as EntityManager;
      const [program] = await em
        .getConnection()
        .execute('select budget_cents, issued_cents, contributed_cents from funding_program where id = ?', [
          PROGRAM_ID,
        ]);
      expect(Number(program.budget_cents)).toBe(funding.scaled.program.budget_cents);
      expect(Number(program.issued_cents)).toBe(funding.scaled.program.issued_cents);
      expect(Number(program.contributed_cents)).toBe(funding.scaled.program.contributed_cents);
      expect(await count(em, 'pass')).toBe(funding.scaled.passes.length);
      expect(await count(em, 'redemption')).toBe(funding.scaled.redemptions.length);
      const [sums] = await em
        .getConnection()
        .execute(
          'select sum(pass_count)::int as passes, sum(amount_cents)::bigint as cents from reimbursement',
        );
      expect(sums.passes).toBe(funding.scaled.reimbursements.reduce((a, r) => a + r.pass_count, 0));
      expect(Number(sums.cents)).toBe(funding.scaled.reimbursements.reduce((a, r) => a + r.amount_cents, 0));
      const [linked] = await em
        .getConnection()
        .execute('select count(*)::int as n from redemption where reimbursement_id is not null');
      expect(sums.passes).toBe(linked.n);
    } finally {
      await db.close();
    }
  });
});
