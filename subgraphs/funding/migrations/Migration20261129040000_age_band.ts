import { Migration } from '@mikro-orm/migrations';

/**
 * One age-band vocabulary for the hub (issue 16): a carnet's beneficiary age band is stored as the national code
 * (La Coop API v1, CRA v1 `age_*` columns), as an activity's participants are in the people subgraph, and the
 * database refuses any other value. Frozen SQL: it names the codes, and imports no live code.
 */
export class Migration20261129040000_age_band extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update carnet set beneficiary_age_band = case beneficiary_age_band
      when 'MOINS_12_ANS' then 'age_moins_12_ans'
      when 'DE_12_A_18_ANS' then 'age_de_12_a_18_ans'
      when 'DE_18_A_35_ANS' then 'age_de_18_a_35_ans'
      when 'DE_35_A_60_ANS' then 'age_de_35_a_60_ans'
      when 'PLUS_60_ANS' then 'age_plus_60_ans'
      else beneficiary_age_band end`);
    this
      .addSql(`alter table carnet add constraint carnet_beneficiary_age_band_check check (beneficiary_age_band in
      ('age_moins_12_ans', 'age_de_12_a_18_ans', 'age_de_18_a_35_ans', 'age_de_35_a_60_ans', 'age_plus_60_ans'))`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table carnet drop constraint carnet_beneficiary_age_band_check');
    this.addSql(`update carnet set beneficiary_age_band = upper(substr(beneficiary_age_band, 5))
      where beneficiary_age_band like 'age\\_%'`);
  }
}
