import type { EntityManager } from '@mikro-orm/postgresql';
import { executeNamed, namedBindings } from '../../../subgraphs/shared/sql';
import { subgraphs } from '../../../subgraphs/registry';
import { openTestDatabase } from '../../helpers/database';
import type { Database } from '../../../subgraphs/shared/orm';

let db: Database;
const em = () => db.orm.em.fork() as EntityManager;

beforeAll(async () => {
  db = await openTestDatabase(subgraphs.find((s) => s.definition.name === 'people')!.definition);
});

afterAll(async () => {
  await db?.close();
});

// Dates, arrays, numbers and a null travel as bindings; the day comes back through the driver's date parser.
const STATEMENT = `select g + :n::int as v, (:day::date + g) as d, cardinality(:codes::text[]) as c,
    coalesce(:missing::date, :day::date) as fallback
  from generate_series(1, :count::int) g order by g`;

describe('statements prepared on PostgreSQL (executeNamed)', () => {
  it('give the rows em.execute gives, run after run with other values (past the plans PostgreSQL caches)', async () => {
    for (let run = 0; run < 8; run++) {
      const values = {
        n: run * 10,
        day: `2026-0${1 + (run % 9)}-1${run}`,
        codes: `{"47001","47${String(run).padStart(3, '0')}"}`,
        missing: null,
        count: 1 + run,
      };
      const named = await executeNamed<Record<string, unknown>>(em(), STATEMENT, values);
      const executed = await em().execute<Record<string, unknown>[]>(...namedBindings(STATEMENT, values));
      expect(named).toHaveLength(1 + run);
      expect(named).toEqual(executed);
    }
  });

  it('are prepared once per connection on PostgreSQL (sent as new text each time on the embedded database)', async () => {
    const sql = 'select :a::int * 2 as doubled';
    await em().transactional(async (tx) => {
      for (const a of [1, 2, 3, 4, 5, 6, 7, 8])
        expect(await executeNamed(tx as EntityManager, sql, { a })).toEqual([{ doubled: 2 * a }]);
      const [{ n }] = await tx.execute<{ n: string }[]>(
        "select count(*) as n from pg_prepared_statements where statement like 'select $1::int * 2 as doubled%'",
      );
      expect(Number(n)).toBe(process.env.DATABASE_URL ? 1 : 0);
      // Planned for its values each time (orm.ts, plan_cache_mode), never one generic plan for all.
      const [plans] = await tx.execute<{ generic: string | null }[]>(
        "select sum(generic_plans) as generic from pg_prepared_statements where statement like 'select $1::int * 2%'",
      );
      expect(Number(plans.generic ?? 0)).toBe(0);
    });
  });

  it('are planned once for every value when asked (generic), for their values otherwise, whichever connection runs them', async () => {
    const mode = (plan?: 'custom' | 'generic') =>
      executeNamed<{ mode: string; n: number }>(
        em(),
        "select current_setting('plan_cache_mode') as mode, :n::int as n",
        { n: 7 },
        { plan },
      );
    // Concurrent runs take several pooled connections, each switched to the mode asked and back.
    for (let round = 0; round < 3; round++) {
      const plans = ['generic', undefined, 'custom', 'generic', 'generic', undefined] as const;
      const answers = await Promise.all(plans.map((plan) => mode(plan)));
      answers.forEach(([answer], i) => {
        expect(answer.n).toBe(7);
        if (process.env.DATABASE_URL)
          expect(answer.mode).toBe(plans[i] === 'generic' ? 'force_generic_plan' : 'force_custom_plan');
      });
    }
    const values = { n: 3, day: '2026-02-27', codes: '{"47001"}', missing: null, count: 4 };
    for (let run = 0; run < 7; run++)
      expect(await executeNamed(em(), STATEMENT, values, { plan: 'generic' })).toEqual(
        await em().execute(...namedBindings(STATEMENT, values)),
      );
  });

  it("run in the entity manager's transaction when it has one", async () => {
    const read = (manager: EntityManager) =>
      executeNamed<{ v: string | null }>(manager, "select current_setting('hub.check', true) as v", {});
    await em().transactional(async (tx) => {
      await tx.execute("select set_config('hub.check', 'in the transaction', true)");
      expect(await read(tx as EntityManager)).toEqual([{ v: 'in the transaction' }]);
    });
    expect((await read(em()))[0].v ?? '').toBe('');
  });

  it("are counted as the request's statements and keep the database's error code", async () => {
    const seen: string[] = [];
    const knex = em().getKnex();
    const listener = (query: { sql?: string }) => seen.push(query.sql ?? '');
    knex.on('query', listener);
    try {
      await executeNamed(em(), 'select :a::int as a', { a: 1 });
      await expect(executeNamed(em(), 'select 1 / :zero::int as x', { zero: 0 })).rejects.toMatchObject({
        code: '22012',
      });
    } finally {
      knex.removeListener('query', listener);
    }
    expect(seen.filter((sql) => sql.includes('as a') || sql.includes('as x'))).toHaveLength(2);
  });
});
