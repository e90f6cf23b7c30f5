import { createHash } from 'node:crypto';

// Fixed namespace for the hub's seed ids (UUID v5): the same natural key gives the same id everywhere.
const NAMESPACE = Buffer.from('6f1c3c1e8a9b4d2e9f4a0c5b7d3e2a10', 'hex');

/** A deterministic UUID v5 for a natural key, e.g. stableId('place', 'mairie:47001'). */
export function stableId(kind: string, key: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${kind}:${key}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A small deterministic PRNG (mulberry32), so generated seed values never change between runs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A string's stable 32-bit hash, to seed a PRNG from a natural key. */
export function hashSeed(key: string): number {
  return createHash('sha1').update(key).digest().readUInt32LE(0);
}
