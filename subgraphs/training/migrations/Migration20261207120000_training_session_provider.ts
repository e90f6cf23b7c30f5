import { Migration } from '@mikro-orm/migrations';

/**
 * A session's provider (its offer's) on its row, with an index by provider and start, so that an organization's
 * `trainingStats` read the sessions it provides in a period with one index range: a provider of 2,400 offers (scale
 * 100) had its sessions found by scanning every provider's sessions of the period (83,600 rows, 113 ms for a
 * dashboard over six months) or by 2,400 probes of the offer index (60 ms). Kept by row triggers, whatever writes
 * the rows: a session takes its offer's provider when inserted or moved to another offer; an offer handed to
 * another provider hands over its sessions (a session written meanwhile waits for the offer's row, so none is left
 * with the former provider). Neither is a rollup: they stay on when the bench turns rollups off.
 * Filled from the offers, the rollup's session trigger off meanwhile (the provider is not in it).
 * Frozen SQL: never edit once applied.
 */
export class Migration20261207120000_training_session_provider extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table training_session add column provider_id uuid');
    this.addSql('alter table training_session disable trigger training_session_daily_update');
    this.addSql(`update training_session s set provider_id = o.provider_id
      from training_offer o where o.id = s.offer_id`);
    this.addSql('alter table training_session enable trigger training_session_daily_update');
    this.addSql('alter table training_session alter column provider_id set not null');
    this.addSql(
      'create index training_session_provider_starts_at_index on training_session (provider_id, starts_at)',
    );
    this.addSql(`create function training_session_provider() returns trigger language plpgsql as $$
  begin
    -- For share: an offer being handed over (its row locked for update) is waited for, and then read as handed.
    new.provider_id := (select provider_id from training_offer where id = new.offer_id for share);
    return new;
  end $$`);
    this.addSql(`create trigger training_session_provider before insert or update of offer_id, provider_id
      on training_session for each row execute function training_session_provider()`);
    this.addSql(`create function training_offer_provider() returns trigger language plpgsql as $$
  begin
    update training_session set provider_id = new.provider_id where offer_id = new.id;
    return null;
  end $$`);
    this.addSql(`create trigger training_offer_provider after update of provider_id on training_offer
      for each row when (old.provider_id is distinct from new.provider_id)
      execute function training_offer_provider()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger training_offer_provider on training_offer');
    this.addSql('drop function training_offer_provider()');
    this.addSql('drop trigger training_session_provider on training_session');
    this.addSql('drop function training_session_provider()');
    this.addSql('alter table training_session drop column provider_id');
  }
}
