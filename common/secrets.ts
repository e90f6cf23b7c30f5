import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The data folder: `$DATA_DIR`, `./data` by default (each subgraph's embedded database lives under it). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DATA_DIR ?? 'data');
}

/**
 * A development secret of the data folder (`<DATA_DIR>/secrets/<name>`, mode 0600), generated on first use: never
 * a value committed to the repository. The five processes of `npm start` start at once: the file appears
 * atomically (written aside, then hard-linked into place), and whoever loses the race reads the winner's.
 */
export function developmentSecret(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const folder = join(dataDir(env), 'secrets');
  const file = join(folder, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, randomBytes(32).toString('base64url'), { mode: 0o600 });
    try {
      linkSync(aside, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(aside);
    }
    return readFileSync(file, 'utf8').trim();
  }
}
