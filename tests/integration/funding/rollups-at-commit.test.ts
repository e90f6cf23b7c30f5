import type { EntityManager } from '@mikro-orm/postgresql';
import { bearer } from '../../helpers/auth';
import { graphql, startSubgraph, type RunningSubgraph } from '../../helpers/hub';
import { subgraphs } from '../../../subgraphs/registry';
import { stableId } from '../../../seeds/ids';
import { redeemPass } from '../../../subgraphs/funding/pass/pass.write';
import { todayInParis } from '../../../subgraphs/shared/today';

// The rollups applied at commit (subgraphs/shared/deferred-rollups.ts), through the redemption's own write path:
// the figures are those of the committed writes, and a write holds no rollup row until its commit.

let funding: RunningSubgraph;
let admin: Record<string, string>;
const onPostgres = !!process.env.DATABASE_URL;
const q = (query: string, variables?: Record<string, unknown>) =>
  graphql(funding.server.http, query, variables, admin);
const sql = async <T = any>(text: string, params: unknown[] = [], em?: EntityManager): Promise<T[]> =>
  (em ?? (funding.db.orm.em.fork() as EntityManager)).execute<T[]>(text, params);

const org = (key: string) => stableId('organization', key);
const TRAINER = org('asso:le-wez');
const PENDING_TABLES = [
  'pass_issued_daily',
  'pass_issued_monthly',
  'pass_expiry_daily',
  'pass_redeemed_daily',
  'pass_redeemed_monthly',
  'pass_reimbursed_monthly',
].map((t) => `${t}_pending`);

let programId: string;
let serials: string[];

/** The programme's redeemed passes and their value today in the beneficiaries' commune (Agen), from the rollup. */
async function redeemedToday(em?: EntityManager): Promise<{ passes: number; cents: number }> {
  const [row] = await sql(
    `select coalesce(sum(passes_redeemed), 0) as passes, coalesce(sum(amount_redeemed), 0) as cents
     from pass_redeemed_daily where program_id = ? and insee_code = '47001' and date = ?::date`,
    [programId, todayInParis()],
    em,
  );
  return { passes: Number(row.passes), cents: Number(row.cents) };
}

const pendingRows = async (em?: EntityManager) => {
  let n = 0;
  for (const table of PENDING_TABLES)
    n += Number((await sql(`select count(*) as n from ${table}`, [], em))[0].n);
  return n;
};

const redeem = (em: EntityManager, serial: string) => redeemPass(em, { serial, trainerId: TRAINER });

beforeAll(async () => {
  admin = await bearer('admin');
  funding = await startSubgraph(subgraphs.find((s) => s.definition.name === 'funding')!);
  const program = await q(
    `mutation($input: FundingProgramInput!) { createFundingProgram(input: $input) { id } }`,
    {
      input: {
        name: 'Programme des rollups',
        operatorId: org('docaposte'),
        validFrom: '2020-01-01',
        validTo: '2099-12-31',
        budgetCents: 1_000_000,
      },
    },
  );
  expect(program.errors).toBeUndefined();
  programId = program.data.createFundingProgram.id;
  // Three carnets of 10 passes, all to beneficiaries in Agen: every redemption adds to the same rollup rows.
  serials = [];
  for (const reference of ['ROLLUP-0001', 'ROLLUP-0002', 'ROLLUP-0003']) {
    const carnet = await q(
      `mutation($input: IssueCarnetInput!) { issueCarnet(input: $input) { passes { serial } } }`,
      {
        input: {
          programId,
          prescriberId: org('caf-47'),
          passCount: 10,
          beneficiary: {
            reference,
            ageBand: 'AGE_PLUS_60_ANS',
            socialStatus: 'RETRAITE',
            inseeCode: '47001',
          },
        },
      },
    );
    expect(carnet.errors).toBeUndefined();
    serials.push(...carnet.data.issueCarnet.passes.map((p: { serial: string }) => p.serial));
  }
});

afterAll(async () => {
  await funding?.server.stop();
  await funding?.db.close();
});

describe('Pass numérique rollups applied at commit', () => {
  it('set a write’s changes aside until its commit, then apply them and keep nothing pending', async () => {
    // A first redemption makes today's rollup row, which the next one adds to.
    await funding.db.orm.em.fork().transactional((em) => redeem(em as EntityManager, serials[4]));
    const before = await redeemedToday();
    expect(before).toEqual({ passes: 1, cents: 1000 });
    expect(await pendingRows()).toBe(0);
    await funding.db.orm.em.fork().transactional(async (em) => {
      await redeem(em as EntityManager, serials[0]);
      // Inside the transaction: the rollup is untouched, the change waits in the pending tables.
      expect(await redeemedToday(em as EntityManager)).toEqual(before);
      expect(await pendingRows(em as EntityManager)).toBeGreaterThan(0);
      if (onPostgres) {
        // Another connection can lock the row this redemption will add to: the write holds none yet.
        await funding.db.orm.em.fork().transactional(async (other) => {
          await sql("set local lock_timeout = '2s'", [], other as EntityManager);
          const locked = await sql(
            `select passes_redeemed from pass_redeemed_daily where program_id = ? and insee_code = '47001'
             for update nowait`,
            [programId],
            other as EntityManager,
          );
          expect(locked).toEqual([{ passes_redeemed: expect.anything() }]);
        });
      }
    });
    expect(await redeemedToday()).toEqual({ passes: before.passes + 1, cents: before.cents + 1000 });
    expect(await pendingRows()).toBe(0);
  });

  it('apply nothing of a write rolled back, whole or to a savepoint', async () => {
    const before = await redeemedToday();
    await expect(
      funding.db.orm.em.fork().transactional(async (em) => {
        await redeem(em as EntityManager, serials[1]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await redeemedToday()).toEqual(before);
    await funding.db.orm.em.fork().transactional(async (em) => {
      await redeem(em as EntityManager, serials[2]);
      await expect(
        em.transactional(async (inner) => {
          await redeem(inner as EntityManager, serials[3]);
          throw new Error('to the savepoint');
        }),
      ).rejects.toThrow('to the savepoint');
    });
    expect(await redeemedToday()).toEqual({ passes: before.passes + 1, cents: before.cents + 1000 });
    const [statuses] = await sql(
      `select count(*) filter (where status = 'REDEEMED') as redeemed from pass where serial = any(?::text[])`,
      [`{${serials.slice(1, 4).join(',')}}`],
    );
    expect(Number(statuses.redeemed)).toBe(1);
    expect(await pendingRows()).toBe(0);
  });

  it('count every one of concurrent redemptions at the same keys, without a deadlock', async () => {
    const before = await redeemedToday();
    const batch = serials.slice(10, 30);
    await Promise.all(
      batch.map((serial) =>
        funding.db.orm.em.fork().transactional((em) => redeem(em as EntityManager, serial)),
      ),
    );
    expect(await redeemedToday()).toEqual({
      passes: before.passes + batch.length,
      cents: before.cents + 1000 * batch.length,
    });
    // The pass-side rollups agree with the raw rows of the programme too.
    const [issued] = await sql(
      `select (select sum(passes_used) from pass_issued_daily where program_id = ?) as rollup,
              (select count(*) from pass where program_id = ? and status = 'REDEEMED') as raw`,
      [programId, programId],
    );
    expect(Number(issued.rollup)).toBe(Number(issued.raw));
    expect(await pendingRows()).toBe(0);
  });
});
