import { dropTemplates } from './templates';

/** Jest global teardown: removes the seeded templates of the run. */
export default async function globalTeardown(): Promise<void> {
  await dropTemplates();
}
