import { mintToken, type TokenRole } from '../../common/auth';

/** An Authorization header for a role (and a partner's organization), signed like `npm run token` does. */
export async function bearer(role: TokenRole, org?: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await mintToken({ role, org })}` };
}
