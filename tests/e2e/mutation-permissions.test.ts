import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { graphql } from '../helpers/hub';
import { hub, headers, ROLES, targets } from './access/setup';
import { PLACES_MUTATIONS } from './access/places.mutations';
import { TRAINING_MUTATIONS } from './access/training.mutations';
import { FUNDING_MUTATIONS } from './access/funding.mutations';
import { PEOPLE_MUTATIONS } from './access/people.mutations';
import type { MutationCase } from './access/setup';

/** Each mutation of the supergraph: how to call it, and which callers may (one table per subgraph). */
const MUTATIONS: Record<string, MutationCase> = {
  ...PLACES_MUTATIONS,
  ...TRAINING_MUTATIONS,
  ...FUNDING_MUTATIONS,
  ...PEOPLE_MUTATIONS,
};

describe('who may call each mutation', () => {
  it('covers every mutation of the supergraph', () => {
    const schema = buildSchema(readFileSync('schema/supergraph.graphql', 'utf8'), { assumeValidSDL: true });
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual(Object.keys(MUTATIONS).sort());
  });

  const matrix = Object.entries(MUTATIONS).flatMap(([name, c]) =>
    ['gateway', c.subgraph ?? 'places'].flatMap((target) =>
      ROLES.map((caller) => [name, caller, target, c.allowed.includes(caller)] as const),
    ),
  );

  it.each(matrix)('%s as %s through %s: allowed=%s', async (name, caller, target, allowed) => {
    const { query, variables } = await MUTATIONS[name].call();
    const server = targets()[target];
    const before = await rowCounts(MUTATIONS[name].subgraph ?? 'places');
    const res = await graphql(server, query, variables, headers[caller]);
    if (allowed) {
      expect(res.errors).toBeUndefined();
      expect(res.data[name]).toBeTruthy();
    } else {
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(res.data?.[name] ?? null).toBeNull();
      expect(await rowCounts(MUTATIONS[name].subgraph ?? 'places')).toEqual(before);
    }
  });
});

/** The tables of a subgraph that have an `updated_at` column, read once per subgraph. */
const tablesOf = new Map<string, Promise<string[]>>();

/** Row count and latest update of every table of a subgraph, in one statement: a denied mutation changes none. */
async function rowCounts(subgraph: string) {
  const connection = hub.subgraphs[subgraph].db.orm.em.fork().getConnection();
  if (!tablesOf.has(subgraph)) {
    const listed = connection
      .execute<{ table_name: string }[]>(
        "select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'updated_at' order by table_name",
      )
      .then((rows: { table_name: string }[]) => rows.map((row) => row.table_name));
    tablesOf.set(subgraph, listed);
  }
  const tables = await tablesOf.get(subgraph)!;
  const rows: { t: string; n: string; u: string }[] = await connection.execute(
    tables
      .map((table) => `select '${table}' as t, count(*) as n, max(updated_at)::text as u from "${table}"`)
      .join(' union all '),
  );
  return rows.map((row) => `${row.t}:${row.n}:${row.u}`).sort();
}
