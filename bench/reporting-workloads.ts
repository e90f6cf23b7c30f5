import { PROGRAM_ID } from '../seeds/funding.seeder';
import { seedOrganizations } from '../seeds/catalog';
import { hashSeed, prng, stableId } from '../seeds/ids';
import type { Workload } from './workloads';

/**
 * Reporting workloads of the funding subgraph: each request draws its programme's co-funder or its organization
 * and its period from a seeded PRNG (the same sequence every run), so that the load is not one cached answer.
 */
const CO_FUNDERS = [
  'prefecture-47',
  'departement-47',
  'caf-47',
  'cpam-47',
  'la-poste',
  'conference-des-financeurs-47',
  'msa-dordogne-lot-et-garonne',
  'carsat-aquitaine',
].map((key) => stableId('organization', key));

const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** A random period of 1 to 12 whole months starting between January 2024 and October 2026 (the seeded ledger). */
function period(random: () => number): { from: string; to: string } {
  const start = Math.floor(random() * 34); // months since 2024-01
  const length = 1 + Math.floor(random() * 12);
  const month = (index: number) =>
    `${2024 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  const end = new Date(Date.UTC(2024, start + length, 0)).toISOString().slice(0, 10);
  return { from: `${month(start)}-01`, to: end };
}

const STATEMENT = `query BenchCofunderStatement($p: ID!, $f: ID!, $from: Date!, $to: Date!) {
  fundingProgram(id: $p) { id cofunderStatement(funderId: $f, from: $from, to: $to) {
    id contributionCents share issuedCents redeemedCents expiredCents reimbursedCents
    programme { passesIssued issuedCents passesRedeemed redeemedCents passesExpired expiredCents passesReimbursed reimbursedCents }
    months { id month issuedCents redeemedCents expiredCents reimbursedCents } } } }`;

const DASHBOARD = `query BenchFundingDashboard($o: ID!, $from: Date!, $to: Date!) {
  organization(id: $o) { id name passActivity(from: $from, to: $to) {
    id carnetsIssued passesIssued amountIssuedCents passesRedeemed amountRedeemedCents amountReimbursedCents
    amountPendingCents reimbursementsPaidCents
    months { id month carnetsIssued passesIssued amountIssuedCents passesRedeemed amountRedeemedCents
      amountReimbursedCents amountPendingCents reimbursementsPaidCents } } } }`;

export function reportingWorkloads(): Workload[] {
  const statement = (statementRandom: () => number) =>
    body(STATEMENT, {
      p: PROGRAM_ID,
      f: CO_FUNDERS[Math.floor(statementRandom() * CO_FUNDERS.length)],
      ...period(statementRandom),
    });
  const partners = seedOrganizations()
    .filter((o) => o.roles.includes('PRESCRIBER') || o.roles.includes('QUALIFIED_TRAINER'))
    .map((o) => o.id);
  const dashboard = (dashboardRandom: () => number) =>
    body(DASHBOARD, {
      o: partners[Math.floor(dashboardRandom() * partners.length)],
      ...period(dashboardRandom),
    });
  return [
    {
      name: 'co-funder statement',
      description: `one co-funder's statement (8 co-funders of the seeded programme) over 1 to 12 months between 2024-01 and 2026-10, by month, drawn per request from a seeded PRNG`,
      body: statement(prng(hashSeed('bench:cofunder-statement'))),
      vary: (random) => statement(random),
      check: (data) =>
        data?.fundingProgram?.cofunderStatement?.months?.length > 0 ? undefined : 'no co-funder statement',
      singleSubgraph: 'funding',
      read: false,
    },
    {
      name: 'funding dashboard',
      description: `Organization.passActivity of one of the ${partners.length} prescribers and training structures over 1 to 12 months, by month, drawn per request from a seeded PRNG`,
      body: dashboard(prng(hashSeed('bench:funding-dashboard'))),
      vary: (random) => dashboard(random),
      check: (data) =>
        data?.organization?.passActivity?.months?.length > 0 ? undefined : 'no funding dashboard',
      read: false,
    },
  ];
}
