import type { EntityManager } from '@mikro-orm/postgresql';
import { UUID_PATTERN } from '../../common/uuid';

/**
 * The provider organization behind a session or a registration: partners write only their own offers and
 * sessions (DESIGN.md 5), and manage the registrations to them.
 */
export async function providerOf(
  em: EntityManager,
  kind: 'offer' | 'session' | 'registration',
  id: string,
): Promise<string | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const sql = {
    offer: 'select o.provider_id from training_offer o where o.id = ?',
    session:
      'select o.provider_id from training_session s join training_offer o on o.id = s.offer_id where s.id = ?',
    registration:
      'select o.provider_id from registration r join training_session s on s.id = r.session_id join training_offer o on o.id = s.offer_id where r.id = ?',
  }[kind];
  const rows = await em.execute<{ provider_id: string }[]>(sql, [id]);
  return rows[0]?.provider_id ?? null;
}
