import { parseArgs } from 'node:util';
import { mintToken, TOKEN_ROLES, type TokenRole } from '../common/auth';
import { UUID_PATTERN } from '../common/uuid';

/**
 * `npm run token -- --role partner --org <organization id> [--sub alice] [--ttl 8h]`: prints a development
 * token signed with JWT_SECRET (or the data folder's generated development secret), to send as `Authorization: Bearer <token>`.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  const role = values.role as TokenRole | undefined;
  if (!role || !TOKEN_ROLES.includes(role)) {
    console.error(
      `usage: npm run token -- --role <${TOKEN_ROLES.join('|')}> [--org <organization id>] [--sub <subject>] [--ttl 8h]`,
    );
    process.exit(2);
  }
  if (role === 'partner' && !(values.org && UUID_PATTERN.test(values.org))) {
    console.error(
      'a partner token needs --org <organization id> (a UUID, e.g. from { organizations { edges { node { id name } } } })',
    );
    process.exit(2);
  }
  mintToken({ role, org: values.org, sub: values.sub, expiresIn: values.ttl }).then((token) =>
    console.log(token),
  );
}

main();
