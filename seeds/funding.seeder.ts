import type { EntityManager } from '@mikro-orm/postgresql';
import { PassAgeBand, PassSocialStatus } from '../subgraphs/funding/carnet/carnet.enums';
import { passDates } from '../subgraphs/funding/ledger-dates';
import { PASS_VALUE_CENTS, PassStatus } from '../subgraphs/funding/pass/pass.enums';
import { seedSerial } from '../subgraphs/funding/pass/pass-serial';
import { territoryReference } from '../subgraphs/shared/territory';
import { referenceCommunes, seedOrganizations, type SeedOrganization } from './catalog';
import { hashSeed, prng, stableId } from './ids';

// Fixed clock: the seeded ledger stops on this day, whatever day it is seeded.
const SEEDED_AT = new Date('2024-01-01T00:00:00Z');
const LEDGER_END = '2026-10-31';
/** Redemptions before this month are reimbursed in the seeds; October 2026's still wait for their batch. */
const LAST_REIMBURSED_MONTH_END = '2026-10-01';
const CHUNK = 2000;

export const PROGRAM_ID = stableId('funding-program', 'pass-numerique-47-2024-2026');
export const PROGRAM_BUDGET_CENTS = 30_000_000;

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

const AGE_BANDS: [PassAgeBand, number][] = [
  [PassAgeBand.DE_12_A_18_ANS, 2],
  [PassAgeBand.DE_18_A_35_ANS, 16],
  [PassAgeBand.DE_35_A_60_ANS, 32],
  [PassAgeBand.PLUS_60_ANS, 50],
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

/** The seeded ledger as rows, computed once from the catalog (deterministic: no clock, no Math.random). */
export function fundingSeedRows() {
  const organizations = seedOrganizations();
  const byKey = new Map(organizations.map((o) => [o.key, o]));
  const idOf = (key: string) => {
    const org = byKey.get(key);
    if (!org) throw new Error(`funding seeds: no organization ${key} in the catalog`);
    return org.id;
  };
  const prescribers = organizations.filter((o) => o.roles.includes('PRESCRIBER'));
  const trainers = organizations.filter((o) => o.roles.includes('QUALIFIED_TRAINER'));
  const reference = territoryReference();
  const trainersByEpci = new Map<string, SeedOrganization[]>();
  for (const t of trainers) {
    const epci = reference.epciOf(t.inseeCode)!;
    trainersByEpci.set(epci, [...(trainersByEpci.get(epci) ?? []), t]);
  }
  const communes: [string, number][] = referenceCommunes().map((c) => [
    c.code_insee,
    c.population_municipale,
  ]);
  const prescriberChoices: [SeedOrganization, number][] = prescribers.map((p) => [p, prescriberWeight(p)]);
  // Conseillers numériques (people seeds) prescribe some carnets; each one works with one prescriber.
  const conseillers = Array.from({ length: 39 }, (_, i) =>
    stableId('person', `conseiller-${String(i + 1).padStart(2, '0')}`),
  );

  const stamp = { created_at: SEEDED_AT, updated_at: SEEDED_AT };
  const carnets: Record<string, unknown>[] = [];
  const passes: Record<string, unknown>[] = [];
  const redemptions: (Record<string, unknown> & {
    trainer_id: string;
    month: string;
    value_cents: number;
  })[] = [];
  let issuedCents = 0;
  let n = 0;

  for (const [yearText, perYear] of Object.entries(PASSES_PER_YEAR)) {
    const year = Number(yearText);
    const months = year === 2026 ? 10 : 12;
    for (let month = 1; month <= months; month++) {
      let monthPasses = 0;
      const target = Math.round(perYear / months);
      while (monthPasses < target) {
        const key = `seed:${++n}`;
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
          prescriber_id: prescriber.id,
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
              trainer_id: trainer.id,
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
  const reimbursements = new Map<
    string,
    Record<string, unknown> & { pass_count: number; amount_cents: number }
  >();
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

  return {
    program: {
      id: PROGRAM_ID,
      name: 'Pass numérique Lot-et-Garonne 2024–2026 (déClic47)',
      operator_id: idOf('docaposte'),
      valid_from: '2024-01-01',
      valid_to: '2026-12-31',
      budget_cents: PROGRAM_BUDGET_CENTS,
      issued_cents: issuedCents,
      contributed_cents: CONTRIBUTIONS.reduce((sum, [, amount]) => sum + amount, 0),
      ...stamp,
    },
    contributions: CONTRIBUTIONS.map(([key, amount]) => ({
      id: stableId('contribution', `${PROGRAM_ID}:${key}`),
      program_id: PROGRAM_ID,
      funder_id: idOf(key),
      amount_cents: amount,
      ...stamp,
    })),
    accreditations: organizations.flatMap((o) =>
      (['PRESCRIBER', 'QUALIFIED_TRAINER'] as const)
        .filter((role) => o.roles.includes(role))
        .map((role) => ({ organization_id: o.id, role, active: true, since: '2024-01-01', ...stamp })),
    ),
    carnets,
    passes,
    reimbursements: [...reimbursements.values()],
    redemptions: rows,
  };
}

/**
 * Seeds the funding subgraph: the 2024–2026 programme and its co-funders, the accreditation registry from
 * the catalog's roles, and the ledger (carnets, passes, redemptions, reimbursements). Idempotent and
 * deterministic; bulk inserts of 2,000 rows in one transaction.
 */
export async function seedFunding(em: EntityManager): Promise<boolean> {
  const seed = fundingSeedRows();
  // Seeding is one transaction, so the last seeded row being there means every row is: skip the conflicts.
  const last = seed.redemptions[seed.redemptions.length - 1] as Record<string, unknown>;
  if ((await em.execute('select 1 from redemption where id = ?', [last.id])).length) return false;
  const tables: [string, string | string[], Record<string, unknown>[]][] = [
    ['funding_program', 'id', [seed.program]],
    ['contribution', 'id', seed.contributions],
    ['accreditation', ['organization_id', 'role'], seed.accreditations],
    ['carnet', 'id', seed.carnets],
    ['pass', 'id', seed.passes],
    ['reimbursement', 'id', seed.reimbursements],
    ['redemption', 'id', seed.redemptions],
  ];
  let inserted = 0;
  await em.transactional(async (tx) => {
    for (const [table, key, rows] of tables) {
      for (let i = 0; i < rows.length; i += CHUNK) {
        // One JSON parameter per chunk: far fewer bindings to parse than a multi-row VALUES list.
        const result = await tx.execute(
          `insert into ${table} select * from json_populate_recordset(null::${table}, ?::json)
           on conflict (${([] as string[]).concat(key).join(', ')}) do nothing returning 1`,
          [JSON.stringify(rows.slice(i, i + CHUNK))],
        );
        inserted += (result as unknown[]).length;
      }
    }
  });
  return inserted > 0;
}
