import { randomUUID } from 'node:crypto';
import type { AbstractSqlDriver } from '@mikro-orm/postgresql';
import { openTestDatabase } from '../../helpers/database';
import type { Database } from '../../../subgraphs/shared/orm';
import { fundingSubgraph } from '../../../subgraphs/funding';
import { Migration20261129040000_age_band } from '../../../subgraphs/funding/migrations/Migration20261129040000_age_band';
import { ParticipantAgeBand } from '../../../subgraphs/shared/age-band';

// The funding database as it stood before the age bands were made one vocabulary (issue 16).
const before = {
  ...fundingSubgraph,
  migrations: fundingSubgraph.migrations.filter((m) => m.name !== 'Migration20261129040000_age_band'),
};

let db: Database;
const sql = <T = any>(text: string, params: unknown[] = []) =>
  db.orm.em.fork().getConnection().execute<T[]>(text, params);

async function insertCarnet(programId: string, ageBand: string): Promise<string> {
  const id = randomUUID();
  await sql(
    `insert into carnet (id, program_id, prescriber_id, beneficiary_reference, beneficiary_age_band,
       beneficiary_social_status, beneficiary_insee_code, issued_on, pass_count, pass_value_cents, created_at, updated_at)
     values (?, ?, ?, 'REF-0001', ?, 'RETRAITE', '47001', '2026-03-02', 5, 1000, now(), now())`,
    [id, programId, randomUUID(), ageBand],
  );
  return id;
}

async function runAgeBandMigration(): Promise<void> {
  const migration = new Migration20261129040000_age_band(
    db.orm.em.getDriver() as AbstractSqlDriver,
    db.orm.config,
  );
  await migration.up();
  for (const query of migration.getQueries()) await sql(String(query));
}

beforeAll(async () => {
  db = await openTestDatabase(before);
});
afterAll(async () => db?.close());

describe('the age-band migration of the funding database', () => {
  it('stores every old beneficiary age band as its national code, and refuses any other value after', async () => {
    const programId = randomUUID();
    await sql(
      `insert into funding_program (id, name, operator_id, valid_from, valid_to, budget_cents, created_at, updated_at)
       values (?, 'Programme', ?, '2026-01-01', '2026-12-31', 100000, now(), now())`,
      [programId, randomUUID()],
    );
    const old = ['MOINS_12_ANS', 'DE_12_A_18_ANS', 'DE_18_A_35_ANS', 'DE_35_A_60_ANS', 'PLUS_60_ANS'];
    const ids: string[] = [];
    for (const band of old) ids.push(await insertCarnet(programId, band));

    await runAgeBandMigration();

    const rows: { id: string; band: string }[] = await sql(
      'select id, beneficiary_age_band as band from carnet',
    );
    const bandOf = new Map(rows.map((r) => [r.id, r.band]));
    expect(ids.map((id) => bandOf.get(id))).toEqual(Object.values(ParticipantAgeBand));
    await expect(insertCarnet(programId, 'PLUS_60_ANS')).rejects.toThrow(/carnet_beneficiary_age_band_check/);
    await insertCarnet(programId, ParticipantAgeBand.AGE_PLUS_60_ANS);
  });
});
