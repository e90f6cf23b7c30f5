import { CalendarDateType } from '../../subgraphs/shared/calendar-date';
import { subgraphs } from '../../subgraphs/registry';
import { startHub, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';

let hub: Hub;
let admin: Record<string, string>;

const sql = async <T = any>(subgraph: string, text: string, params: unknown[] = []): Promise<T[]> =>
  hub.subgraphs[subgraph].db.orm.em.fork().getConnection().execute<T[]>(text, params);

const adminQuery = async (query: string, variables?: Record<string, unknown>) => {
  const res = await hub.query(query, variables, admin);
  expect(res.errors).toBeUndefined();
  return res.data;
};

/** `id → YYYY-MM-DD` of a DATE column, as the database itself prints it. */
async function dbDates(subgraph: string, table: string, column: string, key = 'id') {
  const rows = await sql<{ k: string; d: string | null }>(
    subgraph,
    `select ${key}::text as k, to_char(${column}, 'YYYY-MM-DD') as d from ${table}`,
  );
  return new Map(rows.map((r) => [r.k, r.d]));
}

beforeAll(async () => {
  admin = await bearer('admin');
  hub = await startHub();
});

afterAll(async () => {
  await hub?.stop();
});

/**
 * Rollups kept by triggers (subgraphs/shared/INDICATORS.md): read only by aggregates that never return their days;
 * a rollup kept as a journal is a view of its `_folded` and `_pending` tables.
 */
const ROLLUP_TABLES = new Set([
  'activity_rollup',
  'training_daily',
  'pass_issued_daily',
  'pass_expiry_daily',
  'pass_redeemed_daily',
  'pass_reimbursed_monthly',
  'pass_issued_monthly',
  'pass_redeemed_monthly',
]);

describe('calendar dates, from the database to the API', () => {
  it('every DATE column of the four databases is mapped by CalendarDateType', async () => {
    for (const { definition } of subgraphs) {
      const { orm } = hub.subgraphs[definition.name].db;
      const columns = await sql<{ table_name: string; column_name: string }>(
        definition.name,
        `select table_name, column_name from information_schema.columns
         where data_type = 'date' and table_schema = current_schema()
           -- A partition's columns are its table's (activity_rollup_c_m is activity_rollup).
           and table_name not in (select relname from pg_class where relispartition)`,
      );
      const metas = Object.values(orm.getMetadata().getAll());
      for (const { table_name, column_name } of columns) {
        if (ROLLUP_TABLES.has(table_name.replace(/_(folded|pending)$/, ''))) continue;
        const meta = metas.find((m) => m.tableName === table_name);
        expect(meta).toBeDefined();
        const prop = Object.values(meta!.properties).find((p) => p.fieldNames?.includes(column_name));
        expect({
          table: table_name,
          column: column_name,
          mapped: prop?.customType instanceof CalendarDateType,
        }).toEqual({
          table: table_name,
          column: column_name,
          mapped: true,
        });
      }
    }
  });

  it('raw SQL hands a DATE over as YYYY-MM-DD text on this database', async () => {
    const [row] = await sql<{ d: unknown }>('places', `select date '2023-01-15' as d`);
    expect(row.d).toBe('2023-01-15');
  });

  it('Place.updatedOn, standardRecord.date_maj and freshness follow date_maj', async () => {
    const [old] = await sql<{ id: string }>('places', `select id from place order by id limit 1`);
    await sql('places', `update place set updated_on = '2023-01-15' where id = ?`, [old.id]);
    const data = await adminQuery(
      `{ places(first: 100) { edges { node { id updatedOn freshness standardRecord } } } }`,
    );
    const stored = await dbDates('places', 'place', 'updated_on');
    const nodes = data.places.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.updatedOn).toBe(stored.get(node.id));
      expect(node.standardRecord.date_maj).toBe(stored.get(node.id));
    }
    const { place: aged } = await adminQuery(
      `query($id: ID!) { place(id: $id) { updatedOn freshness standardRecord } }`,
      {
        id: old.id,
      },
    );
    expect(aged).toMatchObject({ updatedOn: '2023-01-15', freshness: 'TO_UPDATE' });
    expect(aged.standardRecord.date_maj).toBe('2023-01-15');
  });

  it('Person.aidantsConnectHabilitatedOn and Activity.date', async () => {
    const people = await adminQuery(
      `{ people(first: 100) { edges { node { id aidantsConnectHabilitatedOn } } } }`,
    );
    const habilitated = await dbDates('people', 'person', 'aidants_connect_habilitated_on');
    const persons = people.people.edges.map((e: any) => e.node);
    expect(persons.some((p: any) => p.aidantsConnectHabilitatedOn)).toBe(true);
    for (const p of persons) expect(p.aidantsConnectHabilitatedOn).toBe(habilitated.get(p.id) ?? null);

    const activities = await adminQuery(`{ activities(first: 100) { edges { node { id date } } } }`);
    const dates = await dbDates('people', 'activity', 'date');
    expect(activities.activities.edges.length).toBeGreaterThan(0);
    for (const { node } of activities.activities.edges) expect(node.date).toBe(dates.get(node.id));
  });

  it('FundingProgram, Carnet, Pass and PassAccreditation dates', async () => {
    const programs = await adminQuery(`{ fundingPrograms { id validFrom validTo } }`);
    const from = await dbDates('funding', 'funding_program', 'valid_from');
    const to = await dbDates('funding', 'funding_program', 'valid_to');
    for (const p of programs.fundingPrograms) {
      expect(p.validFrom).toBe(from.get(p.id));
      expect(p.validTo).toBe(to.get(p.id));
    }

    const carnets = await adminQuery(`{ carnets(first: 100) { edges { node { id issuedOn } } } }`);
    const carnetIssued = await dbDates('funding', 'carnet', 'issued_on');
    expect(carnets.carnets.edges.length).toBeGreaterThan(0);
    for (const { node } of carnets.carnets.edges) expect(node.issuedOn).toBe(carnetIssued.get(node.id));

    const passes = await adminQuery(
      `{ passes(first: 100) { edges { node { id issuedOn expiresOn redeemableUntil } } } }`,
    );
    const columns = { issuedOn: 'issued_on', expiresOn: 'expires_on', redeemableUntil: 'redeemable_until' };
    expect(passes.passes.edges.length).toBeGreaterThan(0);
    for (const [field, column] of Object.entries(columns)) {
      const stored = await dbDates('funding', 'pass', column);
      for (const { node } of passes.passes.edges) expect(node[field]).toBe(stored.get(node.id));
    }

    const accreditations = await adminQuery(
      `{ passAccreditations(activeOnly: false) { role since organization { id } } }`,
    );
    const since = await dbDates('funding', 'accreditation', 'since', `organization_id::text || '/' || role`);
    expect(accreditations.passAccreditations.length).toBeGreaterThan(0);
    for (const a of accreditations.passAccreditations) {
      expect(a.since).toBe(since.get(`${a.organization.id}/${a.role}`));
    }
  });

  it('PassReimbursement.month reads back as YYYY-MM', async () => {
    let [row] = await sql<{ m: string }>(
      'funding',
      `select to_char(month, 'YYYY-MM') as m from reimbursement limit 1`,
    );
    if (!row) {
      const [pending] = await sql<{ m: string }>(
        'funding',
        `select to_char(min(redeemed_at), 'YYYY-MM') as m from redemption where reimbursement_id is null`,
      );
      await adminQuery(`mutation($m: String!) { runPassReimbursementBatch(month: $m) { id } }`, {
        m: pending.m,
      });
      [row] = await sql<{ m: string }>(
        'funding',
        `select to_char(month, 'YYYY-MM') as m from reimbursement limit 1`,
      );
    }
    const data = await adminQuery(`query($m: String!) { passReimbursements(month: $m) { id month } }`, {
      m: row.m,
    });
    expect(data.passReimbursements.length).toBeGreaterThan(0);
    for (const r of data.passReimbursements) expect(r.month).toBe(row.m);
  });
});
