import { bearer } from '../../helpers/auth';
import { graphql, startSubgraph, type RunningSubgraph } from '../../helpers/hub';
import { subgraphs } from '../../../subgraphs/registry';
import { territoryReference } from '../../../subgraphs/shared/territory';
import { stableId } from '../../../seeds/ids';
import { PROGRAM_BUDGET_CENTS, PROGRAM_ID } from '../../../seeds/funding.seeder';
import { LAPSED } from '../../../subgraphs/funding/territory/pass-stats';

let funding: RunningSubgraph;
let admin: Record<string, string>;
const q = (query: string, variables?: Record<string, unknown>) =>
  graphql(funding.server.http, query, variables, admin);
const sql = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> =>
  funding.db.orm.em.fork().getConnection().execute<T[]>(text, params);
const count = async (table: string) => Number((await sql(`select count(*) as n from ${table}`))[0].n);
const counts = async () => ({
  carnets: await count('carnet'),
  passes: await count('pass'),
  redemptions: await count('redemption'),
  issued: Number((await sql('select sum(issued_cents) as s from funding_program'))[0].s),
});

const org = (key: string) => stableId('organization', key);
const CAF = org('caf-47');
const LE_WEZ = org('asso:le-wez');
const DOCAPOSTE = org('docaposte');

const CREATE_PROGRAM = `mutation($input: FundingProgramInput!) {
  createFundingProgram(input: $input) { id budgetCents issuedCents leftCents contributedCents contributions { amountCents funder { id } } }
}`;
const ISSUE = `mutation($input: IssueCarnetInput!) {
  issueCarnet(input: $input) { id passCount valueCents issuedOn passes { serial status valueCents expiresOn redeemableUntil } }
}`;
const REDEEM = `mutation($serial: String!, $trainerId: ID!) {
  redeemPass(serial: $serial, trainerId: $trainerId) { id valueCents trainer { id } pass { serial status } }
}`;

async function createProgram(budgetCents: number): Promise<string> {
  const res = await q(CREATE_PROGRAM, {
    input: {
      name: 'Programme de test',
      operatorId: DOCAPOSTE,
      validFrom: '2020-01-01',
      validTo: '2099-12-31',
      budgetCents,
    },
  });
  expect(res.errors).toBeUndefined();
  return res.data.createFundingProgram.id;
}

const carnetInput = (programId: string, passCount = 5, prescriberId = CAF) => ({
  programId,
  prescriberId,
  passCount,
  beneficiary: {
    reference: 'TEST-0001',
    ageBand: 'AGE_PLUS_60_ANS',
    socialStatus: 'RETRAITE',
    inseeCode: '47001',
  },
});

async function issue(
  programId: string,
  passCount = 5,
): Promise<{ id: string; passes: { serial: string }[] }> {
  const res = await q(ISSUE, { input: carnetInput(programId, passCount) });
  expect(res.errors).toBeUndefined();
  return res.data.issueCarnet;
}

beforeAll(async () => {
  admin = await bearer('admin');
  funding = await startSubgraph(subgraphs.find((s) => s.definition.name === 'funding')!);
});

afterAll(async () => {
  await funding?.server.stop();
  await funding?.db.close();
});

describe('funding seeds', () => {
  it('hold the €300,000 programme, its eight co-funders and Docaposte as operator', async () => {
    const res = await q(
      `query($id: ID!) { fundingProgram(id: $id) { name budgetCents contributedCents issuedCents leftCents redeemedCents reimbursedCents operator { id } contributions { amountCents funder { id } } } }`,
      { id: PROGRAM_ID },
    );
    expect(res.errors).toBeUndefined();
    const program = res.data.fundingProgram;
    expect(program.budgetCents).toBe(PROGRAM_BUDGET_CENTS);
    expect(program.operator.id).toBe(DOCAPOSTE);
    expect(program.contributions).toHaveLength(8);
    expect(program.contributions.reduce((s: number, c: any) => s + c.amountCents, 0)).toBe(
      PROGRAM_BUDGET_CENTS,
    );
    expect(program.issuedCents).toBeGreaterThan(23_000 * 1000);
    expect(program.issuedCents + program.leftCents).toBe(PROGRAM_BUDGET_CENTS);
    expect(program.reimbursedCents).toBeLessThanOrEqual(program.redeemedCents);
  });

  it('issue more than 23,000 passes from over 30 prescribers, redeemed at 25 or more structures', async () => {
    const [row] = await sql(
      `select count(*) as passes, count(distinct c.prescriber_id) as prescribers,
         (select count(distinct trainer_id) from redemption) as trainers
       from pass p join carnet c on c.id = p.carnet_id where p.status <> 'CANCELLED'`,
    );
    expect(Number(row.passes)).toBeGreaterThan(23_000);
    expect(Number(row.prescribers)).toBeGreaterThan(30);
    expect(Number(row.trainers)).toBeGreaterThanOrEqual(25);
  });

  it('add up: issued_cents is the value of the passes not cancelled, each reimbursement the sum of its redemptions', async () => {
    const [ledger] = await sql(
      `select f.issued_cents, (select sum(value_cents) from pass where program_id = f.id and status <> 'CANCELLED') as passes
       from funding_program f where f.id = ?`,
      [PROGRAM_ID],
    );
    expect(Number(ledger.issued_cents)).toBe(Number(ledger.passes));
    const mismatched = await sql(
      `select rb.id from reimbursement rb join redemption r on r.reimbursement_id = rb.id
       group by rb.id having rb.amount_cents <> sum(r.value_cents) or rb.pass_count <> count(*)`,
    );
    expect(mismatched).toEqual([]);
    const [statuses] = await sql(
      `select count(*) filter (where p.status in ('REDEEMED', 'REIMBURSED') and r.id is null) as redeemed_without_row,
              count(*) filter (where p.status not in ('REDEEMED', 'REIMBURSED') and r.id is not null) as row_without_status,
              count(*) filter (where (p.status = 'REIMBURSED') <> (r.reimbursement_id is not null)) as reimbursed_mismatch
       from pass p left join redemption r on r.pass_id = p.id`,
    );
    expect(Object.values(statuses).map(Number)).toEqual([0, 0, 0]);
  });

  it('are idempotent', async () => {
    const before = await counts();
    const seed = subgraphs.find((s) => s.definition.name === 'funding')!.seed;
    expect(await seed(funding.db.orm.em.fork() as never)).toBe(false);
    expect(await counts()).toEqual(before);
  });
});

describe('issuing carnets', () => {
  it('issues a carnet of five €10 passes with unguessable serials, expiring on 31 December', async () => {
    const programId = await createProgram(100_000);
    const res = await q(ISSUE, { input: { ...carnetInput(programId), issuedOn: '2026-03-15' } });
    expect(res.errors).toBeUndefined();
    const carnet = res.data.issueCarnet;
    expect(carnet).toMatchObject({ passCount: 5, valueCents: 5000, issuedOn: '2026-03-15' });
    expect(carnet.passes).toHaveLength(5);
    for (const pass of carnet.passes) {
      expect(pass).toMatchObject({
        status: 'ISSUED',
        valueCents: 1000,
        expiresOn: '2026-12-31',
        redeemableUntil: '2027-01-31',
      });
      expect(pass.serial).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    }
    expect(new Set(carnet.passes.map((p: any) => p.serial)).size).toBe(5);
    const program = await q(`query($id: ID!) { fundingProgram(id: $id) { issuedCents leftCents } }`, {
      id: programId,
    });
    expect(program.data.fundingProgram).toEqual({ issuedCents: 5000, leftCents: 95_000 });
  });

  it('refuses to issue past the budget with BUDGET_EXCEEDED and writes nothing', async () => {
    const programId = await createProgram(12_000);
    await issue(programId, 10);
    const before = await counts();
    const res = await q(ISSUE, { input: carnetInput(programId, 5) });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BUDGET_EXCEEDED', field: 'input.passCount' });
    expect(res.data).toBeNull();
    expect(await counts()).toEqual(before);
    const program = await q(`query($id: ID!) { fundingProgram(id: $id) { issuedCents leftCents } }`, {
      id: programId,
    });
    expect(program.data.fundingProgram).toEqual({ issuedCents: 10_000, leftCents: 2000 });
  });

  it('holds the budget in the database even when code is bypassed', async () => {
    const programId = await createProgram(5000);
    await expect(
      sql('update funding_program set issued_cents = 6000 where id = ?', [programId]),
    ).rejects.toThrow(/funding_program_budget_check/);
  });

  it('holds one redemption per pass in the database even when code is bypassed', async () => {
    const [redeemed] = await sql(`select pass_id, trainer_id from redemption order by id limit 1`);
    await expect(
      sql(
        `insert into redemption (id, pass_id, trainer_id, redeemed_at, value_cents, created_at, updated_at)
         values (gen_random_uuid(), ?, ?, now(), 1000, now(), now())`,
        [redeemed.pass_id, redeemed.trainer_id],
      ),
    ).rejects.toThrow(/redemption_pass_unique/);
  });

  it('refuses an organization that is not an accredited prescriber with NOT_PRESCRIBER', async () => {
    const programId = await createProgram(100_000);
    const before = await counts();
    const res = await q(ISSUE, { input: carnetInput(programId, 5, LE_WEZ) });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_PRESCRIBER', field: 'input.prescriberId' });
    expect(await counts()).toEqual(before);
  });

  it('names every bad field with BAD_USER_INPUT', async () => {
    const programId = await createProgram(100_000);
    const res = await q(ISSUE, {
      input: {
        ...carnetInput(programId, 7),
        beneficiary: {
          reference: 'Jean Dupont',
          ageBand: 'AGE_PLUS_60_ANS',
          socialStatus: 'RETRAITE',
          inseeCode: '75056',
        },
      },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.problems.map((p: any) => p.field)).toEqual([
      'input.beneficiary.reference',
      'input.beneficiary.inseeCode',
      'input.passCount',
    ]);
  });

  it('refuses an unknown programme and a day outside its validity', async () => {
    const unknown = await q(ISSUE, { input: carnetInput('00000000-0000-4000-8000-000000000000') });
    expect(unknown.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.programId',
    });
    const outside = await q(ISSUE, { input: { ...carnetInput(PROGRAM_ID), issuedOn: '2023-06-01' } });
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.issuedOn' });
  });

  it('refuses a programme with bad fields or contributions over its budget, and writes nothing', async () => {
    const before = await count('funding_program');
    const res = await q(CREATE_PROGRAM, {
      input: {
        name: ' ',
        operatorId: 'docaposte',
        validFrom: '2026-01-01',
        validTo: '2025-12-31',
        budgetCents: -1,
        contributions: [{ funderId: CAF, amountCents: 0 }],
      },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.problems.map((p: any) => p.field)).toEqual([
      'input.name',
      'input.operatorId',
      'input.validTo',
      'input.budgetCents',
      'input.contributions.0.amountCents',
    ]);
    const over = await q(CREATE_PROGRAM, {
      input: {
        name: 'Trop promis',
        operatorId: DOCAPOSTE,
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        budgetCents: 1000,
        contributions: [
          { funderId: CAF, amountCents: 800 },
          { funderId: org('la-poste'), amountCents: 800 },
        ],
      },
    });
    expect(over.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.contributions',
    });
    expect(await count('funding_program')).toBe(before);
  });

  it('refuses contributions over the budget', async () => {
    const programId = await createProgram(10_000);
    const add = `mutation($programId: ID!, $input: FundingContributionInput!) { addFundingContribution(programId: $programId, input: $input) { amountCents } }`;
    const ok = await q(add, { programId, input: { funderId: CAF, amountCents: 8000 } });
    expect(ok.errors).toBeUndefined();
    const over = await q(add, { programId, input: { funderId: org('la-poste'), amountCents: 3000 } });
    expect(over.errors?.[0].extensions).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      field: 'input.amountCents',
    });
  });
});

describe('redeeming passes', () => {
  it('redeems a pass once at a qualified trainer, then refuses it with PASS_ALREADY_REDEEMED', async () => {
    const carnet = await issue(await createProgram(100_000));
    const serial = carnet.passes[0].serial;
    const first = await q(REDEEM, { serial: serial.toLowerCase().replace(/-/g, ' '), trainerId: LE_WEZ });
    expect(first.errors).toBeUndefined();
    expect(first.data.redeemPass).toMatchObject({
      valueCents: 1000,
      trainer: { id: LE_WEZ },
      pass: { serial, status: 'REDEEMED' },
    });
    const before = await counts();
    const second = await q(REDEEM, { serial, trainerId: LE_WEZ });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'PASS_ALREADY_REDEEMED', field: 'serial' });
    expect(await counts()).toEqual(before);
  });

  it('refuses an expired pass with PASS_EXPIRED', async () => {
    const [expired] = await sql(`select serial from pass where status = 'EXPIRED' order by serial limit 1`);
    const [lapsed] = await sql(
      `select serial from pass where status = 'ISSUED' and redeemable_until < current_date order by serial limit 1`,
    );
    for (const { serial } of [expired, lapsed].filter(Boolean)) {
      const res = await q(REDEEM, { serial, trainerId: LE_WEZ });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'PASS_EXPIRED', field: 'serial' });
    }
  });

  it('refuses a structure that is not qualified with NOT_QUALIFIED', async () => {
    const carnet = await issue(await createProgram(100_000));
    const res = await q(REDEEM, { serial: carnet.passes[0].serial, trainerId: CAF });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_QUALIFIED', field: 'trainerId' });
    const pass = await q(`query($s: String!) { pass(serial: $s) { status } }`, {
      s: carnet.passes[0].serial,
    });
    expect(pass.data.pass.status).toBe('ISSUED');
  });

  it('refuses a malformed or unknown serial with BAD_USER_INPUT', async () => {
    const malformed = await q(REDEEM, { serial: 'nope', trainerId: LE_WEZ });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'serial' });
    const unknown = await q(REDEEM, { serial: '0000-0000-0000-0000', trainerId: LE_WEZ });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'serial' });
  });

  it('cancels the unused passes of a carnet, gives their value back, then refuses them with PASS_CANCELLED', async () => {
    const programId = await createProgram(100_000);
    const carnet = await issue(programId, 5);
    await q(REDEEM, { serial: carnet.passes[0].serial, trainerId: LE_WEZ });
    const res = await q(
      `mutation($id: ID!) { cancelCarnetPasses(carnetId: $id) { passesCancelled amountCancelledCents carnet { passes { status } } } }`,
      { id: carnet.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.cancelCarnetPasses).toMatchObject({ passesCancelled: 4, amountCancelledCents: 4000 });
    const program = await q(`query($id: ID!) { fundingProgram(id: $id) { issuedCents } }`, { id: programId });
    expect(program.data.fundingProgram.issuedCents).toBe(1000);
    const refused = await q(REDEEM, { serial: carnet.passes[1].serial, trainerId: LE_WEZ });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'PASS_CANCELLED' });
  });

  it('follows the accreditation registry: a withdrawn trainer is refused, a new one accepted', async () => {
    const set = `mutation($o: ID!, $r: PassAccreditationRole!, $a: Boolean!) { setPassAccreditation(organizationId: $o, role: $r, active: $a) { role active since organization { id } } }`;
    const carnet = await issue(await createProgram(100_000));
    const withdrawn = await q(set, { o: LE_WEZ, r: 'QUALIFIED_TRAINER', a: false });
    expect(withdrawn.data.setPassAccreditation).toMatchObject({
      active: false,
      organization: { id: LE_WEZ },
    });
    const refused = await q(REDEEM, { serial: carnet.passes[0].serial, trainerId: LE_WEZ });
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_QUALIFIED');
    await q(set, { o: LE_WEZ, r: 'QUALIFIED_TRAINER', a: true });
    await q(set, { o: CAF, r: 'QUALIFIED_TRAINER', a: true });
    const accepted = await q(REDEEM, { serial: carnet.passes[0].serial, trainerId: CAF });
    expect(accepted.errors).toBeUndefined();
    await q(set, { o: CAF, r: 'QUALIFIED_TRAINER', a: false });
  });
});

describe('reimbursement and expiry', () => {
  it("reimburses a finished month's redeemed passes once per structure, and the sums add up", async () => {
    const [pending] = await sql(
      `select count(*) as n, coalesce(sum(value_cents), 0) as amount from redemption
       where reimbursement_id is null and redeemed_at < '2026-11-01'`,
    );
    const run = `mutation($m: String!) { runPassReimbursementBatch(month: $m) { month passCount amountCents trainer { id } redemptions { valueCents } } }`;
    const res = await q(run, { m: '2026-10' });
    expect(res.errors).toBeUndefined();
    const batch = res.data.runPassReimbursementBatch;
    expect(batch.length).toBeGreaterThan(0);
    expect(batch.reduce((s: number, r: any) => s + r.passCount, 0)).toBe(Number(pending.n));
    expect(batch.reduce((s: number, r: any) => s + r.amountCents, 0)).toBe(Number(pending.amount));
    for (const r of batch) {
      expect(r.month).toBe('2026-10');
      expect(r.redemptions.reduce((s: number, x: any) => s + x.valueCents, 0)).toBe(r.amountCents);
    }
    const again = await q(run, { m: '2026-10' });
    expect(again.data.runPassReimbursementBatch).toEqual([]);
    const [left] = await sql(`select count(*) as n from pass where status = 'REDEEMED'`);
    expect(Number(left.n)).toBe(
      Number((await sql(`select count(*) as n from redemption where reimbursement_id is null`))[0].n),
    );
  });

  it('refuses a month that is not over, or not a month', async () => {
    const next = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 7);
    for (const m of [next, '2026-13', 'octobre']) {
      const res = await q(`mutation($m: String!) { runPassReimbursementBatch(month: $m) { id } }`, { m });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    }
  });

  it('expires the unused passes past their tolerance and keeps the budget as issued', async () => {
    const [before] = await sql(`select issued_cents from funding_program where id = ?`, [PROGRAM_ID]);
    const res = await q(
      `mutation { expirePasses(asOf: "2026-02-01") { asOf passesExpired amountExpiredCents } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.expirePasses.asOf).toBe('2026-02-01');
    const [lapsed] = await sql(
      `select count(*) as n from pass where status = 'ISSUED' and redeemable_until < '2026-02-01'`,
    );
    expect(Number(lapsed.n)).toBe(0);
    const [after] = await sql(`select issued_cents from funding_program where id = ?`, [PROGRAM_ID]);
    expect(after).toEqual(before);
    const future = await q(`mutation { expirePasses(asOf: "2999-01-01") { passesExpired } }`);
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
  });
});

describe('reading the ledger', () => {
  it('lists carnets and passes with filters as connections, page after page', async () => {
    const filter = {
      prescriberIds: [CAF],
      issuedFrom: '2025-01-01',
      issuedTo: '2025-12-31',
      statuses: ['REIMBURSED'],
    };
    const [expected] = await sql(
      `select count(*) as n from pass p join carnet c on c.id = p.carnet_id
       where c.prescriber_id = ? and c.issued_on between '2025-01-01' and '2025-12-31' and p.status = 'REIMBURSED'`,
      [CAF],
    );
    const query = `query($filter: PassFilter, $after: String) { passes(filter: $filter, first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status issuedOn carnet { prescriber { id } } } } } }`;
    const first = await q(query, { filter });
    expect(first.errors).toBeUndefined();
    expect(first.data.passes.totalCount).toBe(Number(expected.n));
    const second = await q(query, { filter, after: first.data.passes.pageInfo.endCursor });
    const ids = [...first.data.passes.edges, ...second.data.passes.edges].map((e: any) => e.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of first.data.passes.edges) {
      expect(e.node).toMatchObject({ status: 'REIMBURSED', carnet: { prescriber: { id: CAF } } });
      expect(e.node.issuedOn >= '2025-01-01' && e.node.issuedOn <= '2025-12-31').toBe(true);
    }
  });

  it('filters carnets by EPCI and commune, and refuses unknown territories', async () => {
    const agglo = territoryReference().epciOf('47001')!;
    const res = await q(
      `query($f: PassFilter) { carnets(filter: $f, first: 5) { totalCount edges { node { beneficiaryInseeCode } } } }`,
      {
        f: { epciSirens: [agglo] },
      },
    );
    expect(res.errors).toBeUndefined();
    const [expected] = await sql(
      `select count(*) as n from carnet where beneficiary_insee_code = any(?::text[])`,
      [`{${territoryReference().communesOf('epci', agglo).join(',')}}`],
    );
    expect(res.data.carnets.totalCount).toBe(Number(expected.n));
    const bad = await q(`{ carnets(filter: { epciSirens: ["123"], inseeCodes: ["99999"] }) { totalCount } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('finds a pass by serial, and null for an unknown one', async () => {
    const [row] = await sql(`select serial from pass order by serial limit 1`);
    const res = await q(
      `query($a: String!) { a: pass(serial: $a) { serial carnet { id } } b: pass(serial: "ZZZZ-ZZZZ-ZZZZ-ZZZZ") { id } c: pass(serial: "x") { id } }`,
      {
        a: row.serial.toLowerCase(),
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.a.serial).toBe(row.serial);
    expect(res.data.b).toBeNull();
    expect(res.data.c).toBeNull();
  });
});

describe('entity extensions', () => {
  const ORGS = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Organization { id
    prescriberPassStats { carnetsIssued passesIssued } carnetsIssued(first: 3) { id passes { status } }
    trainerPassStats { passesRedeemed amountRedeemedCents } passRedemptions(first: 2) { id }
    fundingContributions { amountCents } passAccreditations { role } passReimbursements { month } } } }`;

  it('answers organizations in a constant number of SQL statements, whatever their number', async () => {
    const orgs = (
      await sql<{ organization_id: string }>(`select distinct organization_id from accreditation order by 1`)
    ).map((r) => r.organization_id);
    const statementsFor = async (ids: string[]) => {
      const before = funding.server.metrics.sqlStatements;
      const res = await q(ORGS, { reps: ids.map((id) => ({ __typename: 'Organization', id })) });
      expect(res.errors).toBeUndefined();
      return funding.server.metrics.sqlStatements - before;
    };
    expect(await statementsFor(orgs.slice(0, 2))).toBe(await statementsFor(orgs.slice(0, 40)));
  });

  it('sums prescribers, trainers and funders like SQL does', async () => {
    const res = await q(ORGS, {
      reps: [CAF, LE_WEZ, org('prefecture-47')].map((id) => ({ __typename: 'Organization', id })),
    });
    const [caf, wez, state] = res.data._entities;
    const [c] = await sql(`select count(*) as n from carnet where prescriber_id = ?`, [CAF]);
    expect(caf.prescriberPassStats.carnetsIssued).toBe(Number(c.n));
    expect(caf.carnetsIssued).toHaveLength(3);
    const [w] = await sql(
      `select count(*) as n, sum(value_cents) as s from redemption where trainer_id = ?`,
      [LE_WEZ],
    );
    expect(wez.trainerPassStats).toEqual({ passesRedeemed: Number(w.n), amountRedeemedCents: Number(w.s) });
    expect(state.fundingContributions).toEqual([{ amountCents: 15_000_000 }]);
  });

  it('gives pass stats per territory that match direct SQL sums', async () => {
    const res = await q(
      `{ _entities(representations: [{ __typename: "Departement", code: "47" }, { __typename: "Commune", inseeCode: "47001" }]) {
        ... on Departement { passStats(from: "2025-01-01", to: "2025-12-31") { carnetsIssued passesIssued passesRedeemed amountRedeemedCents passesExpired redemptionRate } }
        ... on Commune { passStats(from: "2025-01-01", to: "2025-12-31") { passesIssued passesRedeemed } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const [dep, agen] = res.data._entities;
    const [issued] = await sql(
      `select count(*) as n, count(distinct c.id) as carnets from pass p join carnet c on c.id = p.carnet_id
       where p.issued_on between '2025-01-01' and '2025-12-31' and p.status <> 'CANCELLED'`,
    );
    const [redeemed] = await sql(
      `select count(*) as n, sum(value_cents) as s from redemption
       where (redeemed_at at time zone 'Europe/Paris')::date between '2025-01-01' and '2025-12-31'`,
    );
    const [carnets] = await sql(
      `select count(*) as n from carnet where issued_on between '2025-01-01' and '2025-12-31'
         and beneficiary_insee_code like '47%'`,
    );
    expect(dep.passStats).toMatchObject({
      carnetsIssued: Number(carnets.n),
      passesIssued: Number(issued.n),
      passesRedeemed: Number(redeemed.n),
      amountRedeemedCents: Number(redeemed.s),
    });
    expect(dep.passStats.redemptionRate).toBeGreaterThan(0);
    expect(dep.passStats.redemptionRate).toBeLessThanOrEqual(1);
    const [agenIssued] = await sql(
      `select count(*) as n from pass p join carnet c on c.id = p.carnet_id
       where c.beneficiary_insee_code = '47001' and p.issued_on between '2025-01-01' and '2025-12-31' and p.status <> 'CANCELLED'`,
    );
    expect(agen.passStats.passesIssued).toBe(Number(agenIssued.n));
  });

  it('counts the passes used per training session', async () => {
    const session = '11111111-1111-4111-8111-111111111111';
    const carnet = await issue(await createProgram(100_000));
    const res = await q(
      `mutation($s: String!, $t: ID!, $session: ID) { redeemPass(serial: $s, trainerId: $t, trainingSessionId: $session) { trainingSession { id } } }`,
      { s: carnet.passes[0].serial, t: LE_WEZ, session },
    );
    expect(res.errors).toBeUndefined();
    const used = await q(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on TrainingSession { passesUsed passRedemptions { valueCents } } } }`,
      {
        reps: [{ __typename: 'TrainingSession', id: session }],
      },
    );
    expect(used.data._entities[0]).toEqual({ passesUsed: 1, passRedemptions: [{ valueCents: 1000 }] });
  });
});

describe('when a pass has lapsed', () => {
  it('is decided by a bound on its date that agrees with the rule (31 January after its year) for every day and every today', async () => {
    // Every day of 2023–2026 as the end of validity, against every day of 2024–2026 as today (2024 is a leap year).
    const [verdicts] = await sql<{ pairs: string; differ: string; lapsed: string }>(
      `select count(*) as pairs,
         count(*) filter (where (${LAPSED('d', 't')}) <> (make_date(extract(year from d)::int + 1, 1, 31) < t)) as differ,
         count(*) filter (where ${LAPSED('d', 't')}) as lapsed
       from (select g::date as d from generate_series('2023-01-01'::date, '2026-12-31'::date, interval '1 day') g) days,
         (select g::date as t from generate_series('2024-01-01'::date, '2026-12-31'::date, interval '1 day') g) todays`,
    );
    expect(Number(verdicts.pairs)).toBe(1461 * 1096);
    expect(Number(verdicts.differ)).toBe(0);
    expect(Number(verdicts.lapsed)).toBeGreaterThan(0);
  });
});
