import type { EntityManager } from '@mikro-orm/postgresql';
import { startHub, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';
import { stableId } from '../../seeds/ids';
import { PROGRAM_ID } from '../../seeds/funding.seeder';
import {
  JOURNALED,
  PASS_ROLLUPS,
  PASS_ROLLUPS_FROM_RAW,
  rebuildPassRollups,
} from '../../subgraphs/funding/territory/pass-rollups';
import { fundingSubgraph } from '../../subgraphs/funding';
import { foldRollups } from '../../subgraphs/shared/rollup-fold';
import { todayInParis } from '../../subgraphs/shared/today';
import { territoryReference } from '../../subgraphs/shared/territory';

let hub: Hub;
let analyst: Record<string, string>;
let admin: Record<string, string>;

const sql = async <T = any>(text: string, bindings: unknown[] = []): Promise<T[]> =>
  (await hub.subgraphs.funding.db.orm.em.fork().getConnection().execute(text, bindings)) as T[];
const org = (key: string) => stableId('organization', key);
const CAF = org('caf-47');
const MSA = org('msa-dordogne-lot-et-garonne');
const CAMPUS = org('campus-numerique-47');
const TODAY = todayInParis();

beforeAll(async () => {
  analyst = await bearer('analyst');
  admin = await bearer('admin');
  hub = await startHub();
});

afterAll(async () => {
  await hub?.stop();
});

const YEAR = { from: '2025-01-01', to: '2025-12-31' };
const MONTHS_2025 = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);

const STATEMENTS = `
  query ($id: ID!, $from: Date!, $to: Date!) {
    fundingProgram(id: $id) {
      id
      budgetCents
      cofunderStatements(from: $from, to: $to) {
        id
        funder {
          id
        }
        contributionCents
        share
        issuedCents
        redeemedCents
        expiredCents
        reimbursedCents
        programme {
          passesIssued
          issuedCents
          passesRedeemed
          redeemedCents
          passesExpired
          expiredCents
          passesReimbursed
          reimbursedCents
        }
        months {
          id
          month
          from
          to
          issuedCents
          redeemedCents
          expiredCents
          reimbursedCents
          programme {
            issuedCents
            redeemedCents
            expiredCents
            reimbursedCents
          }
        }
      }
    }
  }
`;

/** The programme's figures of a period by month, straight from the ledger's raw rows. */
async function rawMonths(from: string, to: string) {
  const rows = await sql<{ month: string; kind: string; n: string; cents: string }>(
    `select to_char(issued_on, 'YYYY-MM') as month, 'issued' as kind, count(*) as n, sum(value_cents) as cents
     from pass where program_id = ? and status <> 'CANCELLED' and issued_on between ?::date and ?::date group by 1
     union all
     select to_char(r.redeemed_at at time zone 'Europe/Paris', 'YYYY-MM'), 'redeemed', count(*), sum(r.value_cents)
     from redemption r join pass p on p.id = r.pass_id
     where p.program_id = ? and (r.redeemed_at at time zone 'Europe/Paris')::date between ?::date and ?::date group by 1
     union all
     select to_char(expires_on, 'YYYY-MM'), 'expired', count(*), sum(value_cents) from pass
     where program_id = ? and status in ('ISSUED', 'EXPIRED') and expires_on between ?::date and ?::date
       and redeemable_until < ?::date group by 1
     union all
     select to_char(rb.month, 'YYYY-MM'), 'reimbursed', count(*), sum(r.value_cents)
     from redemption r join pass p on p.id = r.pass_id join reimbursement rb on rb.id = r.reimbursement_id
     where p.program_id = ? and rb.month between date_trunc('month', ?::date)::date and ?::date group by 1`,
    [PROGRAM_ID, from, to, PROGRAM_ID, from, to, PROGRAM_ID, from, to, TODAY, PROGRAM_ID, from, to],
  );
  return (month: string, kind: string) => {
    const row = rows.find((r) => r.month === month && r.kind === kind);
    return { n: Number(row?.n ?? 0), cents: Number(row?.cents ?? 0) };
  };
}

describe('co-funder statements', () => {
  it("splits each month's figures among the co-funders pro rata of the budget, in exact cents that add up to the SQL counts", async () => {
    const res = await hub.query(STATEMENTS, { id: PROGRAM_ID, ...YEAR }, analyst);
    expect(res.errors).toBeUndefined();
    const program = res.data.fundingProgram;
    const statements = program.cofunderStatements;
    const contributions = await sql<{ funder_id: string; amount_cents: string }>(
      'select funder_id, amount_cents from contribution where program_id = ? order by amount_cents desc, id',
      [PROGRAM_ID],
    );
    // The seeded contributions cover the budget: no uncovered part.
    expect(statements.map((s: any) => s.funder.id)).toEqual(contributions.map((c) => c.funder_id));
    const raw = await rawMonths(YEAR.from, YEAR.to);
    const figures = ['issued', 'redeemed', 'expired', 'reimbursed'];
    for (const [i, month] of MONTHS_2025.entries()) {
      for (const figure of figures) {
        const whole = raw(month, figure).cents;
        const parts = statements.map((s: any) => s.months[i][`${figure}Cents`]);
        expect(statements[0].months[i].programme[`${figure}Cents`]).toBe(whole);
        // Parts add up to the whole, each within a cent of its exact share.
        expect(parts.reduce((a: number, b: number) => a + b, 0)).toBe(whole);
        statements.forEach((s: any, k: number) =>
          expect(Math.abs(parts[k] - (whole * s.contributionCents) / program.budgetCents)).toBeLessThan(1),
        );
      }
    }
    const sum = (f: (month: string) => number) => MONTHS_2025.reduce((a, m) => a + f(m), 0);
    const whole = statements[0].programme;
    expect(whole.passesIssued).toBe(sum((m) => raw(m, 'issued').n));
    expect(whole.redeemedCents).toBe(sum((m) => raw(m, 'redeemed').cents));
    expect(whole.passesExpired).toBe(sum((m) => raw(m, 'expired').n));
    expect(whole.reimbursedCents).toBe(sum((m) => raw(m, 'reimbursed').cents));
    expect(whole.issuedCents).toBeGreaterThan(0);
    expect(whole.expiredCents).toBeGreaterThan(0);
    for (const s of statements) {
      expect(s.months.map((m: any) => m.month)).toEqual(MONTHS_2025);
      for (const figure of figures)
        expect(s[`${figure}Cents`]).toBe(s.months.reduce((a: number, m: any) => a + m[`${figure}Cents`], 0));
      expect(s.id).toBe(`CofunderStatement:${PROGRAM_ID}:${s.funder.id}:2025-01-01..2025-12-31`);
    }
    expect(statements.reduce((a: number, s: any) => a + s.share, 0)).toBeCloseTo(1, 10);
  });

  it('counts the days of partial months at both ends (day rows) and the whole months between (month rows) exactly', async () => {
    // 14 March – 9 November 2025: 18 days, 7 whole months, 9 days; and days inside one month.
    for (const period of [
      { from: '2025-03-14', to: '2025-11-09' },
      { from: '2025-06-03', to: '2025-06-27' },
    ]) {
      const res = await hub.query(STATEMENTS, { id: PROGRAM_ID, ...period }, analyst);
      expect(res.errors).toBeUndefined();
      const [statement] = res.data.fundingProgram.cofunderStatements;
      const raw = await rawMonths(period.from, period.to);
      for (const m of statement.months)
        for (const figure of ['issued', 'redeemed'])
          expect({ month: m.month, figure, cents: m.programme[`${figure}Cents`] }).toEqual({
            month: m.month,
            figure,
            cents: raw(m.month, figure).cents,
          });
      expect(statement.programme.issuedCents).toBeGreaterThan(0);
      expect(statement.programme.redeemedCents).toBeGreaterThan(0);

      const [expected] = await sql<{ issued: string; carnets: string; redeemed: string }>(
        `select (select count(*) from pass where status <> 'CANCELLED' and issued_on between ?::date and ?::date) as issued,
           (select count(*) from carnet where issued_on between ?::date and ?::date) as carnets,
           (select count(*) from redemption
            where (redeemed_at at time zone 'Europe/Paris')::date between ?::date and ?::date) as redeemed`,
        [period.from, period.to, period.from, period.to, period.from, period.to],
      );
      const stats = await hub.query(
        `query($from: Date!, $to: Date!) { departement(code: "47") {
           passStats(from: $from, to: $to) { carnetsIssued passesIssued passesRedeemed } } }`,
        period,
        analyst,
      );
      expect(stats.errors).toBeUndefined();
      expect(stats.data.departement.passStats).toEqual({
        carnetsIssued: Number(expected.carnets),
        passesIssued: Number(expected.issued),
        passesRedeemed: Number(expected.redeemed),
      });
    }
  });

  it('shows a co-funder partner its own statement only, and nothing to anonymous callers', async () => {
    const caf = await bearer('partner', CAF);
    const own = await hub.query(STATEMENTS, { id: PROGRAM_ID, ...YEAR }, caf);
    expect(own.errors).toBeUndefined();
    expect(own.data.fundingProgram.cofunderStatements.map((s: any) => s.funder.id)).toEqual([CAF]);
    const all = await hub.query(STATEMENTS, { id: PROGRAM_ID, ...YEAR }, await bearer('prefecture'));
    const cafAll = all.data.fundingProgram.cofunderStatements.find((s: any) => s.funder.id === CAF);
    expect(own.data.fundingProgram.cofunderStatements[0]).toEqual(cafAll);

    const ONE = `query($id: ID!, $f: ID!) { fundingProgram(id: $id) { id
      cofunderStatement(funderId: $f, from: "2025-01-01", to: "2025-12-31") { id issuedCents } } }`;
    const other = await hub.query(ONE, { id: PROGRAM_ID, f: MSA }, caf);
    expect(other.data.fundingProgram.cofunderStatement).toBeNull();
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mine = await hub.query(ONE, { id: PROGRAM_ID, f: CAF }, caf);
    expect(mine.data.fundingProgram.cofunderStatement.issuedCents).toBe(cafAll.issuedCents);

    const anonymous = await hub.query(STATEMENTS, { id: PROGRAM_ID, ...YEAR });
    expect(anonymous.data.fundingProgram.cofunderStatements).toBeNull();
    expect(anonymous.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const BY_ORG = `query($o: ID!) { organization(id: $o) { id
      cofunderStatements(from: "2025-01-01", to: "2025-12-31") { id issuedCents redeemedCents } } }`;
    const byOrg = await hub.query(BY_ORG, { o: CAF }, caf);
    expect(byOrg.errors).toBeUndefined();
    expect(byOrg.data.organization.cofunderStatements).toEqual([
      { id: cafAll.id, issuedCents: cafAll.issuedCents, redeemedCents: cafAll.redeemedCents },
    ]);
    const notMine = await hub.query(BY_ORG, { o: MSA }, caf);
    expect(notMine.data.organization.cofunderStatements).toBeNull();
    expect(notMine.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses periods and months outside the data with BAD_USER_INPUT naming the argument', async () => {
    const q = (from: string, to: string) => hub.query(STATEMENTS, { id: PROGRAM_ID, from, to }, analyst);
    const field = async (p: Promise<any>) => (await p).errors?.[0].extensions;
    expect(await field(q('2025-02-01', '2025-01-01'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'from',
    });
    expect(await field(q('2016-01-01', '2026-01-01'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(await field(q('2099-01-01', '2099-12-31'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'from',
    });
    expect(await field(q('2020-01-01', '2023-12-31'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    // Overlapping the data is fine: the months after today read zeros.
    const ok = await q('2026-06-01', '2027-03-31');
    expect(ok.errors).toBeUndefined();
    expect(ok.data.fundingProgram.cofunderStatements[0].months).toHaveLength(10);

    const month = (m: string) =>
      field(hub.query('query($m: String!) { passReimbursements(month: $m) { id } }', { m }, admin));
    for (const m of ['2099-01', '2023-12', '2026-13', 'octobre'])
      expect(await month(m)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    const inData = await hub.query('{ passReimbursements(month: "2025-03") { id } }', {}, admin);
    expect(inData.errors).toBeUndefined();
    expect(inData.data.passReimbursements.length).toBeGreaterThan(0);
    const batch = await hub.query(
      'mutation { runPassReimbursementBatch(month: "2023-06") { id } }',
      {},
      admin,
    );
    expect(batch.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
  });
});

describe('expiry forecast', () => {
  const FORECAST = `
    query ($id: ID!, $within: Int!) {
      fundingProgram(id: $id) {
        id
        expiryForecast(withinDays: $within, first: 100) {
          id
          asOf
          until
          passes
          amountCents
          byPrescriber {
            id
            prescriber {
              id
            }
            passes
            amountCents
          }
          byEpci {
            id
            epci {
              siren
            }
            passes
            amountCents
          }
          rows {
            id
            prescriber {
              id
            }
            commune {
              inseeCode
            }
            epci {
              siren
            }
            expiresOn
            redeemableUntil
            passes
            amountCents
          }
        }
      }
    }
  `;

  it('lists the unused passes still redeemable whose validity ends within the horizon, by prescriber and territory, as SQL counts them', async () => {
    const res = await hub.query(FORECAST, { id: PROGRAM_ID, within: 400 }, analyst);
    expect(res.errors).toBeUndefined();
    const f = res.data.fundingProgram.expiryForecast;
    const until = new Date(Date.parse(`${TODAY}T00:00:00Z`) + 400 * 86_400_000).toISOString().slice(0, 10);
    expect(f.asOf).toBe(TODAY);
    expect(f.until).toBe(until);
    const rows = await sql<{ prescriber_id: string; insee_code: string; n: string; cents: string }>(
      `select c.prescriber_id, c.beneficiary_insee_code as insee_code, count(*) as n, sum(p.value_cents) as cents
       from pass p join carnet c on c.id = p.carnet_id
       where p.program_id = ? and p.status = 'ISSUED' and p.redeemable_until >= ?::date and p.expires_on <= ?::date
       group by 1, 2`,
      [PROGRAM_ID, TODAY, until],
    );
    const total = rows.reduce((a, r) => a + Number(r.n), 0);
    expect(total).toBeGreaterThan(0);
    expect(f.passes).toBe(total);
    expect(f.amountCents).toBe(rows.reduce((a, r) => a + Number(r.cents), 0));
    const byPrescriber = new Map<string, number>();
    const byEpci = new Map<string, number>();
    const epciOf = (code: string) => territoryReference().epciOf(code)!;
    for (const r of rows) {
      byPrescriber.set(r.prescriber_id, (byPrescriber.get(r.prescriber_id) ?? 0) + Number(r.n));
      byEpci.set(epciOf(r.insee_code), (byEpci.get(epciOf(r.insee_code)) ?? 0) + Number(r.n));
    }
    expect(f.byPrescriber).toHaveLength(byPrescriber.size);
    for (const p of f.byPrescriber) expect(p.passes).toBe(byPrescriber.get(p.prescriber.id));
    for (const e of f.byEpci) expect(e.passes).toBe(byEpci.get(e.epci.siren));
    expect(f.byPrescriber.map((p: any) => p.passes)).toEqual(
      [...f.byPrescriber.map((p: any) => p.passes)].sort((a, b) => b - a),
    );
    for (const r of f.rows.slice(0, 20)) {
      const expected = rows.find(
        (x) => x.prescriber_id === r.prescriber.id && x.insee_code === r.commune.inseeCode,
      );
      expect(r.passes).toBe(Number(expected!.n));
      expect(r.epci.siren).toBe(epciOf(r.commune.inseeCode));
      expect(r.redeemableUntil).toBe(`${Number(r.expiresOn.slice(0, 4)) + 1}-01-31`);
    }

    // A prescriber partner sees its own passes; a co-funder all of them; anonymous callers nothing.
    const funders = new Set(
      (
        await sql<{ funder_id: string }>('select funder_id from contribution where program_id = ?', [
          PROGRAM_ID,
        ])
      ).map((c) => c.funder_id),
    );
    const prescriber = f.byPrescriber.find((p: any) => !funders.has(p.prescriber.id)).prescriber.id;
    const own = await hub.query(
      FORECAST,
      { id: PROGRAM_ID, within: 400 },
      await bearer('partner', prescriber),
    );
    expect(own.errors).toBeUndefined();
    expect(own.data.fundingProgram.expiryForecast.passes).toBe(byPrescriber.get(prescriber));
    expect(own.data.fundingProgram.expiryForecast.byPrescriber.map((p: any) => p.prescriber.id)).toEqual([
      prescriber,
    ]);
    const cofunder = await hub.query(FORECAST, { id: PROGRAM_ID, within: 400 }, await bearer('partner', MSA));
    expect(cofunder.data.fundingProgram.expiryForecast.passes).toBe(total);
    const anonymous = await hub.query(FORECAST, { id: PROGRAM_ID, within: 400 });
    expect(anonymous.data.fundingProgram.expiryForecast).toBeNull();
    expect(anonymous.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const tooFar = await hub.query(FORECAST, { id: PROGRAM_ID, within: 401 }, analyst);
    expect(tooFar.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'withinDays' });
  });
});

describe('partner dashboard, funding part', () => {
  const ACTIVITY = `
    query ($id: ID!, $from: Date!, $to: Date!) {
      organization(id: $id) {
        id
        passActivity(from: $from, to: $to) {
          id
          carnetsIssued
          passesIssued
          amountIssuedCents
          passesRedeemed
          amountRedeemedCents
          amountReimbursedCents
          amountPendingCents
          reimbursementsPaidCents
          months {
            id
            month
            from
            to
            carnetsIssued
            passesIssued
            amountIssuedCents
            passesRedeemed
            amountRedeemedCents
            amountReimbursedCents
            amountPendingCents
            reimbursementsPaidCents
          }
        }
      }
    }
  `;

  it('gives a prescriber and a training structure their figures by month, zeros included, as SQL counts them', async () => {
    const period = { from: '2026-01-01', to: '2026-12-31' };
    const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    const caf = await hub.query(ACTIVITY, { id: CAF, ...period }, await bearer('partner', CAF));
    expect(caf.errors).toBeUndefined();
    const a = caf.data.organization.passActivity;
    expect(a.months.map((m: any) => m.month)).toEqual(months);
    const carnets = await sql<{ month: string; carnets: string; passes: string; cents: string }>(
      `select to_char(c.issued_on, 'YYYY-MM') as month, count(distinct c.id) as carnets,
         count(p.id) filter (where p.status <> 'CANCELLED') as passes,
         coalesce(sum(p.value_cents) filter (where p.status <> 'CANCELLED'), 0) as cents
       from carnet c join pass p on p.carnet_id = c.id
       where c.prescriber_id = ? and c.issued_on between '2026-01-01' and '2026-12-31' group by 1`,
      [CAF],
    );
    for (const m of a.months) {
      const row = carnets.find((r) => r.month === m.month);
      expect(m.carnetsIssued).toBe(Number(row?.carnets ?? 0));
      expect(m.passesIssued).toBe(Number(row?.passes ?? 0));
      expect(m.amountIssuedCents).toBe(Number(row?.cents ?? 0));
    }
    // The seeded ledger stops on 31 October: November and December are zeros.
    expect(a.months[11].carnetsIssued).toBe(0);
    expect(a.carnetsIssued).toBe(carnets.reduce((s, r) => s + Number(r.carnets), 0));
    expect(a.carnetsIssued).toBeGreaterThan(0);

    const campus = await hub.query(ACTIVITY, { id: CAMPUS, ...period }, analyst);
    expect(campus.errors).toBeUndefined();
    const t = campus.data.organization.passActivity;
    const redemptions = await sql<{ month: string; n: string; cents: string; paid: string }>(
      `select to_char(redeemed_at at time zone 'Europe/Paris', 'YYYY-MM') as month, count(*) as n,
         sum(value_cents) as cents, coalesce(sum(value_cents) filter (where reimbursement_id is not null), 0) as paid
       from redemption where trainer_id = ?
         and (redeemed_at at time zone 'Europe/Paris')::date between '2026-01-01' and '2026-12-31' group by 1`,
      [CAMPUS],
    );
    const batches = await sql<{ month: string; cents: string }>(
      `select to_char(month, 'YYYY-MM') as month, amount_cents as cents from reimbursement
       where trainer_id = ? and month between '2026-01-01' and '2026-12-31'`,
      [CAMPUS],
    );
    for (const m of t.months) {
      const row = redemptions.find((r) => r.month === m.month);
      expect(m.passesRedeemed).toBe(Number(row?.n ?? 0));
      expect(m.amountRedeemedCents).toBe(Number(row?.cents ?? 0));
      expect(m.amountReimbursedCents).toBe(Number(row?.paid ?? 0));
      expect(m.amountPendingCents).toBe(Number(row?.cents ?? 0) - Number(row?.paid ?? 0));
      expect(m.reimbursementsPaidCents).toBe(Number(batches.find((b) => b.month === m.month)?.cents ?? 0));
    }
    expect(t.passesRedeemed).toBeGreaterThan(0);
    expect(t.amountPendingCents).toBeGreaterThan(0);

    const other = await hub.query(ACTIVITY, { id: CAMPUS, ...period }, await bearer('partner', CAF));
    expect(other.data.organization.passActivity).toBeNull();
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await hub.query(ACTIVITY, { id: CAF, ...period });
    expect(anonymous.data.organization.passActivity).toBeNull();
    const future = await hub.query(ACTIVITY, { id: CAF, from: '2099-01-01', to: '2099-02-01' }, analyst);
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });
});

describe('funding rollups', () => {
  const canonical = (rows: Record<string, unknown>[]) =>
    rows
      .map((r) =>
        Object.entries(r)
          .map(
            ([k, v]) => `${k}=${v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 36)}`,
          )
          .join('|'),
      )
      .sort();
  // Rows whose figures are all 0 are what a key holds once its passes moved on: not kept by the raw rows.
  const nonZero = (table: string, sum = false) =>
    PASS_ROLLUPS[table].figures.map((f) => (sum ? `sum(${f}) <> 0` : `${f} <> 0`)).join(' or ');
  // The view: folded and pending rows, a key's changes possibly in several rows, summed as every reader sums them.
  const maintained = async (table: string) => {
    const { keys, figures } = PASS_ROLLUPS[table];
    return canonical(
      (
        await sql(
          `select ${keys.join(', ')}, ${figures.map((f) => `sum(${f}) as ${f}`).join(', ')} from ${table}
           group by ${keys.join(', ')} having ${nonZero(table, true)}`,
        )
      ).map((r) => normalize(table, r)),
    );
  };
  // The folded rows alone: one row per key.
  const folded = async (table: string) =>
    canonical(
      (await sql(`select * from ${table}_folded where ${nonZero(table)}`)).map((r) => normalize(table, r)),
    );
  const pending = async () =>
    Number(
      (await sql(JOURNALED.map((t) => `select count(*) as n from ${t}_pending`).join(' union all '))).reduce(
        (a: number, r: any) => a + Number(r.n),
        0,
      ),
    );
  const raw = async (table: string) =>
    canonical((await sql(PASS_ROLLUPS_FROM_RAW[table])).map((r) => normalize(table, r)));
  const normalize = (_table: string, r: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        v instanceof Date
          ? v.toISOString().slice(0, 10)
          : typeof v === 'string' && /^\d+$/.test(v)
            ? Number(v)
            : v,
      ]),
    );

  const ISSUE = `mutation($input: IssueCarnetInput!) { issueCarnet(input: $input) { id passes { serial } } }`;
  const REDEEM = `mutation($s: String!, $t: ID!) { redeemPass(serial: $s, trainerId: $t) { id } }`;
  const CANCEL = `mutation($c: ID!) { cancelCarnetPasses(carnetId: $c) { passesCancelled } }`;
  const COMMUNES = ['47001', '47157', '47323', '47100', '47203'];
  const PRESCRIBERS = ['caf-47', 'departement-47', 'france-travail-47'].map(org);
  const TRAINERS = ['asso:le-wez', 'campus-numerique-47', 'afpa-foulayronnes'].map(org);

  it('folds the pending rows on the subgraph’s own timer, without being asked', async () => {
    const [pass] = await sql<{ serial: string }>(
      `select serial from pass where status = 'ISSUED' and redeemable_until >= ?::date order by serial desc limit 1`,
      [TODAY],
    );
    const res = await hub.query(REDEEM, { s: pass.serial, t: TRAINERS[0] }, admin);
    expect(res.errors).toBeUndefined();
    // The hub folds as `npm start` does, every ROLLUP_FOLD_INTERVAL_MS (1 s): nothing stays pending for long.
    let left = await pending();
    for (let i = 0; i < 100 && left > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = await pending();
    }
    expect(left).toBe(0);
  });

  it('leaves the fold out of the SQL statements counted for requests', async () => {
    const { metrics } = hub.subgraphs.funding.server;
    const before = metrics.sqlStatements;
    await foldRollups(hub.subgraphs.funding.db.orm.em.fork() as EntityManager, fundingSubgraph);
    expect(metrics.sqlStatements).toBe(before);
    await sql('select 1');
    expect(metrics.sqlStatements).toBe(before + 1);
  });

  it('makes a write append its changes to the pending rows, never updating a rollup row another writer needs', async () => {
    const [pass] = await sql<{ id: string }>(
      `select id from pass where status = 'ISSUED' order by serial limit 1`,
    );
    const em = hub.subgraphs.funding.db.orm.em.fork() as EntityManager;
    const mine = (table: string) =>
      `select count(*)::int as n from ${table} where xmin = xid(pg_current_xact_id())`;
    await expect(
      em.transactional(async (tx) => {
        const run = (text: string) => tx.getConnection().execute(text, [], 'all', tx.getTransactionContext());
        await run(`update pass set status = 'REDEEMED' where id = '${pass.id}'`);
        const written: Record<string, number> = {};
        for (const table of Object.keys(PASS_ROLLUPS)) {
          if (JOURNALED.includes(table))
            written[`${table}_pending`] = (await run(mine(`${table}_pending`)))[0].n;
          written[`${table}_folded`] = (await run(mine(`${table}_folded`)))[0].n;
        }
        expect(written).toEqual({
          pass_issued_daily_pending: 1, // one more pass used
          pass_issued_daily_folded: 0,
          pass_issued_monthly_folded: 0,
          pass_expiry_daily_pending: 1, // one fewer unused
          pass_expiry_daily_folded: 0,
          pass_redeemed_daily_pending: 0,
          pass_redeemed_daily_folded: 0,
          pass_redeemed_monthly_folded: 0,
          pass_reimbursed_monthly_pending: 0,
          pass_reimbursed_monthly_folded: 0,
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
  });

  it('keeps the six rollups equal to the raw rows, folded or not, and to a rebuild after random concurrent writes and folds, and passStats reads them', async () => {
    let seed = 47;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const issued = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        hub.query(
          ISSUE,
          {
            input: {
              programId: PROGRAM_ID,
              prescriberId: PRESCRIBERS[random(PRESCRIBERS.length)],
              passCount: random(2) ? 5 : 10,
              issuedOn: `2026-${String(1 + random(10)).padStart(2, '0')}-${String(1 + random(28)).padStart(2, '0')}`,
              beneficiary: {
                reference: `ROLLUP-${i}`,
                ageBand: 'AGE_PLUS_60_ANS',
                socialStatus: 'RETRAITE',
                inseeCode: COMMUNES[random(COMMUNES.length)],
              },
            },
          },
          admin,
        ),
      ),
    );
    expect(issued.flatMap((r) => r.errors ?? [])).toEqual([]);
    const carnets = issued.map((r) => r.data.issueCarnet);
    const serials = carnets.flatMap((c: any) => c.passes.map((p: any) => p.serial));
    const [{ serial: seededSerial }] = await sql<{ serial: string }>(
      `select serial from pass where status = 'ISSUED' and redeemable_until >= ?::date order by serial limit 1`,
      [TODAY],
    );
    // Redemptions (some of the new passes, a seeded one, a few twice), cancellations, expiry and a reimbursement
    // batch, all at once.
    const jobs = [
      ...[...serials.filter(() => random(2) === 0), seededSerial, serials[0], serials[0]].map(
        (s) => () => hub.query(REDEEM, { s, t: TRAINERS[random(TRAINERS.length)] }, admin),
      ),
      ...carnets.slice(0, 3).map((c: any) => () => hub.query(CANCEL, { c: c.id }, admin)),
      () => hub.query('mutation { expirePasses { passesExpired } }', {}, admin),
      () => hub.query('mutation { runPassReimbursementBatch(month: "2026-10") { id } }', {}, admin),
    ];
    // Shuffled, 6 at a time: concurrent, without queueing past the gateway's subgraph timeout on a loaded machine.
    for (let i = jobs.length - 1; i > 0; i--) {
      const j = random(i + 1);
      [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
    }
    const writes: any[] = [];
    let writing = true;
    const fundingEm = () => hub.subgraphs.funding.db.orm.em.fork() as EntityManager;
    // Folds all along (besides the subgraph's own timer): each moves what has committed so far. (The pause lets
    // the requests in: an embedded database answers within the same turn of the event loop.)
    const folds = (async () => {
      let n = 0;
      for (; writing; n++) {
        await foldRollups(fundingEm(), fundingSubgraph);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return n;
    })();
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) writes.push(await job());
      }),
    );
    writing = false;
    expect(await folds).toBeGreaterThan(0);
    const unexpected = writes
      .flatMap((r) => r.errors ?? [])
      .filter(
        (e: any) => e.extensions?.code !== 'PASS_ALREADY_REDEEMED' && e.extensions?.code !== 'PASS_CANCELLED',
      );
    expect(unexpected).toEqual([]);

    const tables = Object.keys(PASS_ROLLUPS_FROM_RAW);
    for (const table of tables)
      expect({ table, rows: await maintained(table) }).toEqual({ table, rows: await raw(table) });
    // Folded to the last row: the same figures, and the folded rows alone are the rollup.
    await foldRollups(fundingEm(), fundingSubgraph);
    expect(await pending()).toBe(0);
    for (const table of tables) {
      expect({ table, rows: await maintained(table) }).toEqual({ table, rows: await raw(table) });
      expect({ table, rows: await folded(table) }).toEqual({ table, rows: await raw(table) });
    }
    const counts = await rebuildPassRollups(fundingEm());
    expect(await pending()).toBe(0);
    for (const table of tables) {
      expect(counts[table]).toBeGreaterThan(0);
      expect({ table, rows: await folded(table) }).toEqual({ table, rows: await raw(table) });
    }

    const [expected] = await sql<Record<string, string>>(
      `select count(*) filter (where p.issued_on between '2026-01-01' and '2026-12-31' and p.status <> 'CANCELLED') as issued,
         count(*) filter (where p.issued_on between '2026-01-01' and '2026-12-31' and p.status = 'CANCELLED') as cancelled,
         count(*) filter (where p.expires_on between '2025-01-01' and '2025-12-31' and p.status in ('ISSUED', 'EXPIRED')
           and p.redeemable_until < ?::date) as expired
       from pass p`,
      [TODAY],
    );
    const [redeemed] = await sql<{ n: string }>(
      `select count(*) as n from redemption
       where (redeemed_at at time zone 'Europe/Paris')::date between '2026-01-01' and '2026-12-31'`,
    );
    const [carnetCount] = await sql<{ n: string }>(
      `select count(*) as n from carnet where issued_on between '2026-01-01' and '2026-12-31'`,
    );
    const res = await hub.query(
      `{ departement(code: "47") {
         y2026: passStats(from: "2026-01-01", to: "2026-12-31") { carnetsIssued passesIssued passesRedeemed passesCancelled }
         y2025: passStats(from: "2025-01-01", to: "2025-12-31") { passesExpired } } }`,
      {},
      analyst,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.departement.y2026).toEqual({
      carnetsIssued: Number(carnetCount.n),
      passesIssued: Number(expected.issued),
      passesRedeemed: Number(redeemed.n),
      passesCancelled: Number(expected.cancelled),
    });
    expect(res.data.departement.y2025.passesExpired).toBe(Number(expected.expired));
    expect(Number(expected.expired)).toBeGreaterThan(0);
  });
});
