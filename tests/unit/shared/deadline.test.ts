import type { PGlite } from '@electric-sql/pglite';
import { boundedByDeadline, currentDeadline, runWithDeadline } from '../../../subgraphs/shared/deadline';

// Module state: this file's own registry starts with no embedded database, as a subgraph on PostgreSQL does.
describe('the request deadline carried to the embedded database', () => {
  const deadline = Date.now() + 60_000;
  const seen = () => runWithDeadline(deadline, async () => currentDeadline());

  it('is not carried while no embedded database reads it (PostgreSQL has statement_timeout)', async () => {
    expect(await seen()).toBeUndefined();
  });

  it('is carried through awaits once an embedded database is bounded by it, and refuses a late statement', async () => {
    const queries: string[] = [];
    const fake = {
      query: async (sql: string) => {
        queries.push(sql);
        return { rows: [] };
      },
    } as unknown as PGlite;
    const bounded = boundedByDeadline(fake);
    expect(await seen()).toBe(deadline);
    expect(
      await runWithDeadline(deadline, async () => {
        await new Promise((done) => setTimeout(done, 5));
        return currentDeadline();
      }),
    ).toBe(deadline);
    await runWithDeadline(deadline, () => bounded.query('select 1'));
    await expect(runWithDeadline(Date.now() - 1, () => bounded.query('select 2'))).rejects.toMatchObject({
      code: '57014',
    });
    expect(queries).toEqual(['select 1']);
    expect(await runWithDeadline(undefined, async () => currentDeadline())).toBeUndefined();
  });
});
