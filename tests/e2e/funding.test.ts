import { startHub, type Hub } from '../helpers/hub';
import { stableId } from '../../seeds/ids';
import { PROGRAM_ID } from '../../seeds/funding.seeder';
import { territoryReference } from '../../subgraphs/shared/territory';
import { bearer } from '../helpers/auth';

let admin: Record<string, string>;
// The ledger is not public: this file reads and writes it as an admin (the access matrix lives in auth.test.ts).
const adminQuery = (query: string, variables?: Record<string, unknown>) => hub.query(query, variables, admin);

let hub: Hub;
const sql = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> =>
  hub.subgraphs.funding.db.orm.em.fork().getConnection().execute<T[]>(text, params);

const org = (key: string) => stableId('organization', key);
const CAF = org('caf-47');
const TRAINERS = ['asso:le-wez', 'asso:co-clic-co', 'afpa-foulayronnes', 'campus-numerique-47', 'lgnum'].map(
  org,
);

const REDEEM = `mutation($serial: String!, $trainerId: ID!) { redeemPass(serial: $serial, trainerId: $trainerId) { id trainer { id } } }`;

async function createProgram(budgetCents: number): Promise<string> {
  const res = await adminQuery(
    `mutation($input: FundingProgramInput!) { createFundingProgram(input: $input) { id } }`,
    {
      input: {
        name: 'Programme e2e',
        operatorId: org('docaposte'),
        validFrom: '2020-01-01',
        validTo: '2099-12-31',
        budgetCents,
      },
    },
  );
  expect(res.errors).toBeUndefined();
  return res.data.createFundingProgram.id;
}

const issueInput = (programId: string, passCount: number) => ({
  programId,
  prescriberId: CAF,
  passCount,
  beneficiary: {
    reference: 'E2E-0001',
    ageBand: 'AGE_DE_35_A_60_ANS',
    socialStatus: 'SANS_EMPLOI',
    inseeCode: '47157',
  },
});

/** The ledger's sums: budget used is the value of the passes not cancelled; one redemption per redeemed pass. */
async function expectLedgerAddsUp() {
  const broken = await sql(
    `select f.id from funding_program f left join pass p on p.program_id = f.id and p.status <> 'CANCELLED'
     group by f.id having f.issued_cents <> coalesce(sum(p.value_cents), 0) or f.issued_cents > f.budget_cents`,
  );
  expect(broken).toEqual([]);
  const [links] = await sql(
    `select count(*) filter (where (p.status in ('REDEEMED', 'REIMBURSED')) <> (r.id is not null)) as mismatched
     from pass p left join redemption r on r.pass_id = p.id`,
  );
  expect(Number(links.mismatched)).toBe(0);
}

beforeAll(async () => {
  admin = await bearer('admin');
  hub = await startHub();
});

afterAll(async () => {
  await hub?.stop();
});

describe('the Pass numérique ledger through the gateway', () => {
  it('redeems a pass exactly once under 50 concurrent attempts; the others get PASS_ALREADY_REDEEMED', async () => {
    const issued = await adminQuery(
      `mutation($input: IssueCarnetInput!) { issueCarnet(input: $input) { passes { serial } } }`,
      { input: issueInput(await createProgram(100_000), 5) },
    );
    expect(issued.errors).toBeUndefined();
    const serial = issued.data.issueCarnet.passes[0].serial;
    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        adminQuery(REDEEM, { serial, trainerId: TRAINERS[i % TRAINERS.length] }),
      ),
    );
    const succeeded = attempts.filter((r) => r.data?.redeemPass);
    const refused = attempts.filter((r) => r.errors?.[0]?.extensions?.code === 'PASS_ALREADY_REDEEMED');
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(49);
    const [redemptions] = await sql(
      `select count(*) as n from redemption r join pass p on p.id = r.pass_id where p.serial = ?`,
      [serial],
    );
    expect(Number(redemptions.n)).toBe(1);
    const pass = await adminQuery(
      `query($s: String!) { pass(serial: $s) { status redemption { id trainer { id name } } } }`,
      { s: serial },
    );
    expect(pass.data.pass.status).toBe('REDEEMED');
    expect(pass.data.pass.redemption.id).toBe(succeeded[0].data.redeemPass.id);
    expect(pass.data.pass.redemption.trainer.name).toBeTruthy();
    await expectLedgerAddsUp();
  });

  it('never issues past the budget under concurrent carnets, and refusals write nothing', async () => {
    const programId = await createProgram(50_000);
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () =>
        adminQuery(`mutation($input: IssueCarnetInput!) { issueCarnet(input: $input) { id } }`, {
          input: issueInput(programId, 10),
        }),
      ),
    );
    expect(attempts.filter((r) => r.data?.issueCarnet)).toHaveLength(5);
    expect(attempts.filter((r) => r.errors?.[0]?.extensions?.code === 'BUDGET_EXCEEDED')).toHaveLength(15);
    const [row] = await sql(
      `select f.issued_cents, (select count(*) from carnet where program_id = f.id) as carnets,
         (select count(*) from pass where program_id = f.id) as passes
       from funding_program f where f.id = ?`,
      [programId],
    );
    expect([Number(row.issued_cents), Number(row.carnets), Number(row.passes)]).toEqual([50_000, 5, 50]);
    await expectLedgerAddsUp();
  });

  it("reimburses each redemption once when a month's batch runs five times at once", async () => {
    const [pending] = await sql(
      `select count(*) as n from redemption where reimbursement_id is null and redeemed_at < '2026-11-01'`,
    );
    expect(Number(pending.n)).toBeGreaterThan(0);
    const runs = await Promise.all(
      Array.from({ length: 5 }, () =>
        adminQuery(`mutation { runPassReimbursementBatch(month: "2026-10") { passCount amountCents } }`),
      ),
    );
    const batches = runs.filter((r) => r.data?.runPassReimbursementBatch?.length);
    expect(batches).toHaveLength(1);
    const reimbursed = batches[0].data.runPassReimbursementBatch.reduce(
      (s: number, r: any) => s + r.passCount,
      0,
    );
    expect(reimbursed).toBe(Number(pending.n));
    const [twice] = await sql(
      `select count(*) as n from reimbursement rb join redemption r on r.reimbursement_id = rb.id
       group by rb.id having rb.amount_cents <> sum(r.value_cents) limit 1`,
    );
    expect(twice).toBeUndefined();
    await expectLedgerAddsUp();
  });

  it('gives the FNE pass columns per EPCI that match direct SQL sums, in one funding fetch', async () => {
    const before = hub.gateway.metrics.snapshot().subgraphFetches.funding ?? 0;
    const res = await adminQuery(
      `{ departement(code: "47") { epcis { siren name passStats(from: "2025-01-01", to: "2025-12-31") { passesIssued passesRedeemed amountRedeemedCents } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect((hub.gateway.metrics.snapshot().subgraphFetches.funding ?? 0) - before).toBe(1);
    const epcis = res.data.departement.epcis;
    expect(epcis).toHaveLength(12);
    for (const epci of epcis) {
      const communes = `{${territoryReference().communesOf('epci', epci.siren).join(',')}}`;
      const [issued] = await sql(
        `select count(*) as n from pass p join carnet c on c.id = p.carnet_id
         where c.beneficiary_insee_code = any(?::text[]) and p.status <> 'CANCELLED'
           and p.issued_on between '2025-01-01' and '2025-12-31'`,
        [communes],
      );
      const [redeemed] = await sql(
        `select count(*) as n, coalesce(sum(r.value_cents), 0) as s
         from redemption r join pass p on p.id = r.pass_id join carnet c on c.id = p.carnet_id
         where c.beneficiary_insee_code = any(?::text[])
           and (r.redeemed_at at time zone 'Europe/Paris')::date between '2025-01-01' and '2025-12-31'`,
        [communes],
      );
      expect(epci.passStats).toEqual({
        passesIssued: Number(issued.n),
        passesRedeemed: Number(redeemed.n),
        amountRedeemedCents: Number(redeemed.s),
      });
    }
    const total = epcis.reduce((s: number, e: any) => s + e.passStats.passesIssued, 0);
    expect(total).toBeGreaterThan(8000);
  });

  it('joins the ledger to organizations and communes owned by the places subgraph', async () => {
    const res = await adminQuery(
      `query($caf: ID!, $wez: ID!, $program: ID!) {
        caf: organization(id: $caf) { name prescriberPassStats { carnetsIssued passesIssued } fundingContributions { amountCents } }
        wez: organization(id: $wez) { name trainerPassStats { passesRedeemed amountReimbursedCents } }
        fundingProgram(id: $program) { operator { name } contributions { funder { name } amountCents } }
        carnets(first: 3) { edges { node { prescriber { name } beneficiaryCommune { name epci { name } } } } }
      }`,
      { caf: CAF, wez: TRAINERS[0], program: PROGRAM_ID },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.caf.prescriberPassStats.carnetsIssued).toBeGreaterThan(0);
    expect(res.data.caf.fundingContributions).toEqual([{ amountCents: 2_500_000 }]);
    expect(res.data.wez.trainerPassStats.passesRedeemed).toBeGreaterThan(0);
    expect(res.data.fundingProgram.operator.name).toMatch(/Docaposte/);
    expect(res.data.fundingProgram.contributions).toHaveLength(8);
    for (const edge of res.data.carnets.edges) {
      expect(edge.node.prescriber.name).toBeTruthy();
      expect(edge.node.beneficiaryCommune.epci.name).toBeTruthy();
    }
  });
});
