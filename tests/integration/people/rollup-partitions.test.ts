import { openTestDatabase } from '../../helpers/database';
import { subgraphs } from '../../../subgraphs/registry';
import type { Database } from '../../../subgraphs/shared/orm';
import { ACTIVITY_ROLLUP_FROM_RAW } from '../../../subgraphs/people/activity/activity-rollup';

const PARTITIONS = 'Migration20261129070000_people_activity_rollup_partitions';

let db: Database;
const sql = <T>(text: string, bindings: unknown[] = []) =>
  db.orm.em.getConnection().execute<T[]>(text, bindings);

/** Rows of the rollup that differ from what the raw reports give (both ways). */
const differences = () =>
  sql(`(select * from activity_rollup where accompaniments <> 0 except ${ACTIVITY_ROLLUP_FROM_RAW})
       union all (${ACTIVITY_ROLLUP_FROM_RAW} except select * from activity_rollup where accompaniments <> 0)`);

beforeAll(async () => {
  const people = subgraphs.find((s) => s.definition.name === 'people')!;
  db = await openTestDatabase(people.definition, undefined, { migrate: false });
  // Every migration before the partitions, then the seeded reports (kept in the one-table rollup by its triggers).
  const names = people.definition.migrations.map((m) => m.name);
  await db.migrate(names[names.indexOf(PARTITIONS) - 1]);
  await insertReports();
});

const AGE_BANDS = ['age_moins_12_ans', 'age_de_18_a_35_ans', 'age_plus_60_ans', null];
const STATUSES = ['statut_en_emploi', 'statut_retraite', null];
const THEMES = [['email'], ['navigation_sur_internet', 'email'], ['diagnostic_numerique']];

/**
 * Reports of three people over two years, in three communes: individual and collective, at a place (three
 * places) or not, with and without age band and status, so every scope, grain and dimension has rows.
 */
async function insertReports(): Promise<void> {
  const people = [
    '11111111-1111-4111-8111-111111111111',
    '22222222-2222-4222-8222-222222222222',
    '33333333-3333-4333-8333-333333333333',
  ];
  for (const [i, id] of people.entries())
    await sql(
      `insert into person (id, role, first_name, last_name, insee_code, search_text, created_at, updated_at)
       values (?, 'CONSEILLER_NUMERIQUE', 'Prénom', ?, '47001', 'prenom', now(), now())`,
      [id, `Nom ${i}`],
    );
  const places = ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', null];
  const rows = Array.from({ length: 600 }, (_, n) => {
    const collective = n % 7 === 0;
    return [
      people[n % 3],
      places[n % 3] ? 'lieu_activite' : 'domicile',
      places[n % 3],
      ['47001', '47157', '47323'][n % 3 === 2 ? 2 : (n >> 1) % 2],
      new Date(Date.UTC(2025, 0, 1) + ((n * 37) % 700) * 86_400_000).toISOString().slice(0, 10),
      collective ? 'collectif' : 'individuel',
      15 + (n % 6) * 15,
      `{${THEMES[n % 3].join(',')}}`,
      collective ? 3 + (n % 5) : 1,
      AGE_BANDS[n % 4],
      STATUSES[n % 3],
    ];
  });
  await sql(
    `insert into activity (id, person_id, location_type, place_id, insee_code, date, type, duration_minutes, themes,
       participants_count, participant_age_band, participant_social_status, created_at, updated_at)
     values ${rows.map(() => '(gen_random_uuid(), ?::uuid, ?, ?::uuid, ?, ?::date, ?, ?, ?::text[], ?, ?, ?, now(), now())').join(', ')}`,
    rows.flat(),
  );
}

afterAll(async () => {
  await db?.close();
});

describe('the activity rollup split by scope and grain (migration …_people_activity_rollup_partitions)', () => {
  it('keeps every row of the one-table rollup, each in the table of its scope and grain', async () => {
    const before = await sql<{ scope: string; grain: string; n: string; total: string }>(
      `select scope, grain, count(*) as n, sum(accompaniments) as total from activity_rollup group by 1, 2 order by 1, 2`,
    );
    expect(before.length).toBe(4);
    expect(await differences()).toEqual([]);

    await db.migrate();

    const after = await sql<{ scope: string; grain: string; n: string; total: string }>(
      `select scope, grain, count(*) as n, sum(accompaniments) as total from activity_rollup group by 1, 2 order by 1, 2`,
    );
    expect(after).toEqual(before);
    for (const { scope, grain, n } of before) {
      const [{ rows }] = await sql<{ rows: string }>(
        `select count(*) as rows from activity_rollup_${scope}_${grain} where scope = ? and grain = ?`,
        [scope, grain],
      );
      expect(rows).toBe(n);
    }
    expect(await differences()).toEqual([]);
  });

  it('is maintained by the same triggers afterwards', async () => {
    const [report] = await sql<{ id: string }>(
      `select id::text as id from activity where place_id is not null order by id limit 1`,
    );
    await sql(
      `update activity set date = date - 40, themes = array['navigation_sur_internet', 'email']::text[] where id = ?::uuid`,
      [report.id],
    );
    await sql(`delete from activity where id in (select id from activity order by id desc limit 3)`);
    expect(await differences()).toEqual([]);
  });
});
