import type { EntityManager } from '@mikro-orm/postgresql';
import { UUID_PATTERN } from '../../common/uuid';

/** The employer of a person: partners write their own staff, permanences and activity reports (DESIGN.md 5). */
export async function employerOf(
  em: EntityManager,
  personId: string | null | undefined,
): Promise<string | null> {
  if (!personId || !UUID_PATTERN.test(personId)) return null;
  const rows = await em.execute<{ employer_id: string | null }[]>(
    'select employer_id from person where id = ?',
    [personId],
  );
  return rows[0]?.employer_id ?? null;
}
