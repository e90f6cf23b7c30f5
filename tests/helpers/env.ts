import { randomBytes } from 'node:crypto';

// Tests set their own secrets (a fresh pair per run): nothing signs with a value from the repository.
process.env.JWT_SECRET ||= randomBytes(32).toString('base64url');
process.env.GATEWAY_SIGNING_KEY ||= randomBytes(32).toString('base64url');
