import { mintToken, type TokenRole } from '../../common/auth';
import type { Example } from '../../gateway/examples';

/** An Authorization header for a role (and a partner's organization), signed like `npm run token` does. */
export async function bearer(role: TokenRole, org?: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await mintToken({ role, org })}` };
}

/** The headers an example query is run with: none when public, its role's (and organization's) token otherwise. */
export async function exampleHeaders({
  role,
  org,
}: Pick<Example, 'role' | 'org'>): Promise<Record<string, string>> {
  return role === 'public' ? {} : bearer(role, org);
}
