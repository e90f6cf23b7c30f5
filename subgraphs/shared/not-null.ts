import type { EventSubscriber, FlushEventArgs } from '@mikro-orm/core';
import { InputProblems } from './errors';

/**
 * Refuses, before any SQL runs, a flush that would write null into a column that may not hold one (an update's
 * explicit `latitude: null`, `trainingStatus: null`): BAD_USER_INPUT naming `input.<field>`, and the transaction
 * writes nothing. The database's NOT NULL stays the last word; this turns its 500 into the caller's 400.
 */
export class NotNullGuard implements EventSubscriber {
  async onFlush({ uow }: FlushEventArgs): Promise<void> {
    const problems = new InputProblems();
    for (const change of uow.getChangeSets()) {
      for (const [name, value] of Object.entries(change.payload)) {
        if (value !== null) continue;
        const prop = change.meta.properties[name];
        if (prop && !prop.nullable && !prop.primary) problems.add(`input.${name}`, 'must not be null');
      }
    }
    problems.throwIfAny();
  }
}
