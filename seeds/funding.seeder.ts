import type { EntityManager } from '@mikro-orm/postgresql';
import { ParticipantAgeBand } from '../subgraphs/shared/age-band';
import { PassSocialStatus } from '../subgraphs/funding/carnet/carnet.enums';
import { passDates } from '../subgraphs/funding/ledger-dates';
import { PASS_VALUE_CENTS, PassStatus } from '../subgraphs/funding/pass/pass.enums';
import { seedSerial } from '../subgraphs/funding/pass/pass-serial';
import { territoryReference } from '../subgraphs/shared/territory';
import { referenceCommunes, seedOrganizations, type SeedOrganization } from './catalog';
import { bulkInsert, BULK_CHUNK } from './catalog/bulk-insert';
import { normalizeScale, scaledKey } from './catalog/scale';
import { hashSeed, prng, stableId } from './ids';
import { groupBy } from '../common/group-by';

// Fixed clock: the seeded ledger stops on this day, whatever day it is seeded.
const SEEDED_AT = new Date('2024-01-01T00:00:00Z');
const LEDGER_END = '2026-10-31';
/** Redemptions before this month are reimbursed in the seeds; October 2026's still wait for their batch. */
const LAST_REIMBURSED_MONTH_END = '2026-10-01';

export const PROGRAM_ID = stableId('funding-program', 'pass-numerique-47-2024-2026');
export const PROGRAM_BUDGET_CENTS = 30_000_000;
/** At scale N the ledger is N times larger: so are the budget and each contribution (the budget check holds). */
export const programBudgetCents = (scale = 1) => PROGRAM_BUDGET_CENTS * normalizeScale(scale);

/** €300,000: mostly the State, then the departmental fund and the co-funders (DESIGN.md §1). */
const CONTRIBUTIONS: [string, number][] = [
  ['prefecture-47', 15_000_000],
  ['departement-47', 6_000_000],
  ['caf-47', 2_500_000],
  ['cpam-47', 1_500_000],
  ['la-poste', 1_500_000],
  ['conference-des-financeurs-47', 1_500_000],
  ['msa-dordogne-lot-et-garonne', 1_000_000],
  ['carsat-aquitaine', 1_000_000],
];

/** Passes handed out per year (2026 until the end of October): over 23,000 in all, within the budget. */
const PASSES_PER_YEAR: Record<number, number> = { 2024: 7_200, 2025: 9_000, 2026: 7_400 };

const AGE_BANDS: [ParticipantAgeBand, number][] = [
  [ParticipantAgeBand.AGE_DE_12_A_18_ANS, 2],
  [ParticipantAgeBand.AGE_DE_18_A_35_ANS, 16],
  [ParticipantAgeBand.AGE_DE_35_A_60_ANS, 32],
  [ParticipantAgeBand.AGE_PLUS_60_ANS, 50],
];
const SOCIAL_STATUSES: [PassSocialStatus, number][] = [
  [PassSocialStatus.ETUDIANT, 4],
  [PassSocialStatus.SANS_EMPLOI, 30],
  [PassSocialStatus.EN_EMPLOI, 21],
  [PassSocialStatus.RETRAITE, 45],
];

/** Picks from weighted choices with a PRNG draw. */
function weighted<T>(choices: [T, number][], draw: number): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let x = draw * total;
  for (const [value, w] of choices) {
    x -= w;
    if (x < 0) return value;
  }
  return choices[choices.length - 1][0];
}

function prescriberWeight(org: SeedOrganization): number {
  if (['departement-47', 'caf-47', 'france-travail-47'].includes(org.key)) return 6;
  if (org.kind === 'SOCIAL_PROTECTION' || org.key.startsWith('asso:centre-social')) return 3;
  if (org.kind === 'EMPLOYMENT_SERVICE') return 2;
  return 1;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

type Row = Record<string, unknown>;
type Redemption = Row & { id: string; trainer_id: string; month: string; value_cents: number };

/** What every copy of the ledger draws from: the scale-1 catalog, and the scaled one to find copy k of an organization. */
function ledgerContext(scale: number) {
  const organizations = seedOrganizations();
  const prescribers = organizations.filter((o) => o.roles.includes('PRESCRIBER'));
  const trainers = organizations.filter((o) => o.roles.includes('QUALIFIED_TRAINER'));
  const reference = territoryReference();
  const trainersByEpci = groupBy(trainers, (t) => reference.epciOf(t.inseeCode)!);
  const scaledIds = new Map(seedOrganizations(scale).map((o) => [o.key, o.id]));
  return {
    reference,
    trainers,
    trainersByEpci,
    communes: referenceCommunes().map((c): [string, number] => [c.code_insee, c.population_municipale]),
    prescriberChoices: prescribers.map((p): [SeedOrganization, number] => [p, prescriberWeight(p)]),
    /** Copy k of an organization's id, or the original's when it is never copied (territorial bodies). */
    idIn: (org: SeedOrganization, k: number) => scaledIds.get(scaledKey(org.key, k)) ?? org.id,
  };
}

/**
 * Copy k of the ledger (copy 0 is the scale-1 ledger): carnets keyed `scaledKey('seed:n', k)`, prescribed by
 * copy k of the organization (and of its conseiller), passes redeemed at copy k of the trainers.
 */
function ledgerCopy(context: ReturnType<typeof ledgerContext>, k: number) {
  const { reference, trainers, trainersByEpci, communes, prescriberChoices, idIn } = context;
  // Conseillers numériques (people seeds) prescribe some carnets; each one works with one prescriber.
  const conseillers = Array.from({ length: 39 }, (_, i) =>
    stableId('person', scaledKey(`conseiller-${String(i + 1).padStart(2, '0')}`, k)),
  );
  const stamp = { created_at: SEEDED_AT, updated_at: SEEDED_AT };
  const carnets: Row[] = [];
  const passes: Row[] = [];
  const redemptions: Redemption[] = [];
  let issuedCents = 0;
  let n = 0;

  for (const [yearText, perYear] of Object.entries(PASSES_PER_YEAR)) {
    const year = Number(yearText);
    const months = year === 2026 ? 10 : 12;
    for (let month = 1; month <= months; month++) {
      let monthPasses = 0;
      const target = Math.round(perYear / months);
      while (monthPasses < target) {
        const key = scaledKey(`seed:${++n}`, k);
        const rand = prng(hashSeed(`carnet:${key}`));
        const issuedOn = `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rand() * daysIn(year, month))).padStart(2, '0')}`;
        const prescriber = weighted(prescriberChoices, rand());
        const passCount = rand() < 0.6 ? 5 : 10;
        const inseeCode = weighted(communes, rand());
        const withPerson = rand() < 0.35;
        const person = conseillers[hashSeed(prescriber.key) % 39];
        const cancelled = rand() < 0.02;
        const carnetId = stableId('carnet', key);
        carnets.push({
          id: carnetId,
          program_id: PROGRAM_ID,
          prescriber_id: idIn(prescriber, k),
          prescriber_person_id: withPerson ? person : null,
          beneficiary_reference: `BEN-${hashSeed(`beneficiary:${key}`).toString(36).toUpperCase().padStart(7, '0')}`,
          beneficiary_age_band: weighted(AGE_BANDS, rand()),
          beneficiary_social_status: weighted(SOCIAL_STATUSES, rand()),
          beneficiary_insee_code: inseeCode,
          issued_on: issuedOn,
          pass_count: passCount,
          pass_value_cents: PASS_VALUE_CENTS,
          created_at: new Date(`${issuedOn}T09:00:00Z`),
          updated_at: new Date(`${issuedOn}T09:00:00Z`),
        });
        const dates = passDates(issuedOn);
        // Most beneficiaries train with a structure of their own EPCI.
        const local = trainersByEpci.get(reference.epciOf(inseeCode)!) ?? [];
        const usage = 0.45 + rand() * 0.5;
        for (let i = 0; i < passCount; i++) {
          const passKey = `${key}:${i + 1}`;
          const redeemedOn = addDays(issuedOn, 3 + Math.floor(rand() * 180));
          const redeemed = rand() < usage && redeemedOn <= dates.redeemableUntil && redeemedOn <= LEDGER_END;
          const pool = local.length && rand() < 0.75 ? local : trainers;
          const trainer = pool[Math.floor(rand() * pool.length)];
          const hour = 8 + Math.floor(rand() * 9);
          let status: PassStatus;
          if (redeemed) {
            status = redeemedOn < LAST_REIMBURSED_MONTH_END ? PassStatus.REIMBURSED : PassStatus.REDEEMED;
            redemptions.push({
              id: stableId('redemption', passKey),
              pass_id: stableId('pass', passKey),
              trainer_id: idIn(trainer, k),
              training_session_id: null,
              redeemed_at: new Date(`${redeemedOn}T${String(hour).padStart(2, '0')}:00:00Z`),
              value_cents: PASS_VALUE_CENTS,
              month: redeemedOn.slice(0, 7),
              created_at: new Date(`${redeemedOn}T${String(hour).padStart(2, '0')}:00:00Z`),
              updated_at: new Date(`${redeemedOn}T${String(hour).padStart(2, '0')}:00:00Z`),
            });
          } else if (cancelled) status = PassStatus.CANCELLED;
          else status = dates.redeemableUntil < LEDGER_END ? PassStatus.EXPIRED : PassStatus.ISSUED;
          if (status !== PassStatus.CANCELLED) issuedCents += PASS_VALUE_CENTS;
          passes.push({
            id: stableId('pass', passKey),
            serial: seedSerial(passKey),
            carnet_id: carnetId,
            program_id: PROGRAM_ID,
            value_cents: PASS_VALUE_CENTS,
            status,
            issued_on: issuedOn,
            expires_on: dates.expiresOn,
            redeemable_until: dates.redeemableUntil,
            ...stamp,
          });
        }
        monthPasses += passCount;
      }
    }
  }

  // One reimbursement per structure and month, paid on the 5th of the next month.
  const reimbursements = new Map<string, Row & { pass_count: number; amount_cents: number }>();
  const rows = redemptions.map(({ month, ...r }) => {
    if (`${month}-01` >= LAST_REIMBURSED_MONTH_END) return { ...r, reimbursement_id: null };
    const id = stableId('reimbursement', `${r.trainer_id}:${month}`);
    const batch = reimbursements.get(id) ?? {
      id,
      trainer_id: r.trainer_id,
      month: `${month}-01`,
      pass_count: 0,
      amount_cents: 0,
      created_at: new Date(`${addDays(`${month}-01`, 35).slice(0, 8)}05T10:00:00Z`),
      updated_at: new Date(`${addDays(`${month}-01`, 35).slice(0, 8)}05T10:00:00Z`),
    };
    batch.pass_count += 1;
    batch.amount_cents += r.value_cents;
    reimbursements.set(id, batch);
    return { ...r, reimbursement_id: id };
  });
  return { carnets, passes, reimbursements: [...reimbursements.values()], redemptions: rows, issuedCents };
}

/** The programme, its contributions and the accreditation registry at a scale (budget and contributions × N). */
function registryRows(scale: number) {
  const byKey = new Map(seedOrganizations().map((o) => [o.key, o]));
  const idOf = (key: string) => {
    const org = byKey.get(key);
    if (!org) throw new Error(`funding seeds: no organization ${key} in the catalog`);
    return org.id;
  };
  const stamp = { created_at: SEEDED_AT, updated_at: SEEDED_AT };
  return {
    program: {
      id: PROGRAM_ID,
      name: 'Pass numérique Lot-et-Garonne 2024–2026 (déClic47)',
      operator_id: idOf('docaposte'),
      valid_from: '2024-01-01',
      valid_to: '2026-12-31',
      budget_cents: programBudgetCents(scale),
      issued_cents: 0,
      contributed_cents: CONTRIBUTIONS.reduce((sum, [, amount]) => sum + amount * scale, 0),
      ...stamp,
    },
    contributions: CONTRIBUTIONS.map(([key, amount]) => ({
      id: stableId('contribution', `${PROGRAM_ID}:${key}`),
      program_id: PROGRAM_ID,
      funder_id: idOf(key),
      amount_cents: amount * scale,
      ...stamp,
    })),
    accreditations: seedOrganizations(scale).flatMap((o) =>
      (['PRESCRIBER', 'QUALIFIED_TRAINER'] as const)
        .filter((role) => o.roles.includes(role))
        .map((role) => ({ organization_id: o.id, role, active: true, since: '2024-01-01', ...stamp })),
    ),
  };
}

/** The seeded ledger as rows (deterministic: no clock, no Math.random); at scale N, the N copies of the ledger. */
export function fundingSeedRows(scale = 1) {
  const n = normalizeScale(scale);
  const context = ledgerContext(n);
  const copies = Array.from({ length: n }, (_, k) => ledgerCopy(context, k));
  const { program, contributions, accreditations } = registryRows(n);
  const reimbursements = new Map<string, Row & { pass_count: number; amount_cents: number }>();
  for (const r of copies.flatMap((c) => c.reimbursements)) {
    const batch = reimbursements.get(r.id as string);
    if (!batch) reimbursements.set(r.id as string, { ...r });
    else {
      batch.pass_count += r.pass_count;
      batch.amount_cents += r.amount_cents;
    }
  }
  return {
    program: { ...program, issued_cents: copies.reduce((sum, c) => sum + c.issuedCents, 0) },
    contributions,
    accreditations,
    carnets: copies.flatMap((c) => c.carnets),
    passes: copies.flatMap((c) => c.passes),
    reimbursements: [...reimbursements.values()],
    redemptions: copies.flatMap((c) => c.redemptions),
  };
}

/**
 * Seeds the funding subgraph: the 2024–2026 programme and its co-funders, the accreditation registry from
 * the catalog's roles, and the ledger (carnets, passes, redemptions, reimbursements); at scale N, N copies of
 * the ledger under a budget N times larger. Deterministic and idempotent copy by copy (a copy whose last
 * redemption is there is complete: it is skipped), so seeding scale 2 over scale 1 adds copy 1 only; bulk
 * inserts of 5,000 rows in one transaction, one copy of the ledger in memory at a time.
 */
export async function seedFunding(em: EntityManager, options: { scale?: number } = {}): Promise<boolean> {
  const scale = normalizeScale(options.scale);
  const context = ledgerContext(scale);
  const registry = registryRows(scale);
  let inserted = 0;
  await em.transactional(async (tx) => {
    inserted += await bulkInsert(tx, 'funding_program', 'id', [registry.program]);
    // A larger scale over a smaller one raises the budget and contributions before issuing more passes.
    await tx.execute(
      `update funding_program set budget_cents = greatest(budget_cents, ?), contributed_cents = greatest(contributed_cents, ?) where id = ?`,
      [registry.program.budget_cents, registry.program.contributed_cents, PROGRAM_ID],
    );
    await tx.execute(
      `insert into contribution (id, program_id, funder_id, amount_cents, created_at, updated_at)
       select id, program_id, funder_id, amount_cents, created_at, updated_at
       from json_populate_recordset(null::contribution, ?::json)
       on conflict (id) do update set amount_cents = greatest(contribution.amount_cents, excluded.amount_cents)`,
      [JSON.stringify(registry.contributions)],
    );
    inserted += await bulkInsert(tx, 'accreditation', ['organization_id', 'role'], registry.accreditations);
    for (let k = 0; k < scale; k++) {
      const copy = ledgerCopy(context, k);
      const last = copy.redemptions[copy.redemptions.length - 1];
      if ((await tx.execute('select 1 from redemption where id = ?', [last.id])).length) continue;
      inserted += await bulkInsert(tx, 'carnet', 'id', copy.carnets);
      inserted += await bulkInsert(tx, 'pass', 'id', copy.passes);
      // A never-copied trainer's monthly batch gathers the redemptions of every copy: add this copy's.
      for (let i = 0; i < copy.reimbursements.length; i += BULK_CHUNK) {
        await tx.execute(
          `insert into reimbursement select * from json_populate_recordset(null::reimbursement, ?::json)
           on conflict (id) do update set pass_count = reimbursement.pass_count + excluded.pass_count,
             amount_cents = reimbursement.amount_cents + excluded.amount_cents`,
          [JSON.stringify(copy.reimbursements.slice(i, i + BULK_CHUNK))],
        );
      }
      inserted += copy.reimbursements.length;
      inserted += await bulkInsert(tx, 'redemption', 'id', copy.redemptions);
      await tx.execute('update funding_program set issued_cents = issued_cents + ? where id = ?', [
        copy.issuedCents,
        PROGRAM_ID,
      ]);
    }
  });
  return inserted > 0;
}
