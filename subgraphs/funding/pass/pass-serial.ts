import { createHmac, randomBytes } from 'node:crypto';

// Crockford base 32: no I, L, O, U, so a serial read aloud or typed is hard to get wrong.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

const format = (chars: string) => chars.match(/.{4}/g)!.join('-');

/** A new serial: 80 random bits, so serials cannot be guessed from one another. */
export function newSerial(): string {
  return format(toBase32(randomBytes(10)));
}

/** A deterministic serial for seeds: an HMAC of the seed key, as unguessable as a random one to a reader. */
export function seedSerial(key: string): string {
  return format(toBase32(createHmac('sha256', 'declic47-seed-serials').update(key).digest().subarray(0, 10)));
}

/**
 * The canonical form of a serial as typed: case, spaces and dashes ignored, O read as 0 and I/L as 1
 * (Crockford); null when it cannot be a serial.
 */
export function normalizeSerial(input: string): string | null {
  const chars = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (chars.length !== 16 || [...chars].some((c) => !ALPHABET.includes(c))) return null;
  return format(chars);
}
